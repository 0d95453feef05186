// Issue 21's definition of done, end to end through the real Worker: a persona in suggest mode
// publishes on the fake Threads, whose simulated audience replies and sends signed webhooks; the
// inbox shows the replies (hostile ones flagged, never drafted); an approved answer appears
// exactly once under the right reply on the fake, also when the send is redelivered.
import { env } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { api, count, waitUntil } from "../support/helpers.ts";
import { agent, publishUntilSettled, seedAccount, seedPost, useFake } from "../support/publishing.ts";
import { updatePersona } from "../../workers/db/personas.ts";
import { openDb } from "../../workers/db/client.ts";
import { stableUserId } from "../../workers/fake-threads/index.ts";

interface ReplyView {
  id: string;
  threads_id: string;
  text: string;
  status: string;
  category: string;
  kind: string;
  post_id: string | null;
  answer: { text: string | null; threads_id: string | null };
  error: string | null;
}

async function inbox(persona: string, query = ""): Promise<ReplyView[]> {
  const res = await api(`/v1/replies?persona_id=${persona}&limit=100${query}`);
  expect(res.status).toBe(200);
  return ((await res.json()) as { data: ReplyView[] }).data;
}

async function publishWithAudience(persona: string, text: string, replies = 8) {
  await api("/v1/personas", {
    method: "POST",
    json: { id: persona, name: persona, topics: ["pricing"], tone: "warm" },
  });
  await seedAccount(persona);
  await useFake(persona, { replies, seed: `audience-${persona}` });
  const post = await seedPost(persona, { text });
  const outcomes = await publishUntilSettled(persona, post.id, { pauseMs: 300 });
  expect(outcomes.at(-1)?.kind).toBe("published");
  return post;
}

const ownRepliesUnder = (persona: string, threadsId: string) =>
  count(
    "SELECT count(*) AS n FROM fake_threads_replies WHERE author_id = ? AND replied_to_id = ?",
    stableUserId(`fake-${persona}`),
    threadsId,
  );

