import { XMLParser } from "fast-xml-parser";
import { extractHtml } from "./extract-html.ts";

// RSS 2.0, RSS 1.0 (RDF) and Atom feeds, parsed with fast-xml-parser (pure JavaScript, runs in
// Workers). Each entry's HTML content becomes paragraphs through the same extractor as a page.

export interface FeedEntry {
  key: string;
  url: string | null;
  title: string | null;
  publishedAt: number | null;
  paragraphs: string[];
}

export interface ParsedFeed {
  title: string | null;
  entries: FeedEntry[];
}

type Node = Record<string, unknown>;

const parser = () =>
  new XMLParser({
    ignoreAttributes: false,
    attributeNamePrefix: "@_",
    textNodeName: "#text",
    parseTagValue: false,
    parseAttributeValue: false,
    processEntities: true,
    htmlEntities: true,
    cdataPropName: false,
    isArray: (name) => ["item", "entry", "link"].includes(name),
  });

/** Looks like a feed: the root element of the first kilobyte. */
export function sniffFeed(text: string): boolean {
  const head = text.slice(0, 2048).replace(/<\?xml[^>]*>|<!--[\s\S]*?-->|<!DOCTYPE[^>]*>/gi, "");
  return /^\s*<(rss|feed|rdf:RDF)[\s>]/i.test(head);
}

function textOf(v: unknown): string | null {
  if (v == null) return null;
  if (typeof v === "string") return v;
  if (typeof v === "number" || typeof v === "boolean") return String(v);
  if (Array.isArray(v)) return textOf(v[0]);
  if (typeof v === "object") return textOf((v as Node)["#text"]);
  return null;
}

function linkOf(v: unknown): string | null {
  if (!Array.isArray(v)) return textOf(v);
  // Atom: the alternate link (no rel means alternate); RSS: the link's text.
  for (const l of v) {
    if (typeof l === "string") return l.trim();
    const n = l as Node;
    const rel = n["@_rel"];
    if (typeof n["@_href"] === "string" && (rel === undefined || rel === "alternate")) return n["@_href"] as string;
  }
  const first = v[0] as Node | string | undefined;
  return typeof first === "string" ? first : typeof first?.["@_href"] === "string" ? (first["@_href"] as string) : null;
}

function dateOf(...vs: unknown[]): number | null {
  for (const v of vs) {
    const t = textOf(v);
    const ms = t ? Date.parse(t.trim()) : Number.NaN;
    if (Number.isFinite(ms)) return ms;
  }
  return null;
}

const asArray = (v: unknown): Node[] => (Array.isArray(v) ? (v as Node[]) : v ? [v as Node] : []);

/** The feed's entries; throws when the XML is not a feed. */
export async function parseFeed(xml: string, base: string): Promise<ParsedFeed> {
  let doc: Node;
  try {
    doc = parser().parse(xml) as Node;
  } catch (err) {
    throw new Error(`not a well-formed feed: ${err instanceof Error ? err.message : String(err)}`);
  }
  const rss = doc.rss as Node | undefined;
  const atom = doc.feed as Node | undefined;
  const rdf = doc["rdf:RDF"] as Node | undefined;
  const channel = (rss?.channel ?? rdf?.channel) as Node | undefined;
  const rawItems = rss ? asArray(channel?.item) : rdf ? asArray(rdf.item) : atom ? asArray(atom.entry) : null;
  if (rawItems === null) throw new Error("not an RSS or Atom feed (no <rss>, <feed> or <rdf:RDF> root)");
  const title = textOf(channel?.title ?? atom?.title)?.trim() || null;
  const entries: FeedEntry[] = [];
  for (const item of rawItems) {
    const link = linkOf(item.link);
    const url = link ? safeResolve(link.trim(), base) : null;
    const html =
      textOf(item["content:encoded"]) ?? textOf(item.content) ?? textOf(item.description) ?? textOf(item.summary) ?? "";
    const { paragraphs } = await extractHtml(html);
    const key = textOf(item.guid)?.trim() || textOf(item.id)?.trim() || url || textOf(item.title)?.trim() || "";
    if (!key) continue;
    entries.push({
      key,
      url,
      title: textOf(item.title)?.replace(/\s+/g, " ").trim() || null,
      publishedAt: dateOf(item.pubDate, item.published, item.updated, item["dc:date"]),
      paragraphs,
    });
  }
  return { title, entries };
}

function safeResolve(link: string, base: string): string | null {
  try {
    const u = new URL(link, base);
    return u.protocol === "https:" || u.protocol === "http:" ? u.href : null;
  } catch {
    return null;
  }
}
