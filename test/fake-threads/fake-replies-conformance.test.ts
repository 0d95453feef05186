// The fake's reply endpoints answer as Meta documents them (docs/conformance.md, "Replies and
// webhooks"): https://developers.facebook.com/documentation/threads/reference/reply-management
// (updated 2026-02-13) and .../reply-management (hide: "top-level replies" only; "replies nested
// deeper than the top-level reply cannot be targeted in isolation").
import { describe, expect, it } from "vitest";
import { stableUserId } from "../../workers/fake-threads/index.ts";
import { ThreadsApiError } from "../../workers/providers/threads/index.ts";
import { BASE, caught, fakeThreads } from "../support/fake-threads.ts";

const FIELDS = "id,text,username,timestamp,hide_status,root_post,replied_to,is_reply,is_reply_owned_by_me,has_replies";

async function published(f: ReturnType<typeof fakeThreads>, token: string, text: string, replyToId?: string) {
  const c = await f.client.createContainer("me", token, { text, replyToId });
  await f.finished(c, token);
  return f.client.publish("me", token, c);
}

async function graph(f: ReturnType<typeof fakeThreads>, method: string, path: string, token: string, body?: string) {
  const sep = path.includes("?") ? "&" : "?";
  const res = await f.fetch(`${BASE}/v1.0/${path}${sep}access_token=${token}`, {
    method,
    ...(body ? { body, headers: { "content-type": "application/x-www-form-urlencoded" } } : {}),
  });
  return { status: res.status, json: (await res.json()) as Record<string, unknown> };
}

type Item = Record<string, unknown> & { id: string };

describe("fake Threads: replies, conversation, mentions, manage_reply", () => {
  it("serves a post's replies with the documented fields, and only to the post's owner", async () => {
    const f = fakeThreads({ replies: 4 });
    const media = await published(f, "fake-owner", "How do you price a first product? Tell me your story.");
    const { status, json } = await graph(f, "GET", `${media}/replies?fields=${FIELDS}`, "fake-owner");
    expect(status).toBe(200);
    const data = json["data"] as Item[];
    expect(data.length).toBeGreaterThanOrEqual(4);
    for (const r of data) {
      expect(r).toMatchObject({
        root_post: { id: media, owner_id: stableUserId("fake-owner") },
        replied_to: { id: media },
        is_reply: true,
        is_reply_owned_by_me: false,
        hide_status: "NOT_HUSHED",
      });
      expect(typeof r["text"]).toBe("string");
      expect(r["timestamp"]).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+0000$/);
    }
    // Default fields: id only.
    const bare = await graph(f, "GET", `${media}/replies`, "fake-owner");
    expect(Object.keys((bare.json["data"] as Item[])[0] ?? {})).toEqual(["id"]);
    // Someone else's post: no object.
    const other = await graph(f, "GET", `${media}/replies`, "fake-stranger");
    expect(other.status).toBe(400);
  });

  it("the conversation is flattened (nested replies too), /replies only top-level; our own answer is ours", async () => {
    const f = fakeThreads({ replies: 3 });
    const media = await published(f, "fake-owner", "What would you charge for this?");
    const top = ((await graph(f, "GET", `${media}/replies?fields=id`, "fake-owner")).json["data"] as Item[])[0];
    if (!top) throw new Error("no reply");
    const answer = await published(f, "fake-owner", "Start with one price test this week.", top.id);
    const direct = (await graph(f, "GET", `${media}/replies?fields=id`, "fake-owner")).json["data"] as Item[];
    const conversation = (await graph(f, "GET", `${media}/conversation?fields=${FIELDS}`, "fake-owner")).json[
      "data"
    ] as Item[];
    expect(direct.map((r) => r.id)).not.toContain(answer);
    const ours = conversation.find((r) => r.id === answer);
    expect(ours).toMatchObject({ replied_to: { id: top.id }, root_post: { id: media }, is_reply_owned_by_me: true });
    expect(conversation.length).toBe(direct.length + 1);
  });

  it("hides and unhides a top-level reply only, with the documented errors", async () => {
    const f = fakeThreads({ replies: 3 });
    const media = await published(f, "fake-owner", "Tell me how you priced your first product?");
    const top = ((await graph(f, "GET", `${media}/replies?fields=id`, "fake-owner")).json["data"] as Item[])[0];
    if (!top) throw new Error("no reply");
    expect((await graph(f, "POST", `${top.id}/manage_reply`, "fake-owner", "hide=true")).json).toEqual({
      success: true,
    });
    const after = (await graph(f, "GET", `${media}/replies?fields=id,hide_status`, "fake-owner")).json[
      "data"
    ] as Item[];
    expect(after.find((r) => r.id === top.id)?.["hide_status"]).toBe("HIDDEN");
    await f.client.manageReply(top.id, "fake-owner", false);
    // Missing or malformed hide, a nested reply, another account's reply: Graph errors.
    expect((await graph(f, "POST", `${top.id}/manage_reply`, "fake-owner")).status).toBe(400);
    expect((await graph(f, "POST", `${top.id}/manage_reply`, "fake-owner", "hide=maybe")).status).toBe(400);
    const nested = await published(f, "fake-owner", "Thanks, try one change a week.", top.id);
    const err = await caught<ThreadsApiError>(() => f.client.manageReply(nested, "fake-owner", true));
    expect(err).toBeInstanceOf(ThreadsApiError);
    expect(err.message).toMatch(/top-level/);
    expect((await graph(f, "POST", `${top.id}/manage_reply`, "fake-stranger", "hide=true")).status).toBe(400);
  });

  it("lists the user's mentions and own replies", async () => {
    // The fake mentions the account when one of its simulated replies is a question: with 20
    // replies under a question post, at least one is (the categories are drawn per reply).
    const f = fakeThreads({ replies: 20 });
    const media = await published(f, "fake-owner", "How do you price a product nobody has built yet?");
    const mentions = await f.client.listMentions("fake-owner", { limit: 25 });
    expect(mentions.replies.length).toBeGreaterThanOrEqual(1);
    const top = (await f.client.listReplies(media, "fake-owner", { depth: "top", limit: 25 })).replies[0];
    if (!top) throw new Error("no reply");
    const answer = await published(f, "fake-owner", "One price test a week is enough.", top.id);
    const mine = await graph(f, "GET", "me/replies?fields=id,text", "fake-owner");
    expect((mine.json["data"] as Item[]).map((r) => r.id)).toContain(answer);
  });
});