describe("conversations: suggest mode end to end", () => {
  it("shows the audience's replies, flags the hostile ones and sends an approved answer exactly once", async () => {
    const persona = "conv-suggest";
    const post = await publishWithAudience(
      persona,
      "How do you price your first SaaS? Most founders charge too little.",
    );
    const simulated = await count(
      "SELECT count(*) AS n FROM fake_threads_replies WHERE owner_id = ?",
      stableUserId(`fake-${persona}`),
    );
    expect(simulated).toBeGreaterThanOrEqual(8);

    // Every reply and mention arrived by webhook; the drafting ran from the queue.
    await waitUntil("drafts for every harmless reply", async () => {
      const rows = await inbox(persona);
      return rows.length === simulated && rows.every((r) => r.status !== "new");
    });
    const rows = await inbox(persona);
    expect(rows.filter((r) => r.kind === "reply").every((r) => r.post_id === post.id)).toBe(true);
    const flagged = rows.filter((r) => r.category !== "ok");
    expect(flagged.length).toBeGreaterThan(0);
    for (const r of flagged) {
      expect(r.status).toBe("flagged");
      expect(r.answer.text).toBeNull();
    }
    const drafted = rows.filter((r) => r.status === "drafted");
    expect(drafted.length).toBe(rows.length - flagged.length);
    // Nothing was sent in suggest mode.
    expect(
      await count(
        "SELECT count(*) AS n FROM fake_threads_replies WHERE author_id = ?",
        stableUserId(`fake-${persona}`),
      ),
    ).toBe(0);

    const target = drafted.find((r) => r.kind === "reply");
    if (!target) throw new Error("no drafted reply");
    const approved = await api(`/v1/replies/${target.id}/approve`, { method: "POST" });
    expect(approved.status).toBe(202);
    await waitUntil("the answer to be published", async () => (await inbox(persona, "&status=answered")).length === 1);
    expect((await api(`/v1/replies/${target.id}/approve`, { method: "POST" })).status).toBe(409);

    // A redelivered send (a lost ack) finds the reply answered and sends nothing.
    await agent(persona).replyAction(target.id, "send");
    expect(await ownRepliesUnder(persona, target.threads_id)).toBe(1);
    const answered = (await inbox(persona, "&status=answered"))[0];
    const under = await env.DB.prepare(
      "SELECT id, text FROM fake_threads_replies WHERE replied_to_id = ? AND author_id = ?",
    )
      .bind(target.threads_id, stableUserId(`fake-${persona}`))
      .first<{ id: string; text: string }>();
    expect(under?.text).toBe(answered?.answer.text);
    expect(answered?.answer.threads_id).toBe(under?.id);

    // Our own answer comes back in the conversation (polling): it is not a new inbox entry.
    const before = (await inbox(persona)).length;
    const { pollReplies } = await import("../../workers/conversations/poll.ts");
    await pollReplies(env, Date.now());
    expect((await inbox(persona)).length).toBe(before);
  });

  it("retries a send whose container was published but whose answer was lost, without a second reply", async () => {
    const persona = "conv-recover";
    await publishWithAudience(persona, "Why do founders fear raising prices? Tell me your story.", 3);
    await waitUntil("a draft", async () => (await inbox(persona, "&status=drafted")).length > 0);
    const target = (await inbox(persona, "&status=drafted")).find((r) => r.kind === "reply");
    if (!target) throw new Error("no drafted reply");
    // The publish answers 500 after it went out (the fake's publish:after fault), once.
    await useFake(persona, { fail: "publish:after#1", seed: `audience-${persona}` });
    const res = await api(`/v1/replies/${target.id}/respond`, {
      method: "POST",
      json: { text: "Thanks! Raise prices for new customers first." },
    });
    expect(res.status).toBe(202);
    await waitUntil(
      "the answer to be recorded",
      async () => (await inbox(persona, "&status=answered")).length === 1,
      30_000,
    );
    expect(await ownRepliesUnder(persona, target.threads_id)).toBe(1);
  });

  it("auto mode answers a harmless reply once, never a hostile one, and nothing after the persona is deleted", async () => {
    const persona = "conv-auto";
    await api("/v1/personas", {
      method: "POST",
      json: { id: persona, name: persona, topics: ["pricing"], replies: "auto" },
    });
    await seedAccount(persona);
    await useFake(persona, { replies: 6, seed: `audience-${persona}` });
    const post = await seedPost(persona, { text: "How do you price a product nobody has built yet?" });
    expect((await publishUntilSettled(persona, post.id, { pauseMs: 300 })).at(-1)?.kind).toBe("published");
    await waitUntil(
      "answers",
      async () =>
        // Settled: answered, flagged, or held as a draft or with the reason (e.g. a limit).
        (await inbox(persona)).every((r) => r.status !== "queued" && (r.status !== "new" || r.error !== null)) &&
        (await inbox(persona)).length > 0,
    );
    const rows = await inbox(persona);
    const answered = rows.filter((r) => r.status === "answered");
    // max_per_conversation (2) caps the answers under the one post; mentions are their own conversation.
    expect(answered.filter((r) => r.kind === "reply").length).toBeLessThanOrEqual(2);
    expect(answered.length).toBeGreaterThan(0);
    for (const r of rows.filter((x) => x.category !== "ok")) expect(r.status).toBe("flagged");
    const ours = await count(
      "SELECT count(*) AS n FROM fake_threads_replies WHERE author_id = ?",
      stableUserId(`fake-${persona}`),
    );
    expect(ours).toBe(answered.length);

    // Queue an answer, delete the persona, then deliver the send: nothing goes out.
    const pending = rows.find((r) => r.status === "drafted");
    if (pending) {
      await updatePersona(openDb(env.DB), persona, { repliesMode: "suggest" }, Date.now());
      await env.DB.prepare("UPDATE replies SET status = 'queued' WHERE id = ?").bind(pending.id).run();
      expect((await api(`/v1/personas/${persona}`, { method: "DELETE" })).status).toBe(204);
      await agent(persona).replyAction(pending.id, "send");
      expect(
        await count(
          "SELECT count(*) AS n FROM fake_threads_replies WHERE author_id = ?",
          stableUserId(`fake-${persona}`),
        ),
      ).toBe(ours);
      expect(await count("SELECT count(*) AS n FROM replies WHERE persona_id = ?", persona)).toBe(0);
    }
  });
});
