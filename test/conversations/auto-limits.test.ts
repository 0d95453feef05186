// Auto mode's limits (docs/conversations.md, "Answers"): Meta's reply quota, answers per
// conversation and per hour, the quiet window in the persona's time zone, never a flagged or
// hidden reply. Each limit is driven to its edge: just under it sends, at it holds.
import { env } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { db, seedPersona } from "../support/publishing.ts";
import { autoModeBlock, rulesOf } from "../../workers/conversations/rules.ts";
import { getPersona, updatePersona } from "../../workers/db/personas.ts";
import type { ReplyRow } from "../../workers/db/schema/index.ts";

const NOW = Date.UTC(2026, 11, 8, 12, 0, 0); // 13:00 in Europe/Berlin
const reply = (over: Partial<ReplyRow> = {}): ReplyRow => ({
  id: "rpl_x",
  personaId: "auto-limits",
  postId: null,
  kind: "reply",
  threadsId: "t-new",
  rootThreadsId: "root-1",
  parentThreadsId: "root-1",
  authorUsername: "reader",
  text: "How?",
  repliedAt: NOW,
  hideStatus: "NOT_HUSHED",
  category: "ok",
  flags: [],
  status: "drafted",
  answerText: "An answer.",
  answerSource: "writer",
  answerContainerId: null,
  answerThreadsId: null,
  answeredAt: null,
  error: null,
  source: "webhook",
  createdAt: NOW,
  updatedAt: NOW,
  ...over,
});

async function answered(n: number, root: string, at: number) {
  for (let i = 0; i < n; i++) {
    await env.DB.prepare(
      `INSERT INTO replies (id, persona_id, kind, threads_id, root_threads_id, parent_threads_id, text, replied_at, category,
         flags, status, answer_text, answered_at, source, created_at, updated_at)
       VALUES (?, 'auto-limits', 'reply', ?, ?, ?, 'q', ?, 'ok', '[]', 'answered', ?, ?, 'webhook', ?, ?)`,
    )
      .bind(`a-${root}-${i}-${at}`, `t-${root}-${i}-${at}`, root, root, at, `answer ${i}`, at, at, at)
      .run();
  }
}

describe("auto-mode limits", () => {
  it("holds at each limit and lets the answer through below it", async () => {
    await seedPersona("auto-limits", { timezone: "Europe/Berlin" });
    const persona = async () => {
      const p = await getPersona(db(), "auto-limits");
      if (!p) throw new Error("no persona");
      return p;
    };
    expect(rulesOf(await persona())).toEqual({
      auto_hide: false,
      max_per_conversation: 2,
      max_per_hour: 10,
      quiet_hours: null,
    });
    expect(await autoModeBlock(db(), await persona(), reply(), NOW, { usage: 999, total: 1000 })).toBeNull();
    // Meta's 1,000 replies per 24 h (reply_quota_usage).
    expect(await autoModeBlock(db(), await persona(), reply(), NOW, { usage: 1000, total: 1000 })).toMatch(
      /reply quota used up \(1000\/1000 in 24 h\)/,
    );
    // Never a flagged or hidden reply.
    expect(await autoModeBlock(db(), await persona(), reply({ category: "spam" }), NOW, null)).toMatch(/flagged/);
    expect(await autoModeBlock(db(), await persona(), reply({ hideStatus: "HIDDEN" }), NOW, null)).toMatch(/hidden/);

    // max_per_conversation: one answer under root-1 passes, two hold.
    await answered(1, "root-1", NOW - 2 * 3_600_000);
    expect(await autoModeBlock(db(), await persona(), reply(), NOW, null)).toBeNull();
    await answered(1, "root-1b", NOW - 2 * 3_600_000);
    await answered(1, "root-1", NOW - 3 * 3_600_000);
    expect(await autoModeBlock(db(), await persona(), reply(), NOW, null)).toMatch(/max_per_conversation 2/);

    // max_per_hour: answers in other conversations within the last hour.
    await updatePersona(db(), "auto-limits", { replyRules: { max_per_hour: 3, max_per_conversation: 50 } }, NOW);
    await answered(2, "root-2", NOW - 10 * 60_000);
    expect(await autoModeBlock(db(), await persona(), reply(), NOW, null)).toBeNull();
    await answered(1, "root-3", NOW - 5 * 60_000);
    expect(await autoModeBlock(db(), await persona(), reply(), NOW, null)).toMatch(/max_per_hour 3/);

    // Quiet hours in the persona's zone: 13:00 Berlin is inside 12:30–14:00, outside 14:00–08:00.
    await updatePersona(
      db(),
      "auto-limits",
      { replyRules: { max_per_hour: 100, quiet_hours: { start: "12:30", end: "14:00" } } },
      NOW,
    );
    expect(await autoModeBlock(db(), await persona(), reply({ rootThreadsId: "root-9" }), NOW, null)).toMatch(
      /quiet hours 12:30–14:00 \(Europe\/Berlin\)/,
    );
    await updatePersona(
      db(),
      "auto-limits",
      { replyRules: { max_per_hour: 100, quiet_hours: { start: "14:00", end: "08:00" } } },
      NOW,
    );
    expect(await autoModeBlock(db(), await persona(), reply({ rootThreadsId: "root-9" }), NOW, null)).toBeNull();
  });
});
