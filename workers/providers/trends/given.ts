import type { TrendResearcher } from "./types.ts";

/** Uses the trend the task supplied, if any. Real research (search + extraction) plugs in beside it. */
export const givenTrendOnly: TrendResearcher = {
  async research({ given }) {
    if (!given) return { trend: null, source: "none", warnings: [] };
    const topic = given.split(/[.!?\n]/)[0]?.trim().slice(0, 120) || given.slice(0, 120);
    return { trend: { topic, snippet: given, sources: [] }, source: "task", warnings: [] };
  },
};
