// Reply KPIs (docs/conversations.md, "Measure"): reply rate, our response time and answers per
// day in /v1/kpis, /metrics and the daily report, computed from a known inbox.
import { env } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { api } from "../support/helpers.ts";
import { seedPersona } from "../support/publishing.ts";

const MIN = 60_000;
const HOUR = 60 * MIN;

async function reply(
  id: string,
  persona: string,
  r: { at: number; status: string; category?: string; answeredAfterMin?: number },
) {
  await env.DB.prepare(
    `INSERT INTO replies (id, persona_id, kind, threads_id, text, replied_at, category, flags, status, answer_text,
       answered_at, source, created_at, updated_at)
     VALUES (?, ?, 'reply', ?, 'a reply', ?, ?, '[]', ?, ?, ?, 'webhook', ?, ?)`,
  )
    .bind(
      id,
      persona,
      `t-${id}`,
      r.at,
      r.category ?? "ok",
      r.status,
      r.answeredAfterMin === undefined ? null : `answer ${id}`,
      r.answeredAfterMin === undefined ? null : r.at + r.answeredAfterMin * MIN,
      r.at,
      r.at,
    )
    .run();
}

describe("reply KPIs", () => {
  it("reply rate, response time and answers per day, in /v1/kpis, /metrics and the daily report", async () => {
    await seedPersona("kpi-talk");
    await seedPersona("kpi-quiet");
    const now = Date.now();
    // kpi-talk: 5 received in the window, 1 flagged, 3 answered after 10, 20 and 90 minutes.
    await reply("r1", "kpi-talk", { at: now - 5 * HOUR, status: "answered", answeredAfterMin: 10 });
    await reply("r2", "kpi-talk", { at: now - 4 * HOUR, status: "answered", answeredAfterMin: 20 });
    await reply("r3", "kpi-talk", { at: now - 3 * HOUR, status: "answered", answeredAfterMin: 90 });
    await reply("r4", "kpi-talk", { at: now - 2 * HOUR, status: "drafted" });
    await reply("r5", "kpi-talk", { at: now - HOUR, status: "flagged", category: "injection" });
    // Outside the 7-day window: counts nowhere.
    await reply("r6", "kpi-talk", { at: now - 9 * 86_400_000, status: "answered", answeredAfterMin: 5 });
    await reply("q1", "kpi-quiet", { at: now - HOUR, status: "new" });

    const res = await api("/v1/kpis?persona_id=kpi-talk&window=7d");
    expect(res.status).toBe(200);
    const k = (await res.json()) as { replies: Record<string, number | null> };
    expect(k.replies).toEqual({
      received: 5,
      flagged: 1,
      answered: 3,
      reply_rate: 3 / 4,
      response_time_median_seconds: 20 * 60,
      response_time_p90_seconds: 90 * 60,
      answers_sent: 3,
      answers_per_day: 3 / 7,
    });
    const all = (await (await api("/v1/kpis?window=7d")).json()) as { replies: Record<string, number | null> };
    expect(all.replies).toMatchObject({ received: 6, flagged: 1, answered: 3, reply_rate: 3 / 5 });

    const metrics = await (await api("/metrics")).text();
    expect(metrics).toMatch(/^replies_reply_rate\{persona_id="kpi-talk"\} 0\.75$/m);
    expect(metrics).toMatch(/^replies_response_time_median_seconds\{persona_id="kpi-talk"\} 1200$/m);
    expect(metrics).toMatch(/^replies_reply_rate\{persona_id="kpi-quiet"\} 0$/m);
    // No answers from kpi-quiet: its response time is absent, not 0.
    expect(metrics).not.toMatch(/replies_response_time_median_seconds\{persona_id="kpi-quiet"\}/);

    const today = new Date(now).toISOString().slice(0, 10);
    const report = (await (await api(`/v1/reports/daily?date=${today}&persona_id=kpi-talk`)).json()) as {
      replies: Record<string, number | null>;
    };
    // Only the replies received today (UTC) count; the test may run just after midnight.
    const todays = [5, 4, 3, 2, 1].filter((h) => new Date(now - h * HOUR).toISOString().slice(0, 10) === today);
    expect(report.replies.received).toBe(todays.length);
    expect(report.replies.answers_per_day).toBe(report.replies.answers_sent);
  });
});
