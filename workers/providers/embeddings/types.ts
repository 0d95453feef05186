// The embedding port. Dedup turns each post into a vector and compares it by cosine with the
// persona's earlier posts, so every adapter must return `dimensions`-long vectors, one per input,
// in input order. A blank input yields an all-zero vector (similar to nothing) and costs no
// tokens; adapters never send it upstream, because the hosted APIs reject empty strings.

export interface EmbeddingResult {
  vectors: number[][];
  /** Input tokens billed (estimated where the provider does not report it; 0 offline). */
  tokens: number;
}

export interface Embedder {
  /** Names the vector space, e.g. "offline-hash-v4", "openai:text-embedding-3-small@1536". */
  readonly id: string;
  readonly dimensions: number;
  embed(texts: string[]): Promise<EmbeddingResult>;
}

/** Document frequencies of the offline embedder's stems over a public corpus (offline-idf.ts, generated). */
export interface IdfTable {
  /** Sentences counted. */
  documents: number;
  /** Stem -> sentences containing it (stems seen once are left out). */
  df: Record<string, number>;
}
