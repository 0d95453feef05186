import { sql } from "drizzle-orm";
import type { ObsDb } from "../db/observability-db.ts";
import type { WindowBounds } from "./sources.ts";
import { median, percentile, ratio } from "./stats.ts";

// Conversation KPIs (docs/conversations.md, "Measure"), per persona, for one window:
// - received: replies and mentions that arrived (replied_at) in the window; flagged: of those,
//   the ones the guardrail flagged (never answered, so not counted against the reply rate).
// - reply_rate: answered / (received − flagged), over the replies received in the window.
// - response time: answered_at − replied_at of the answers sent in the window (median, p90).
// - answers_per_day: answers sent in the window / its days.
// Our own answers are never stored as replies, so nothing here counts them as received.

export type ReplyStats = {
  persona_id: string;
  received: number;
  flagged: number;
  answered: number;
  sent: number;
  response_ms: number[];
};

export type ReplyKpis = {
  received: number;
  flagged: number;
  answered: number;
  reply_rate: number | null;
  response_time_median_seconds: number | null;
  response_time_p90_seconds: number | null;
  answers_sent: number;
  answers_per_day: number;
};

const personaFilter = (personaId: string | undefined) =>
  personaId === undefined ? sql`` : sql` AND persona_id = ${personaId}`;

/** Two statements whatever the inbox size: counts per persona, and the response times. */
export async function replyStats(db: ObsDb, w: WindowBounds): Promise<ReplyStats[]> {
  const [counts, answers] = await Promise.all([
    db.all<{ persona_id: string; received: number; flagged: number; answered: number }>(sql`
      SELECT persona_id, count(*) AS received, coalesce(sum(category <> 'ok'), 0) AS flagged,
             coalesce(sum(status = 'answered'), 0) AS answered
      FROM replies WHERE replied_at >= ${w.start} AND replied_at <= ${w.end} ${personaFilter(w.personaId)}
      GROUP BY persona_id`),
    db.all<{ persona_id: string; ms: number }>(sql`
      SELECT persona_id, answered_at - replied_at AS ms
      FROM replies WHERE status = 'answered' AND answered_at >= ${w.start} AND answered_at <= ${w.end}
        ${personaFilter(w.personaId)}
      LIMIT 20000`),
  ]);
  const byPersona = new Map<string, ReplyStats>();
  const row = (id: string) => {
    let r = byPersona.get(id);
    if (!r) {
      r = { persona_id: id, received: 0, flagged: 0, answered: 0, sent: 0, response_ms: [] };
      byPersona.set(id, r);
    }
    return r;
  };
  for (const c of counts)
    Object.assign(row(c.persona_id), { received: c.received, flagged: c.flagged, answered: c.answered });
  for (const a of answers) {
    const r = row(a.persona_id);
    r.sent++;
    r.response_ms.push(Math.max(0, a.ms));
  }
  return [...byPersona.values()];
}

export function replyKpis(rows: readonly ReplyStats[], days: number): ReplyKpis {
  const sum = (k: "received" | "flagged" | "answered" | "sent") => rows.reduce((s, r) => s + r[k], 0);
  const times = rows.flatMap((r) => r.response_ms);
  const med = median(times);
  const p90 = percentile(times, 0.9);
  const sent = sum("sent");
  return {
    received: sum("received"),
    flagged: sum("flagged"),
    answered: sum("answered"),
    reply_rate: ratio(sum("answered"), sum("received") - sum("flagged")),
    response_time_median_seconds: med === null ? null : med / 1000,
    response_time_p90_seconds: p90 === null ? null : p90 / 1000,
    answers_sent: sent,
    answers_per_day: sent / Math.max(1, days),
  };
}
