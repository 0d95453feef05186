// The persona's own record of what it published, in its Durable Object's SQLite: the 250
// posts / rolling 24 h limit is checked here before Threads is asked, and the media ids
// already claimed by a post keep recovery (listPosts by text) from claiming another's post.
// Also counts publish attempts per post, for diagnostics and the fault-injection figures.
// Tables: durable-objects/storage-schema.ts (the DO's migrations).

export const QUOTA_WINDOW_MS = 86_400_000;
export const QUOTA_POSTS = 250;

export class QuotaLedger {
  constructor(private readonly sql: SqlStorage) {}

  /** Idempotent: recording the same media twice (a recovered publish) counts it once. */
  record(mediaId: string, postId: string, publishedAt: number): void {
    this.sql.exec("INSERT OR IGNORE INTO publish_ledger (media_id, post_id, published_at) VALUES (?, ?, ?)", mediaId, postId, publishedAt);
  }

  countSince(since: number): number {
    return this.sql.exec<{ n: number }>("SELECT count(*) AS n FROM publish_ledger WHERE published_at > ?", since).one().n;
  }

  /** When the window next frees a place: the oldest post in it leaves the window. */
  nextFreeAt(now: number, limit: number): number | null {
    const since = now - QUOTA_WINDOW_MS;
    if (this.countSince(since) < limit) return null;
    const rows = [...this.sql.exec<{ t: number }>(
      "SELECT published_at AS t FROM publish_ledger WHERE published_at > ? ORDER BY published_at ASC LIMIT 1 OFFSET ?",
      since,
      Math.max(0, this.countSince(since) - limit),
    )];
    return (rows[0]?.t ?? now) + QUOTA_WINDOW_MS + 1;
  }

  mediaIdsOfOtherPosts(postId: string): Set<string> {
    const rows = this.sql.exec<{ media_id: string }>("SELECT media_id FROM publish_ledger WHERE post_id != ?", postId);
    return new Set([...rows].map((r) => r.media_id));
  }

  countAttempt(postId: string, outcome: string, now: number): number {
    this.sql.exec(
      `INSERT INTO publish_attempts (post_id, attempts, last_outcome, updated_at) VALUES (?, 1, ?, ?)
       ON CONFLICT (post_id) DO UPDATE SET attempts = attempts + 1, last_outcome = excluded.last_outcome, updated_at = excluded.updated_at`,
      postId,
      outcome,
      now,
    );
    return this.attempts(postId);
  }

  attempts(postId: string): number {
    const rows = [...this.sql.exec<{ attempts: number }>("SELECT attempts FROM publish_attempts WHERE post_id = ?", postId)];
    return rows[0]?.attempts ?? 0;
  }
}
