// A CPU profile of the Worker's isolate in `wrangler dev`, taken through wrangler's inspector
// proxy with the DevTools protocol (what Chrome DevTools does by hand). Reduced to self time
// per function, so the largest cost of the hot path has a measurement behind it.
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}

interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

export interface ProfileEntry {
  fn: string;
  selfMs: number;
  share: number;
}

export interface ProfileSummary {
  totalMs: number;
  top: ProfileEntry[];
  /** Time with the function anywhere on the stack: what a call costs with everything it calls. */
  inclusive: ProfileEntry[];
}

export async function startProfile(
  inspectorPort: number,
): Promise<{ stop: (saveTo?: string) => Promise<ProfileSummary> }> {
  // wrangler's inspector proxy wants a local Origin (undici sends none; its init accepts headers).
  const ws = new WebSocket(`ws://127.0.0.1:${inspectorPort}/ws`, {
    headers: { origin: "http://localhost" },
  } as unknown as string[]);
  await new Promise<void>((ok, fail) => {
    ws.addEventListener("open", () => ok(), { once: true });
    ws.addEventListener("error", () => fail(new Error(`inspector on port ${inspectorPort} refused the connection`)), {
      once: true,
    });
  });
  let nextId = 1;
  const pending = new Map<number, (result: unknown) => void>();
  ws.addEventListener("message", (ev) => {
    const msg = JSON.parse(String(ev.data)) as { id?: number; result?: unknown };
    if (msg.id !== undefined) pending.get(msg.id)?.(msg.result);
  });
  const send = (method: string, params: Record<string, unknown> = {}) =>
    new Promise<unknown>((ok) => {
      const id = nextId++;
      pending.set(id, ok);
      ws.send(JSON.stringify({ id, method, params }));
    });
  await send("Profiler.enable");
  await send("Profiler.setSamplingInterval", { interval: 500 });
  await send("Profiler.start");
  return {
    async stop(saveTo) {
      const { profile } = (await send("Profiler.stop")) as { profile: Profile };
      ws.close();
      if (saveTo) {
        mkdirSync(dirname(saveTo), { recursive: true });
        writeFileSync(saveTo, JSON.stringify(profile)); // opens in Chrome DevTools
      }
      return summarize(profile);
    },
  };
}

const label = (n: ProfileNode | undefined) => {
  const f = n?.callFrame;
  return f
    ? `${f.functionName || "(anonymous)"}${f.url ? ` ${f.url.split("/").slice(-1)[0]}:${f.lineNumber + 1}` : ""}`
    : "?";
};

export function summarize(p: Profile): ProfileSummary {
  const byNode = new Map(p.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of p.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const self = new Map<string, number>();
  const incl = new Map<string, number>();
  let totalUs = 0;
  p.samples.forEach((id, i) => {
    const us = p.timeDeltas[i] ?? 0;
    const name = label(byNode.get(id));
    self.set(name, (self.get(name) ?? 0) + us);
    const onStack = new Set<string>();
    for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) onStack.add(label(byNode.get(at)));
    for (const fn of onStack) incl.set(fn, (incl.get(fn) ?? 0) + us);
    totalUs += us;
  });
  const entries = (m: Map<string, number>, skip: RegExp) =>
    [...m]
      .filter(([fn]) => !skip.test(fn))
      .sort((a, b) => b[1] - a[1])
      .slice(0, 12)
      .map(([fn, us]) => ({
        fn,
        selfMs: Math.round(us / 1000),
        share: Math.round((us / Math.max(1, totalUs)) * 1000) / 1000,
      }));
  // Inclusive: leave out the root and the anonymous framework glue every request passes through.
  return {
    totalMs: Math.round(totalUs / 1000),
    top: entries(self, /^$/),
    inclusive: entries(incl, /^\(root\)|^\(anonymous\)|^\(program\)|^\(idle\)/),
  };
}
