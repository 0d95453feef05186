/** The trend_research step's output: the trend chosen (or none), where it came from, what went wrong on the way. */
export interface TrendOutput {
  trend: { topic: string; snippet: string | null; sources: { url: string; title: string }[] } | null;
  source: string;
  warnings: string[];
}

export interface TrendQuery {
  topic: string;
  personaTopics: string[];
  /** A trend the caller already supplied (task `trend_snippet`). */
  given: string | null;
  /**
   * The persona's Threads user token, when it has a linked account: research then uses the
   * Threads keyword search instead of the configured web search. Null or absent: web search.
   */
  threadsAccessToken?: string | null;
  /** Whose token it is (Threads search answers differ per account, so its cache is per persona); also labels the search events. */
  personaId?: string;
}

/** What a researcher found, plus how (for the task's step detail; not needed by the writer). */
export interface TrendFound extends TrendOutput {
  cached: boolean;
  /** The trends it chose from, strongest first. */
  candidates: string[];
  /** The chosen trend's relevance to the task topic (0..1), null when none was chosen. */
  relevance?: number | null;
}

/** Finds what is being talked about now for a topic. Must not throw for an outage: it warns instead. */
export interface TrendResearcher {
  research(q: TrendQuery): Promise<TrendFound>;
}
