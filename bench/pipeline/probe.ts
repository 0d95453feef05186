// Evidence for where the hot path waits: while the pipeline runs, time a request that does no
// D1 work (GET /health) and one that does a single one-row D1 read (GET /v1/personas/:id),
// one after the other, against the same server. If the isolate's CPU were the bottleneck both
// would slow down alike; if D1 is, only the second one does.
import type { ApiClient } from "../lib/api.ts";
import { sleep } from "../lib/api.ts";
import { percentile } from "../lib/stats.ts";

export interface ProbeResult {
  samples: number;
  noD1P50Ms: number;
  oneD1ReadP50Ms: number;
}

async function sample(api: ApiClient, personaId: string): Promise<[number, number]> {
  let t = performance.now();
  await (await api.request("GET", "/health")).text();
  const noD1 = performance.now() - t;
  t = performance.now();
  await (await api.request("GET", `/v1/personas/${personaId}`)).text();
  return [noD1, performance.now() - t];
}

function summarize(rows: [number, number][]): ProbeResult {
  return {
    samples: rows.length,
    noD1P50Ms: Math.round(
      percentile(
        rows.map((r) => r[0]),
        0.5,
      ),
    ),
    oneD1ReadP50Ms: Math.round(
      percentile(
        rows.map((r) => r[1]),
        0.5,
      ),
    ),
  };
}

export async function idleProbe(api: ApiClient, personaId: string, n = 15): Promise<ProbeResult> {
  const rows: [number, number][] = [];
  for (let i = 0; i < n; i++) rows.push(await sample(api, personaId));
  return summarize(rows.slice(3)); // the first requests compile routes
}

/** Samples until stopped; bounded by `maxSamples` so it always ends. */
export function loadProbe(api: ApiClient, personaId: string, maxSamples = 2000): { stop: () => Promise<ProbeResult> } {
  const rows: [number, number][] = [];
  let running = true;
  const loop = (async () => {
    while (running && rows.length < maxSamples) {
      // A failed sample is skipped: the probe must never take the benchmark down.
      const row = await sample(api, personaId).catch(() => null);
      if (row) rows.push(row);
      await sleep(200);
    }
  })();
  return {
    stop: async () => {
      running = false;
      await loop;
      return summarize(rows);
    },
  };
}
