// Polls, link attachments, topic tags, reply control and quote posts: validated by the API with
// 400s naming the field, sent with the right container, and checked by the fake by Meta's rules.
import { env } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { stableUserId } from "../../workers/fake-threads/index.ts";
import { inProcessFakeFetch } from "../../workers/fake-threads/index.ts";
import { api, createPersona } from "../support/helpers.ts";
import {
  postRow,
  publishUntilSettled,
  seedAccount,
  seedChain,
  seedPersona,
  seedPost,
  useFake,
} from "../support/publishing.ts";

const P = "attach-persona";
const TOKEN = `fake-${P}`;

type MediaJson = Record<string, unknown> & { id: string };

async function media(): Promise<MediaJson[]> {
  const fields = "id,text,topic_tag,poll_attachment,link_attachment_url,is_quote_post,quoted_post,is_reply,replied_to";
  const res = await api(`/fake-threads/v1.0/me/threads?fields=${fields}&access_token=${TOKEN}`, { key: null });
  return ((await res.json()) as { data: MediaJson[] }).data;
}

async function replyControls(): Promise<(string | null)[]> {
  const rows = await env.DB.prepare(
    "SELECT reply_control FROM fake_threads_containers WHERE user_id = ? AND published_media_id IS NOT NULL ORDER BY created_at, rowid",
  )
    .bind(stableUserId(TOKEN))
    .all<{ reply_control: string | null }>();
  return rows.results.map((r) => r.reply_control);
}

describe("attachments reach Threads", () => {
  it("a poll, a link and a topic tag on a single post", async () => {
    await seedPersona(P);
    await seedAccount(P);
    const post = await seedPost(P, {
      format: "poll",
      attachments: {
        poll: { options: ["Monthly", "Yearly", "Lifetime"] },
        link: "https://example.com/pricing",
        topic_tag: "SaaS pricing",
        reply_control: "followers_only",
      },
    });
    await useFake(P);
    expect((await publishUntilSettled(P, post.id)).at(-1)?.kind).toBe("published");
    const [m] = await media();
    expect(m).toMatchObject({
      id: (await postRow(post.id)).threadsMediaId,
      topic_tag: "SaaS pricing",
      poll_attachment: { option_a: "Monthly", option_b: "Yearly", option_c: "Lifetime" },
      link_attachment_url: "https://example.com/pricing",
      is_quote_post: false,
    });
    expect(await replyControls()).toEqual(["followers_only"]);
  });

  it("a chain: poll and topic tag on the root, reply control on every part", async () => {
    await seedPersona(P);
    await seedAccount(P);
    const post = await seedChain(P, ["Root part.", "Second part.", "Third part."], "publishing", {
      topic_tag: "pricing",
      reply_control: "mentioned_only",
      link: "https://example.com/a",
    });
    await useFake(P);
    expect((await publishUntilSettled(P, post.id, { max: 20 })).at(-1)?.kind).toBe("published");
    const [root] = await media(); // the posts edge lists the root only
    expect(root).toMatchObject({
      text: "Root part.",
      topic_tag: "pricing",
      link_attachment_url: "https://example.com/a",
    });
    expect(await replyControls()).toEqual(["mentioned_only", "mentioned_only", "mentioned_only"]);
  });

  it("a quote post of the persona's own published post", async () => {
    await seedPersona(P);
    await seedAccount(P);
    await useFake(P);
    const first = await seedPost(P, { text: "The original take on pricing." });
    await publishUntilSettled(P, first.id);
    const original = await postRow(first.id);
    const quote = await seedPost(P, { text: "A year later, I still agree.", attachments: { quote_post_id: first.id } });
    expect((await publishUntilSettled(P, quote.id)).at(-1)?.kind).toBe("published");
    const quoted = (await media()).find((m) => m.text === "A year later, I still agree.");
    expect(quoted).toMatchObject({ is_quote_post: true, quoted_post: { id: original.threadsMediaId } });
  });
});

