import { AppError } from "../errors.ts";

// Which embedder made a persona's stored vectors. Two embedders can share a vector size (a
// 512-d OpenAI model and the offline one) and then the dimension checks pass while every score
// is meaningless; the stamp turns that into a clear error that says to re-index.
// Kept in the PersonaAgent's SQLite next to the local index (also used with Vectorize); the table
// comes from the DO's migrations (durable-objects/storage-schema.ts).

export class EmbedderStamp {
  constructor(private readonly sql: SqlStorage) {}

  get(namespace: string): string | null {
    const rows = this.sql
      .exec<{ embedder_id: string }>(`SELECT embedder_id FROM dedup_embedder WHERE namespace = ?`, namespace)
      .toArray();
    return rows[0]?.embedder_id ?? null;
  }

  set(namespace: string, embedderId: string): void {
    this.sql.exec(
      `INSERT INTO dedup_embedder (namespace, embedder_id, stamped_at) VALUES (?, ?, ?)
       ON CONFLICT (namespace) DO UPDATE SET embedder_id = excluded.embedder_id, stamped_at = excluded.stamped_at`,
      namespace,
      embedderId,
      Date.now(),
    );
  }

  /** Throws when the namespace's vectors came from another embedder than `embedderId`. */
  assert(namespace: string, embedderId: string): void {
    const stamped = this.get(namespace);
    if (stamped !== null && stamped !== embedderId) {
      throw new AppError(
        "conflict",
        `embedder changed: persona '${namespace}' has vectors from '${stamped}' but the configured embedder is '${embedderId}'; ` +
          `re-index it (POST /v1/personas/${namespace}/dedup/reindex or npm run dedup:reindex)`,
        { indexed_with: stamped, configured: embedderId },
      );
    }
  }
}
