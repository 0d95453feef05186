import { z } from "zod";
import type { AnyEntry, ValueOf } from "./define.ts";
import { REGISTRY, type SettingName } from "./registry.ts";

export type Vars = Partial<Record<string, unknown>>;
type Registry = typeof REGISTRY;

/** Each setting as parsed: undefined when unset or invalid. */
export type RawSettings = { [K in SettingName]?: Exclude<z.output<Registry[K]["schema"]>, undefined> };
/** Each setting with its registry default applied. */
export type Values = { [K in SettingName]: ValueOf<Registry[K]> };

const names = Object.keys(REGISTRY) as SettingName[];
const parsed = names.filter((name) => REGISTRY[name].kind !== "external");
const schema = z.object(Object.fromEntries(parsed.map((name) => [name, (REGISTRY[name] as AnyEntry).schema])));

/**
 * Parses every setting; each invalid one is reported and dropped (so its default applies) and
 * the rest parse again. Secrets are never echoed: their problems name the setting only.
 */
export function parseEnv(env: object): { values: RawSettings; problems: string[] } {
  const input: Record<string, unknown> = {};
  for (const key of parsed) input[key] = (env as Vars)[key];
  const problems: string[] = [];
  for (;;) {
    const result = schema.safeParse(input);
    if (result.success) return { values: result.data as RawSettings, problems };
    const bad = new Set<string>();
    for (const issue of result.error.issues) {
      const key = String(issue.path[0]);
      if (bad.has(key)) continue;
      bad.add(key);
      problems.push(issue.message);
    }
    for (const key of bad) delete input[key];
  }
}

/** The parsed values with every unset or invalid one replaced by its registry default. */
export function withDefaults(raw: RawSettings): Values {
  const out: Record<string, unknown> = {};
  for (const name of names) out[name] = raw[name] ?? REGISTRY[name].default;
  return out as Values;
}