describe("POST /v1/tasks validates the attachments, naming the field", () => {
  const cases: [string, Record<string, unknown>, string][] = [
    ["one poll option", { format: "poll", poll_options: ["Yes"] }, "poll_options"],
    ["five poll options", { poll_options: ["a", "b", "c", "d", "e"] }, "poll_options"],
    ["a 26-character option", { poll_options: ["x".repeat(26), "no"] }, "poll_options.0"],
    ["an empty option", { poll_options: [" ", "no"] }, "poll_options.0"],
    ["equal options", { poll_options: ["Yes", "yes"] }, "poll_options"],
    ["poll without options", { format: "poll" }, "poll_options"],
    ["options with a chain", { format: "chain", poll_options: ["a", "b"] }, "poll_options"],
    ["a link that is not a URL", { link_attachment: "example" }, "link_attachment"],
    ["an ftp link", { link_attachment: "ftp://example.com/x" }, "link_attachment"],
    ["a 51-character topic tag", { topic_tag: "t".repeat(51) }, "topic_tag"],
    ["a topic tag with a dot", { topic_tag: "node.js" }, "topic_tag"],
    ["an empty topic tag", { topic_tag: "#" }, "topic_tag"],
    ["an unknown reply control", { reply_control: "nobody" }, "reply_control"],
    ["a quote of a post that does not exist", { quote_post_id: "pst_nope" }, "quote_post_id"],
  ];
  for (const [name, body, field] of cases) {
    it(name, async () => {
      await createPersona();
      const res = await api("/v1/tasks", { method: "POST", json: { persona_id: "calm-founder", ...body } });
      expect(res.status).toBe(400);
      const err = (await res.json()) as { error: { message: string; details: unknown } };
      expect(JSON.stringify(err.error)).toContain(field);
    });
  }

  it("a quote of a draft (not on Threads) is refused; a poll task stores a poll post", async () => {
    await createPersona();
    const draft = await seedPost("calm-founder", { status: "draft" });
    const res = await api("/v1/tasks", {
      method: "POST",
      json: { persona_id: "calm-founder", quote_post_id: draft.id },
    });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: { message: string } }).error.message).toMatch(
      /quote_post_id.*not on Threads/,
    );

    const ok = await api("/v1/tasks", {
      method: "POST",
      json: {
        persona_id: "calm-founder",
        poll_options: ["Monthly", "Yearly"],
        topic_tag: "#pricing",
        reply_control: "everyone",
      },
    });
    expect(ok.status).toBe(202);
    const { task_id } = (await ok.json()) as { task_id: string };
    const { waitForTask } = await import("../support/helpers.ts");
    const task = await waitForTask(task_id);
    const post = (await (await api(`/v1/posts/${task.post_id}`)).json()) as Record<string, unknown>;
    expect(post).toMatchObject({
      format: "poll",
      attachments: { poll: { options: ["Monthly", "Yearly"] }, topic_tag: "pricing", reply_control: "everyone" },
    });
  });
});

describe("the fake checks them as Threads does", () => {
  const fake = () => inProcessFakeFetch(env, { enabled: true, processingMs: 0 });
  const create = async (params: Record<string, string>) => {
    const q = new URLSearchParams({ media_type: "TEXT", text: "hi", access_token: TOKEN, ...params });
    const res = await fake()(`http://x/fake-threads/v1.0/${stableUserId(TOKEN)}/threads?${q}`, { method: "POST" });
    return { status: res.status, body: (await res.json()) as { id?: string; error?: { message: string } } };
  };
  it("poll_attachment: 2–4 options of 1–25 characters, a JSON object, text posts only", async () => {
    await seedPersona(P);
    expect((await create({ poll_attachment: '{"option_a":"x","option_b":"y"}' })).status).toBe(200);
    for (const bad of [
      '{"option_a":"x"}',
      '{"option_a":"x","option_b":""}',
      `{"option_a":"x","option_b":"${"y".repeat(26)}"}`,
      '{"option_a":"x","option_b":"y","option_e":"z"}',
      '["x","y"]',
      "not json",
    ]) {
      const r = await create({ poll_attachment: bad });
      expect(r.status, bad).toBe(400);
      expect(r.body.error?.message).toMatch(/poll_attachment/);
    }
    const image = await create({
      media_type: "IMAGE",
      image_url: "https://example.com/a.jpg",
      poll_attachment: '{"option_a":"x","option_b":"y"}',
    });
    expect(image.body.error?.message).toMatch(/text posts/);
  });
  it("link_attachment counts toward the 5 links; quote_post_id must exist", async () => {
    await seedPersona(P);
    const five = Array.from({ length: 5 }, (_, i) => `https://e${i}.example.com`).join(" ");
    expect((await create({ text: five, link_attachment: "https://e0.example.com" })).status).toBe(200);
    expect((await create({ text: five, link_attachment: "https://other.example.com" })).status).toBe(400);
    expect((await create({ quote_post_id: "1789000" })).body.error?.message).toMatch(/does not exist/);
  });
});
