// sources add|list|show|refresh|remove: the persona's pages, feeds and notes for grounded posts.
import { readFileSync } from "node:fs";
import { usageError } from "../client.mjs";
import { bold, clip, fields, num, table, when } from "../render.mjs";

const e = encodeURIComponent;

const showSource = (s) =>
  fields([
    ["source", bold(s.id)],
    ["persona", s.persona_id],
    ["kind", s.kind],
    ["url", s.url ?? undefined],
    ["title", s.title ?? undefined],
    ["status", s.status],
    ["items", num(s.items)],
    ["chunks", num(s.chunks)],
    ["dropped", s.dropped ? `${num(s.dropped)} paragraphs (guardrails: prompt injection or personal data)` : undefined],
    ["last fetch", s.last_fetched_at ? when(s.last_fetched_at) : undefined],
    ["not modified", s.not_modified ? "yes (304)" : undefined],
    ["next refresh", s.next_refresh_at ? when(s.next_refresh_at) : undefined],
    ["last error", s.last_error ?? undefined],
  ]);

export function registerSources(program, ctx) {
  const sources = program
    .command("sources")
    .description("the persona's pages, feeds and notes that posts are written from (docs/sources.md)");

  sources
    .command("add <persona> [url]")
    .description("add a page or RSS/Atom feed by URL, or pasted notes with --text/--file and --title")
    .option("--text <text>", "notes or markdown to add (up to 100 KB)")
    .option("--file <path>", "read the notes from a file ('-' for stdin)")
    .option("--title <title>", "the notes' title (required with --text or --file)")
    .action(async (persona, url, o) => {
      const { client, print } = ctx();
      let body;
      if (url) {
        if (o.text || o.file) throw usageError("give a URL or --text/--file, not both");
        body = { url };
      } else {
        let text = o.text;
        if (o.file) {
          try {
            text = readFileSync(o.file === "-" ? 0 : o.file, "utf8");
          } catch (/** @type {any} */ err) {
            throw usageError(`cannot read ${o.file}: ${err.message}`);
          }
        }
        if (!text) throw usageError("give a URL, or --text/--file with --title");
        if (!o.title) throw usageError("--title: required with --text or --file");
        body = { text, title: o.title };
      }
      const added = await client.call("POST", `/v1/personas/${e(persona)}/sources`, { body });
      print(added, showSource);
    });

  sources
    .command("list <persona>")
    .description("the persona's sources with status, items, last fetch and last error")
    .option("--limit <n>", "at most this many", "100")
    .action(async (persona, o) => {
      const { client, print } = ctx();
      const page = await client.call("GET", `/v1/personas/${e(persona)}/sources?limit=${e(o.limit)}`);
      print(page, (p) =>
        p.data.length === 0
          ? `no sources for ${persona}; add one with: threads-agent sources add ${persona} <url>`
          : table(
              ["id", "kind", "status", "items", "chunks", "last fetch", "url / title", "last error"],
              p.data.map((s) => [
                s.id,
                s.kind,
                s.status,
                num(s.items),
                num(s.chunks),
                when(s.last_fetched_at),
                clip(s.url ?? s.title ?? "", 60),
                clip(s.last_error ?? "", 50),
              ]),
            ),
      );
    });

  sources
    .command("show <persona> <source>")
    .description(
      "one source and its items (an item's id repurposes it: threads-agent post <persona> --source-item <id>)",
    )
    .action(async (persona, source) => {
      const { client, print } = ctx();
      const s = await client.call("GET", `/v1/personas/${e(persona)}/sources/${e(source)}`);
      print(s, (d) =>
        [
          showSource(d),
          d.item_list.length
            ? table(
                ["item", "published", "used", "title"],
                d.item_list.map((i) => [i.id, when(i.published_at), when(i.used_at), clip(i.title ?? i.url ?? "", 60)]),
              )
            : "",
        ]
          .filter(Boolean)
          .join("\n\n"),
      );
    });

  sources
    .command("refresh <persona> <source>")
    .description("refetch a page or feed now (conditional: ETag / Last-Modified)")
    .action(async (persona, source) => {
      const { client, print } = ctx();
      const s = await client.call("POST", `/v1/personas/${e(persona)}/sources/${e(source)}/refresh`);
      print(s, (r) => `${showSource(r)}\n${num(r.changed_items)} items changed`);
    });

  sources
    .command("remove <persona> <source>")
    .description("delete a source with its items, chunks and vectors")
    .action(async (persona, source) => {
      const { client, print } = ctx();
      const r = await client.call("DELETE", `/v1/personas/${e(persona)}/sources/${e(source)}`);
      print(r, (x) => `removed ${x.id} (${num(x.chunks_removed)} chunks)`);
    });
}
