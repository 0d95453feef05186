import { env, runInDurableObject } from "cloudflare:test";
import { describe, expect, inject, it } from "vitest";
import { refreshSources } from "../../workers/cron/refresh-sources.ts";
import { sourceNamespace } from "../../workers/sources/vectors.ts";
import { HIRING_PARAGRAPHS, INJECTION, PRICING_PARAGRAPHS } from "../fixtures/source-documents.ts";
import { agentOf } from "../support/persona-agent.ts";
import { api, count, createPersona } from "../support/helpers.ts";

const root = inject("sourceServerUrl");
type Json = Record<string, any>;

async function addSource(persona: string, body: unknown): Promise<{ status: number; json: Json }> {
  const res = await api(`/v1/personas/${persona}/sources`, { method: "POST", json: body });
  return { status: res.status, json: (await res.json()) as Json };
}

/** Vectors in the persona's source namespace and in its dedup namespace, in its agent's local index. */
async function vectorCounts(persona: string): Promise<{ sources: number; dedup: number }> {
  const ns = await sourceNamespace(persona);
  return runInDurableObject(agentOf(persona), (_i, state) => ({
    sources: state.storage.sql
      .exec<{ n: number }>("SELECT count(*) AS n FROM dedup_vectors WHERE namespace = ?", ns)
      .one().n,
    dedup: state.storage.sql
      .exec<{ n: number }>("SELECT count(*) AS n FROM dedup_vectors WHERE namespace = ?", persona)
      .one().n,
  }));
}

const chunkTexts = async (sourceId: string) =>
  (
    await env.DB.prepare("SELECT text FROM source_chunks WHERE source_id = ? ORDER BY seq")
      .bind(sourceId)
      .all<{ text: string }>()
  ).results.map((r) => r.text);

