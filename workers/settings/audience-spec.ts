// The grammar of FAKE_THREADS_AUDIENCE (docs/fake-threads.md), here so the settings registry can
// check a value without importing the fake: `<audience>` for every account, optionally followed by
// `,<threads user id>=<audience>` for accounts with their own, e.g. "contrarian" or
// "default,17841400000000001=random:7". workers/fake-threads/audience.ts turns the names into tastes.

/** The presets' names; the fake's PRESETS table is keyed by exactly these. */
export const AUDIENCE_PRESETS = ["contrarian", "plain", "visual"] as const;
export type AudiencePreset = (typeof AUDIENCE_PRESETS)[number];

/** One audience as named: the default model, a preset, or a taste drawn from a seed. */
export type AudienceName =
  | { kind: "default" }
  | { kind: "preset"; preset: AudiencePreset }
  | { kind: "random"; seed: string };

export interface AudienceSpec {
  /** As written, for each name: default, contrarian, plain, visual, random:<seed>. */
  all: { written: string; name: AudienceName };
  byUser: Record<string, { written: string; name: AudienceName }>;
}

/** One audience name; throws with a message naming the setting and the bad part. */
export function parseAudienceName(written: string): AudienceName {
  const n = written.trim();
  if (n === "default") return { kind: "default" };
  const preset = AUDIENCE_PRESETS.find((p) => p === n);
  if (preset) return { kind: "preset", preset };
  const random = /^random:([A-Za-z0-9_.-]+)$/.exec(n);
  if (random) return { kind: "random", seed: random[1] as string };
  throw new Error(
    `FAKE_THREADS_AUDIENCE: unknown audience '${n}' (expected default, ${AUDIENCE_PRESETS.join(", ")} or random:<seed>)`,
  );
}

/** The whole value; throws on a bad one. */
export function parseAudienceSpec(spec: string): AudienceSpec {
  const named = (w: string) => ({ written: w.trim(), name: parseAudienceName(w) });
  const table: AudienceSpec = { all: named("default"), byUser: {} };
  let sawAll = false;
  for (const part of spec.split(",").map((p) => p.trim())) {
    if (part === "") continue;
    const eq = part.indexOf("=");
    if (eq < 0) {
      if (sawAll) throw new Error(`FAKE_THREADS_AUDIENCE: two audiences for every account ('${part}')`);
      sawAll = true;
      table.all = named(part);
      continue;
    }
    const user = part.slice(0, eq).trim();
    if (!/^\d+$/.test(user))
      throw new Error(`FAKE_THREADS_AUDIENCE: '${user}' is not a Threads user id (digits) in '${part}'`);
    table.byUser[user] = named(part.slice(eq + 1));
  }
  return table;
}

/** The problem with a FAKE_THREADS_AUDIENCE value, or null when it parses (the settings registry). */
export function audienceProblem(spec: string): string | null {
  try {
    parseAudienceSpec(spec);
    return null;
  } catch (e) {
    return (e as Error).message;
  }
}
