import type { Db } from "../db/client.ts";
import { getPersona } from "../db/personas.ts";
import type { SourceKind, SourceRow } from "../db/schema/index.ts";
import {
  chunkIdsOfSource,
  chunksOfItem,
  deleteSourceRows,
  itemsOf,
  replaceItem,
  sourceCounts,
  updateSource,
} from "../db/sources.ts";
import { newId } from "../ids.ts";
import { sha256Hex } from "../text/sha256.ts";
import { chunkParagraphs, screenParagraphs, textParagraphs } from "./chunk.ts";
import { extractHtml } from "./extract-html.ts";
import { type FetchLimits, fetchSource } from "./fetch.ts";
import { parseFeed, sniffFeed } from "./feed.ts";
import type { SourceVectors } from "./vectors.ts";

// Fetching (or taking the pasted text of) one source and bringing its items and chunks up to
// date: unchanged items (same content hash) are left alone; a changed one gets new chunks and
// vectors, its old ones removed. Runs in the persona's Durable Object, which owns the local index.

export interface RefreshDeps {
  db: Db;
  vectors: SourceVectors;
  limits: FetchLimits;
  refreshMs: number;
  maxItems: number;
  now: () => number;
}

export interface Entry {
  key: string;
  url: string | null;
  title: string | null;
  publishedAt: number | null;
  paragraphs: string[];
}

export interface RefreshReport {
  source: SourceRow;
  changed_items: number;
  not_modified: boolean;
}

const errorText = (err: unknown) => (err instanceof Error ? err.message : String(err)).slice(0, 500);

/** Pasted text: one item, never refreshed. */
export async function storeTextSource(deps: RefreshDeps, source: SourceRow, text: string): Promise<RefreshReport> {
  const entry: Entry = {
    key: source.id,
    url: null,
    title: source.title,
    publishedAt: null,
    paragraphs: textParagraphs(text),
  };
  return finish(deps, source, "text", source.title, [entry], { etag: null, lastModified: null, notModified: false });
}

/** Fetches a page or feed and stores what changed; a failure is recorded on the source, not thrown. */
export async function refreshUrlSource(deps: RefreshDeps, source: SourceRow): Promise<RefreshReport> {
  const now = deps.now();
  const url = new URL(source.url ?? "");
  try {
    const fetched = await fetchSource(url, deps.limits, { etag: source.etag, lastModified: source.lastModified });
    if (fetched.status === "not_modified") {
      const row = await updateSource(
        deps.db,
        source.id,
        { status: "ready", lastFetchedAt: now, lastError: null, nextRefreshAt: now + deps.refreshMs },
        now,
      );
      return { source: row ?? source, changed_items: 0, not_modified: true };
    }
    const isFeed =
      /(rss|atom|rdf)\+xml/.test(fetched.contentType) ||
      (fetched.contentType !== "text/plain" && sniffFeed(fetched.body));
    let kind: SourceKind;
    let title: string | null;
    let entries: Entry[];
    if (isFeed) {
      const feed = await parseFeed(fetched.body, fetched.url);
      kind = "feed";
      title = feed.title;
      entries = feed.entries.sort((a, b) => (b.publishedAt ?? 0) - (a.publishedAt ?? 0)).slice(0, deps.maxItems);
    } else if (fetched.contentType.endsWith("xml") && !fetched.contentType.includes("xhtml")) {
      throw new Error("an XML document that is not an RSS or Atom feed");
    } else {
      const page =
        fetched.contentType === "text/plain" || fetched.contentType === "text/markdown"
          ? { title: null, paragraphs: textParagraphs(fetched.body) }
          : await extractHtml(fetched.body);
      kind = "page";
      title = page.title;
      entries = [
        {
          key: source.url ?? fetched.url,
          url: fetched.url,
          title: page.title,
          publishedAt: null,
          paragraphs: page.paragraphs,
        },
      ];
    }
    return await finish(deps, source, kind, title, entries, {
      etag: fetched.etag,
      lastModified: fetched.lastModified,
      notModified: false,
    });
  } catch (err) {
    const row = await updateSource(
      deps.db,
      source.id,
      { status: "failed", lastFetchedAt: now, lastError: errorText(err), nextRefreshAt: now + deps.refreshMs },
      now,
    );
    return { source: row ?? source, changed_items: 0, not_modified: false };
  }
}

async function finish(
  deps: RefreshDeps,
  source: SourceRow,
  kind: SourceKind,
  title: string | null,
  entries: Entry[],
  http: { etag: string | null; lastModified: string | null; notModified: boolean },
): Promise<RefreshReport> {
  const now = deps.now();
  const persona = await getPersona(deps.db, source.personaId);
  const personalData = persona?.guardrails.block_personal_data ?? true;
  const existing = new Map((await itemsOf(deps.db, source.id)).map((i) => [i.itemKey, i]));
  let dropped = 0;
  let changed = 0;
  for (const entry of entries) {
    const screened = screenParagraphs(entry.paragraphs, { personalData });
    dropped += screened.dropped.length;
    const texts = chunkParagraphs(screened.kept);
    const hash = await sha256Hex(JSON.stringify([entry.title, texts]));
    const old = existing.get(entry.key);
    if (old && old.contentHash === hash) continue;
    const itemId = old?.id ?? newId("sourceItem");
    const oldChunks = old ? await chunkIdsOfItem(deps, itemId) : [];
    const chunks = texts.map((text, seq) => ({
      id: newId("sourceChunk"),
      sourceId: source.id,
      itemId,
      personaId: source.personaId,
      seq,
      text,
    }));
    // Vectors first, then rows: a chunk row always has its vector; a failure leaves the old item.
    await deps.vectors.add(
      source.personaId,
      chunks.map((c) => ({ id: c.id, text: c.text, createdAt: now })),
    );
    await replaceItem(
      deps.db,
      {
        id: itemId,
        sourceId: source.id,
        personaId: source.personaId,
        itemKey: entry.key,
        url: entry.url,
        title: entry.title,
        publishedAt: entry.publishedAt,
        contentHash: hash,
      },
      chunks,
      now,
    );
    await deps.vectors.remove(source.personaId, oldChunks);
    changed++;
  }
  const counts = await sourceCounts(deps.db, source.id);
  const empty = counts.chunks === 0;
  const row = await updateSource(
    deps.db,
    source.id,
    {
      kind,
      title: source.title ?? title,
      status: empty ? "failed" : "ready",
      lastError: empty
        ? dropped > 0
          ? `every paragraph was dropped by the guardrails (${dropped})`
          : "no text found in the document"
        : null,
      etag: http.etag,
      lastModified: http.lastModified,
      lastFetchedAt: kind === "text" ? null : now,
      nextRefreshAt: kind === "text" ? null : now + deps.refreshMs,
      items: counts.items,
      chunks: counts.chunks,
      dropped,
    },
    now,
  );
  return { source: row ?? source, changed_items: changed, not_modified: http.notModified };
}

async function chunkIdsOfItem(deps: RefreshDeps, itemId: string): Promise<string[]> {
  return (await chunksOfItem(deps.db, itemId)).map((c) => c.id);
}

/** Removes a source's vectors, then its rows. */
export async function removeSource(db: Db, vectors: SourceVectors, source: SourceRow): Promise<number> {
  const ids = await chunkIdsOfSource(db, source.id);
  await vectors.remove(source.personaId, ids);
  await deleteSourceRows(db, source.id);
  return ids.length;
}
