// The vector index port. Dedup only needs "nearest earlier posts of this persona", so the
// contract is deliberately tiny: one namespace per persona, cosine scores, a time window.
// Adapters: local-sqlite.ts (exact search in the PersonaAgent's SQLite, used offline and in
// tests) and vectorize.ts (Cloudflare Vectorize in production).

export interface VectorMetadata {
  post_id: string;
  /** Epoch milliseconds; `createdAfter` compares against it. */
  created_at: number;
}

export interface VectorItem {
  /** Unique within a namespace; upserting an existing id replaces it. */
  id: string;
  values: number[];
  metadata: VectorMetadata;
}

export interface VectorMatch {
  id: string;
  /** Cosine similarity in [-1, 1]; matches come highest first. */
  score: number;
  metadata: VectorMetadata;
}

export interface VectorQueryOptions {
  topK: number;
  /** Only vectors with created_at >= createdAfter (inclusive, epoch ms). */
  createdAfter?: number;
}

/** An asynchronous write's id (Vectorize V2 answers mutations with {mutationId}). */
export interface WriteReceipt {
  mutationIds: string[];
}

/** How far an asynchronous index has applied writes (Vectorize describe()). */
export interface IndexProgress {
  processedUpToMutation?: string;
  /** Epoch ms of the last applied mutation. */
  processedUpToDatetime?: number;
}

export interface VectorIndex {
  readonly dimensions: number;
  /** Synchronous adapters answer nothing; asynchronous ones the ids of the mutations sent. */
  upsert(namespace: string, items: VectorItem[]): Promise<WriteReceipt | void>;
  query(namespace: string, vector: number[], opts: VectorQueryOptions): Promise<VectorMatch[]>;
  delete(namespace: string, ids: string[]): Promise<WriteReceipt | void>;
  /** Asynchronous adapters: which writes are applied (so a decorator can stop patching them in). */
  progress?(): Promise<IndexProgress>;
  /** Exact count where the backend can give one cheaply (Vectorize cannot per namespace). */
  count?(namespace: string): Promise<number>;
}
