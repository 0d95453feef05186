// The persona's own best-performing posts by measured engagement (interactions per view at the
// latest insights snapshot), as voice examples for a chat model. One indexed query.
export const VOICE_EXAMPLES = 3;
/** Fewer views than this and an engagement rate says more about chance than about the post. */
export const VOICE_MIN_VIEWS = 20;

export async function bestPostsForVoice(d1: D1Database, personaId: string, limit = VOICE_EXAMPLES): Promise<string[]> {
  const rows = await d1
    .prepare(
      `SELECT p.text AS text, CAST(m.likes + m.replies + m.reposts + m.quotes + m.shares AS REAL) / m.views AS er
         FROM posts p JOIN post_metrics m ON m.post_id = p.id
        WHERE p.persona_id = ?1 AND m.views >= ?2
          AND m.captured_at = (SELECT MAX(captured_at) FROM post_metrics WHERE post_id = p.id)
        ORDER BY er DESC, m.views DESC LIMIT ?3`,
    )
    .bind(personaId, VOICE_MIN_VIEWS, limit)
    .all<{ text: string; er: number }>();
  return rows.results.map((r) => r.text);
}
