// The persona's own record of what it published, in its Durable Object's SQLite: the 250
// posts / rolling 24 h limit is checked here before Threads is asked, and the media ids
// already claimed by a post keep recovery (listPosts by text) from claiming another's post.
// Also counts publish attempts per post, for diagnostics and the fault-injection figures, and
// remembers when each post's container was created and how often it was checked, for the
// container timing (container-timing.ts). Tables: durable-objects/storage-schema.ts (the DO's migrations).

export const QUOTA_WINDOW_MS = 86_400_000;
export const QUOTA_POSTS = 250;

export class QuotaLedger {
  constructor(private readonly sql: SqlStorage) {}

  /**
   * The post's container as this ledger knows it. A container not seen before (created by an
   * older version, or the ledger was reset) counts from now, so its wait starts over rather
   * than being judged timed out.
   */
  container(postId: string, containerId: string, now: number): { createdAt: number; checks: number } {
    this.sql.exec(
      `INSERT INTO publish_containers (post_id, container_id, created_at, checks) VALUES (?, ?, ?, 0)
       ON CONFLICT (post_id) DO UPDATE SET container_id = excluded.container_id, created_at = excluded.created_at, checks = 0
       WHERE publish_containers.container_id != excluded.container_id`,
      postId,
      containerId,
      now,
    );
    return (
      this.sql
        .exec<{ created_at: number; checks: number }>(
          "SELECT created_at, checks FROM publish_containers WHERE post_id = ?",
          postId,
        )
        .toArray()
        .map((r) => ({ createdAt: r.created_at, checks: r.checks }))[0] ?? { createdAt: now, checks: 0 }
    );
  }

  containerChecked(postId: string, containerId: string, now: number): void {
    this.container(postId, containerId, now);
    this.sql.exec("UPDATE publish_containers SET checks = checks + 1 WHERE post_id = ?", postId);
  }

  /** Idempotent: recording the same media twice (a recovered publish) counts it once. */
  record(mediaId: string, postId: string, publishedAt: number): void {
    this.sql.exec(
      "INSERT OR IGNORE INTO publish_ledger (media_id, post_id, published_at) VALUES (?, ?, ?)",
      mediaId,
      postId,
      publishedAt,
    );
  }

  countSince(since: number): number {
    return this.sql.exec<{ n: number }>("SELECT count(*) AS n FROM publish_ledger WHERE published_at > ?", since).one()
      .n;
  }

  /** When the window next frees a place: the oldest post in it leaves the window. */
  nextFreeAt(now: number, limit: number): number | null {
    const since = now - QUOTA_WINDOW_MS;
    if (this.countSince(since) < limit) return null;
    const rows = [
      ...this.sql.exec<{ t: number }>(
        "SELECT published_at AS t FROM publish_ledger WHERE published_at > ? ORDER BY published_at ASC LIMIT 1 OFFSET ?",
        since,
        Math.max(0, this.countSince(since) - limit),
      ),
    ];
    return (rows[0]?.t ?? now) + QUOTA_WINDOW_MS + 1;
  }

  /** Remembers a throttle (the later of an existing pause and `until` wins). */
  pauseUntil(until: number): void {
    this.sql.exec(
      "INSERT INTO publish_pause (id, until) VALUES (1, ?) ON CONFLICT (id) DO UPDATE SET until = max(until, excluded.until)",
      until,
    );
  }

  /** The end of a throttle still in force at `now`, or null. */
  pausedUntil(now: number): number | null {
    const rows = [...this.sql.exec<{ until: number }>("SELECT until FROM publish_pause WHERE id = 1")];
    const until = rows[0]?.until;
    return until !== undefined && until > now ? until : null;
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
    const rows = [
      ...this.sql.exec<{ attempts: number }>("SELECT attempts FROM publish_attempts WHERE post_id = ?", postId),
    ];
    return rows[0]?.attempts ?? 0;
  }
}
