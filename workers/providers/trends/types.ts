import type { TrendOutput } from "../../pipeline/types.ts";

export interface TrendQuery {
  topic: string;
  personaTopics: string[];
  /** A trend the caller already supplied (task `trend_snippet`). */
  given: string | null;
}

/** Finds what is being talked about now for a topic. Must not throw for an outage: it warns instead. */
export interface TrendResearcher {
  research(q: TrendQuery): Promise<TrendOutput>;
}
