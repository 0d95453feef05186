import type { TrendOutput } from "../../pipeline/types.ts";

export interface TrendQuery {
  topic: string;
  personaTopics: string[];
  /** Labels the search events (Analytics Engine index) with the persona they were for. */
  personaId?: string;
  /** A trend the caller already supplied (task `trend_snippet`). */
  given: string | null;
  /**
   * The persona's Threads user token, when it has a linked account: research then uses the
   * Threads keyword search instead of the configured web search. Null or absent: web search.
   */
  threadsAccessToken?: string | null;
}

/** What a researcher found, plus how (for the task's step detail; not needed by the writer). */
export interface TrendFound extends TrendOutput {
  cached: boolean;
  /** The trends it chose from, strongest first. */
  candidates: string[];
}

/** Finds what is being talked about now for a topic. Must not throw for an outage: it warns instead. */
export interface TrendResearcher {
  research(q: TrendQuery): Promise<TrendFound>;
}