describe("sources: pages, feeds and notes", () => {
  it("fetches a page, keeps its article text (no nav, script, footer) and embeds its chunks apart from dedup", async () => {
    await createPersona({ id: "src-p0" });
    const { status, json } = await addSource("src-p0", { url: `${root}/page1/blog/pricing` });
    expect(status, JSON.stringify(json)).toBe(201);
    expect(json).toMatchObject({
      kind: "page",
      status: "ready",
      title: "What we learned raising our prices",
      items: 1,
      last_error: null,
    });
    expect(json.chunks).toBeGreaterThan(0);
    const text = (await chunkTexts(json.id)).join(" ");
    for (const p of PRICING_PARAGRAPHS) expect(text).toContain(p);
    for (const junk of [
      "tracking code",
      "Subscribe to the newsletter",
      "All rights reserved",
      "cookie banner",
      "font-family",
    ])
      expect(text).not.toContain(junk);
    expect(await vectorCounts("src-p0")).toEqual({ sources: json.chunks, dedup: 0 });

    const list = (await (await api("/v1/personas/src-p0/sources")).json()) as Json;
    expect(list.data.map((s: Json) => s.id)).toEqual([json.id]);
    expect(list.data[0].last_fetched_at).not.toBeNull();
    const detail = (await (await api(`/v1/personas/src-p0/sources/${json.id}`)).json()) as Json;
    expect(detail.item_list).toHaveLength(1);
    expect(detail.item_list[0].url).toBe(`${root}/page1/blog/pricing`);

    const dup = await addSource("src-p0", { url: `${root}/page1/blog/pricing` });
    expect(dup.status).toBe(409);
    expect(dup.json.error.message).toMatch(/^url: already a source/);
  });

  it("detects RSS and Atom feeds (also served as text/xml) and stores one item per entry", async () => {
    await createPersona({ id: "src-p1" });
    for (const path of ["feed.xml", "feed-as-xml", "atom.xml"]) {
      const { status, json } = await addSource("src-p1", { url: `${root}/feeds/${path}` });
      expect(status, path).toBe(201);
      expect(json, path).toMatchObject({ kind: "feed", status: "ready", items: 2 });
      const detail = (await (await api(`/v1/personas/src-p1/sources/${json.id}`)).json()) as Json;
      // Newest first, with the entry's own link and date.
      expect(
        detail.item_list.map((i: Json) => i.title),
        path,
      ).toEqual(["How we made our first hire", "What we learned raising our prices"]);
      expect(detail.item_list[0].url).toBe(`${root}/feeds/posts/hiring`);
      expect(detail.item_list[0].published_at).toBe("2026-11-27T09:00:00.000Z");
      expect((await chunkTexts(json.id)).join(" ")).toContain(HIRING_PARAGRAPHS[0]);
    }
  });

  it("takes pasted text up to 100 KB and refuses more, naming the field", async () => {
    await createPersona({ id: "src-p2" });
    const ok = await addSource("src-p2", {
      title: "My pricing notes",
      text: "# Pricing\n\nCharge more than feels comfortable. Most founders are surprised how few customers leave.\n\n- Annual plans bring cash up front.",
    });
    expect(ok.status).toBe(201);
    expect(ok.json).toMatchObject({
      kind: "text",
      status: "ready",
      url: null,
      title: "My pricing notes",
      next_refresh_at: null,
    });
    expect((await chunkTexts(ok.json.id)).join(" ")).toContain("Annual plans bring cash up front.");
    const big = await addSource("src-p2", { title: "Too much", text: "word ".repeat(21_000) });
    expect(big.status).toBe(400);
    expect(big.json.error.message).toMatch(/^text: /);
    const neither = await addSource("src-p2", { title: "x" });
    expect(neither.status).toBe(400);
    const missing = await addSource("nobody", { url: `${root}/page1/blog/pricing` });
    expect(missing.status).toBe(404);
  });

  it("fetches safely: refuses private redirects, other schemes, robots.txt disallows, wrong types, oversize bodies", async () => {
    await createPersona({ id: "src-p3" });
    const cases: [string, RegExp][] = [
      ["redirect/private", /169\.254\.169\.254.*(https|private)/],
      ["redirect/scheme", /another scheme/],
      ["redirect/loop", /more than 5 redirects/],
      ["private/page", /robots\.txt .* disallows \/safe\/private\/page/],
      ["no-agents/page", /robots\.txt .* disallows/],
      ["image.png", /unsupported content type 'image\/png'/],
      ["big.html", /over the 2000000-byte cap/],
      ["gone", /answered 404/],
    ];
    for (const [path, reason] of cases) {
      const { status, json } = await addSource("src-p3", { url: `${root}/safe/${path}` });
      expect(status, path).toBe(201);
      expect(json.status, path).toBe("failed");
      expect(json.last_error, path).toMatch(reason);
      expect(json.chunks, path).toBe(0);
    }
    const robots503 = await addSource("src-p3", { url: `${root.replace("127.0.0.1", "localhost")}/r503/blog/pricing` });
    expect(robots503.json.last_error).toMatch(/robots\.txt answered 503/);
    const followed = await addSource("src-p3", { url: `${root}/safe/redirect/ok` });
    expect(followed.json.status).toBe("ready");
    // Refused before anything is stored: not http(s), private hosts.
    for (const url of [
      "ftp://example.com/feed",
      "http://10.0.0.7/feed",
      "https://192.168.1.1/",
      "http://example.com/a",
      "not a url",
    ]) {
      const { status, json } = await addSource("src-p3", { url });
      expect(status, url).toBe(400);
      expect(json.error.message, url).toMatch(/^url: /);
    }
  });

  it("refreshes from cron with ETag: 304 changes nothing, a new entry adds an item and its chunks", async () => {
    await createPersona({ id: "src-p4" });
    const { json } = await addSource("src-p4", { url: `${root}/refresh1/feed.xml` });
    expect(json.items).toBe(2);
    const before = await vectorCounts("src-p4");
    // Due now: the cron refetches with If-None-Match and gets 304.
    await env.DB.prepare("UPDATE sources SET next_refresh_at = 0").run();
    expect(await refreshSources(env, Date.now())).toEqual({ refreshed: 1, failed: 0 });
    const requests = (await (await fetch(`${root}/__requests/refresh1`)).json()) as Json[];
    const feedRequests = requests.filter((r) => r.path === "feed.xml");
    expect(feedRequests).toHaveLength(2);
    expect(feedRequests[1]?.ifNoneMatch).toBe('"feed.xml-v0"');
    expect(feedRequests[1]?.ifModifiedSince).toBe("Tue, 01 Dec 2026 09:00:00 GMT");
    expect(await vectorCounts("src-p4")).toEqual(before);
    // Not due again until SOURCE_REFRESH_MINUTES later.
    expect(await refreshSources(env, Date.now())).toEqual({ refreshed: 0, failed: 0 });

    await fetch(`${root}/__bump/refresh1`);
    const res = await api(`/v1/personas/src-p4/sources/${json.id}/refresh`, { method: "POST" });
    const refreshed = (await res.json()) as Json;
    expect(refreshed).toMatchObject({ status: "ready", items: 3, changed_items: 1, not_modified: false });
    const after = await vectorCounts("src-p4");
    expect(after.sources).toBeGreaterThan(before.sources);
    expect(after.sources).toBe(refreshed.chunks);
  });

  it("drops paragraphs with injected instructions before they are stored or embedded", async () => {
    await createPersona({ id: "src-p5" });
    const clean = await addSource("src-p5", { url: `${root}/inj/blog/pricing` });
    const injected = await addSource("src-p5", { url: `${root}/inj/blog/injected` });
    expect(injected.json).toMatchObject({ status: "ready", dropped: 1 });
    const text = (await chunkTexts(injected.json.id)).join(" ");
    expect(text).not.toContain("Ignore all previous instructions");
    expect(text).not.toContain("developer mode");
    expect(text).not.toContain(INJECTION.slice(0, 30));
    // What is left is exactly the clean page's text.
    expect(await chunkTexts(injected.json.id)).toEqual(await chunkTexts(clean.json.id));
  });

  it("DELETE removes the source's rows and vectors; deleting the persona removes all of them", async () => {
    await createPersona({ id: "src-p6" });
    const page = await addSource("src-p6", { url: `${root}/del/blog/pricing` });
    const feed = await addSource("src-p6", { url: `${root}/del/feed.xml` });
    const both = await vectorCounts("src-p6");
    expect(both.sources).toBe(page.json.chunks + feed.json.chunks);
    const del = await api(`/v1/personas/src-p6/sources/${page.json.id}`, { method: "DELETE" });
    expect(await del.json()).toEqual({ id: page.json.id, deleted: true, chunks_removed: page.json.chunks });
    expect((await vectorCounts("src-p6")).sources).toBe(feed.json.chunks);
    expect(await count("SELECT count(*) AS n FROM source_chunks WHERE source_id = ?", page.json.id)).toBe(0);
    expect(await count("SELECT count(*) AS n FROM source_items WHERE source_id = ?", page.json.id)).toBe(0);
    expect((await api(`/v1/personas/src-p6/sources/${page.json.id}`, { method: "DELETE" })).status).toBe(404);

    expect((await api("/v1/personas/src-p6", { method: "DELETE" })).status).toBe(204);
    for (const table of ["sources", "source_items", "source_chunks"])
      expect(await count(`SELECT count(*) AS n FROM ${table}`), table).toBe(0);
    expect((await vectorCounts("src-p6")).sources).toBe(0);
  });

  it("is in the MCP server: add_source, list_sources, remove_source", async () => {
    await createPersona({ id: "src-mcp" });
    let id = 0;
    const tool = async (name: string, args: Record<string, unknown>) => {
      const res = await api("/mcp", {
        method: "POST",
        headers: { accept: "application/json, text/event-stream" },
        json: { jsonrpc: "2.0", id: ++id, method: "tools/call", params: { name, arguments: args } },
      });
      const body = (await res.json()) as { result: { isError?: boolean; content: { text: string }[] } };
      return {
        isError: body.result.isError === true,
        value: JSON.parse(body.result.content[0]?.text ?? "null") as Json,
      };
    };
    const added = await tool("add_source", { persona_id: "src-mcp", url: `${root}/mcp/blog/pricing` });
    expect(added.value).toMatchObject({ status: "ready", kind: "page" });
    const listed = await tool("list_sources", { persona_id: "src-mcp" });
    expect(listed.value.data.map((s: Json) => s.id)).toEqual([added.value.id]);
    const one = await tool("list_sources", { persona_id: "src-mcp", source_id: added.value.id });
    expect(one.value.item_list).toHaveLength(1);
    expect((await tool("remove_source", { persona_id: "src-mcp", source_id: added.value.id })).value.deleted).toBe(
      true,
    );
    const bad = await api("/mcp", {
      method: "POST",
      headers: { accept: "application/json, text/event-stream" },
      json: {
        jsonrpc: "2.0",
        id: 99,
        method: "tools/call",
        params: { name: "add_source", arguments: { persona_id: "src-mcp", url: "ftp://x.y/" } },
      },
    });
    const badBody = (await bad.json()) as { result: { isError?: boolean; content: { text: string }[] } };
    expect(badBody.result.isError).toBe(true);
    expect(badBody.result.content[0]?.text).toMatch(/^400 bad_request: url: /);
  });
});
