// replies list|show|respond|approve|dismiss|hide|unhide|mode: the reply inbox (docs/conversations.md).
import { usageError } from "../client.mjs";
import { bold, clip, dim, fields, red, table, when, yellow } from "../render.mjs";

const e = encodeURIComponent;
const STATUSES = ["new", "drafted", "queued", "answered", "dismissed", "flagged", "failed"];
const MODES = ["off", "suggest", "auto"];

const mark = (r) => (r.category !== "ok" ? red(r.category) : r.status === "drafted" ? yellow("drafted") : r.status);

/** A stranger's text is shown, never interpreted: control characters (terminal escapes) become "?". */
const printable = (text) =>
  Array.from(text, (ch) => {
    const c = ch.codePointAt(0) ?? 0;
    return (c < 0x20 && ch !== "\n" && ch !== "\t") || (c >= 0x7f && c < 0xa0) ? "?" : ch;
  }).join("");

export function showReply(r) {
  return [
    fields([
      ["id", bold(r.id)],
      ["persona", r.persona_id],
      ["post", r.post_id ?? undefined],
      ["kind", r.kind],
      ["from", r.author ? `@${r.author}` : undefined],
      ["at", when(r.replied_at)],
      ["status", r.status],
      ["verdict", r.category === "ok" ? "ok" : `${r.category}: ${r.flags.join("; ")}`],
      ["hidden", r.hide_status && r.hide_status !== "NOT_HUSHED" ? r.hide_status : undefined],
      ["answer", r.answer.text ? `${r.answer.text}${dim(` (${r.answer.source})`)}` : undefined],
      ["answered", r.answer.answered_at ? `${when(r.answer.answered_at)} as ${r.answer.threads_id ?? "?"}` : undefined],
      ["error", r.error ?? undefined],
    ]),
    "",
    printable(r.text),
  ].join("\n");
}

const rows = (data) =>
  data.map((r) => [
    r.id,
    r.persona_id,
    mark(r),
    when(r.replied_at),
    r.author ? `@${clip(r.author, 16)}` : "—",
    clip(printable(r.text).replace(/\s+/g, " "), 44),
    r.answer.text ? clip(printable(r.answer.text), 30) : "—",
  ]);
const HEADER = ["ID", "PERSONA", "STATUS", "WHEN", "FROM", "REPLY", "ANSWER"];

export function registerReplies(program, ctx) {
  const replies = program.command("replies").description("the reply inbox: replies and mentions, answers, moderation");

  replies
    .command("list")
    .description("replies and mentions, newest first")
    .option("--persona <id>")
    .option("--post <id>", "only the replies under this post")
    .option("--status <status>", STATUSES.join(" | "))
    .option("--limit <n>", "how many (1–100)", "20")
    .option("--cursor <cursor>", "next_cursor of the previous page")
    .action(async (o) => {
      const { client, print } = ctx();
      if (o.status && !STATUSES.includes(o.status)) throw usageError(`--status: one of ${STATUSES.join(", ")}`);
      const q = new URLSearchParams({
        limit: o.limit,
        ...(o.persona && !o.post ? { persona_id: o.persona } : {}),
        ...(o.status ? { status: o.status } : {}),
        ...(o.cursor ? { cursor: o.cursor } : {}),
      });
      const path = o.post ? `/v1/posts/${e(o.post)}/replies?${q}` : `/v1/replies?${q}`;
      print(await client.call("GET", path), (r) =>
        [table(HEADER, rows(r.data)), r.next_cursor ? dim(`more: --cursor ${r.next_cursor}`) : ""]
          .filter(Boolean)
          .join("\n"),
      );
    });

  replies.command("show <reply>").action(async (id) => {
    const { client, print } = ctx();
    print(await client.call("GET", `/v1/replies/${e(id)}`), showReply);
  });

  replies
    .command("respond <reply> [text]")
    .description("send your own answer (checked by the guardrail), or without text let the persona's writer draft one")
    .action(async (id, text) => {
      const { client, print } = ctx();
      const r =
        text === undefined
          ? await client.call("POST", `/v1/replies/${e(id)}/respond`)
          : await client.call("POST", `/v1/replies/${e(id)}/respond`, { body: { text } });
      print(r, () =>
        text === undefined
          ? `drafting an answer to ${bold(r.id)} (see: replies show ${r.id})`
          : `answer queued for ${bold(r.id)}`,
      );
    });

  for (const [name, what] of [
    ["approve", "send the drafted answer, once"],
    ["dismiss", "leave the reply unanswered"],
    ["hide", "hide the reply on Threads (top-level replies only)"],
    ["unhide", "show a hidden reply again"],
  ]) {
    replies
      .command(`${name} <reply>`)
      .description(what)
      .action(async (id) => {
        const { client, print } = ctx();
        const r = await client.call("POST", `/v1/replies/${e(id)}/${name}`);
        print(r, () => `${name}: ${bold(r.id)} is ${r.status}`);
      });
  }

  replies
    .command("mode <persona> <mode>")
    .description(`how the persona answers: ${MODES.join(" | ")} (default suggest)`)
    .action(async (persona, mode) => {
      const { client, print } = ctx();
      if (!MODES.includes(mode)) throw usageError(`mode: one of ${MODES.join(", ")}`);
      const p = await client.call("PATCH", `/v1/personas/${e(persona)}`, { body: { replies: mode } });
      print(p, () => `${bold(p.id)} replies: ${p.replies}`);
    });
}
