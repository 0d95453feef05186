import type { Db } from "../db/client.ts";
import type { PostSource } from "../db/schema/index.ts";
import { type ChunkWithSource, chunksOfItem, chunksWithSources, getItem } from "../db/sources.ts";
import { type GuardrailFinding, inspectText } from "../guardrails/checks.ts";
import type { SourceVectors } from "./vectors.ts";

// What a post is written from: the persona's chunks nearest to the topic (top-k above a minimum
// similarity), or, when the task repurposes one item, that item's chunks in reading order. Each
// chunk passes the guardrails again on its way to a prompt (a persona may have started blocking
// personal data since it was stored); a flagged one is left out with a warning.

export interface Passage {
  chunkId: string;
  sourceId: string;
  itemId: string;
  text: string;
  url: string | null;
  title: string | null;
  /** Cosine similarity to the topic (1 for a repurposed item's own chunks). */
  similarity: number;
}

export interface Retrieved {
  passages: Passage[];
  sources: PostSource[];
  /** The source the post is written from first: the repurposed item's, else the best passage's. */
  sourceId: string | null;
  itemId: string | null;
  warnings: string[];
}

export interface RetrieveOptions {
  topK: number;
  minSimilarity: number;
  personalData: boolean;
  /** Repurpose this item (POST /v1/tasks source_item_id / source_url, or autopilot's feed item). */
  itemId?: string | null;
  /** The check a passage passes on its way to a prompt (default: the rules; the pipeline adds the second opinion). */
  inspect?: (text: string) => Promise<GuardrailFinding | null>;
}

function passageOf(r: ChunkWithSource, similarity: number): Passage {
  return {
    chunkId: r.chunk.id,
    sourceId: r.source.id,
    itemId: r.item.id,
    text: r.chunk.text,
    url: r.item.url ?? r.source.url,
    title: r.item.title ?? r.source.title,
    similarity,
  };
}

export async function retrievePassages(
  db: Db,
  vectors: SourceVectors,
  personaId: string,
  topic: string,
  opts: RetrieveOptions,
): Promise<Retrieved> {
  const warnings: string[] = [];
  let passages: Passage[];
  if (opts.itemId) {
    const item = await getItem(db, personaId, opts.itemId);
    if (!item) throw new Error(`source item '${opts.itemId}' no longer exists`);
    const chunks = await chunksOfItem(db, item.id);
    const rows = await chunksWithSources(
      db,
      personaId,
      chunks.map((c) => c.id),
    );
    passages = rows.slice(0, Math.max(opts.topK, 3)).map((r) => passageOf(r, 1));
  } else {
    const { matches, warning } = await vectors.search(personaId, topic, opts.topK * 2);
    if (warning) warnings.push(warning);
    const near = matches.filter((m) => m.similarity >= opts.minSimilarity);
    const rows = await chunksWithSources(
      db,
      personaId,
      near.map((m) => m.chunkId),
    );
    // A vector whose chunk is gone (its source deleted while the vector delete failed) is dropped.
    const known = new Set(rows.map((r) => r.chunk.id));
    const gone = near.filter((m) => !known.has(m.chunkId)).map((m) => m.chunkId);
    if (gone.length) await vectors.remove(personaId, gone);
    const score = new Map(near.map((m) => [m.chunkId, m.similarity]));
    passages = rows.slice(0, opts.topK).map((r) => passageOf(r, score.get(r.chunk.id) ?? 0));
  }
  const inspect =
    opts.inspect ?? ((text: string) => Promise.resolve(inspectText(text, { personalData: opts.personalData })));
  const safe: Passage[] = [];
  for (const p of passages) {
    const hit = await inspect(p.text);
    if (hit) warnings.push(`left out a source passage (${hit.check}: ${hit.found.join(", ")})`);
    else safe.push(p);
  }
  const seen = new Set<string>();
  const sources: PostSource[] = [];
  for (const p of safe) {
    const key = `${p.url ?? ""}|${p.title ?? ""}|${p.url ? "" : p.sourceId}`;
    if (seen.has(key)) continue;
    seen.add(key);
    sources.push({ url: p.url, title: p.title });
  }
  const first = safe[0];
  return {
    passages: safe,
    sources,
    sourceId: first?.sourceId ?? null,
    itemId: opts.itemId ?? null,
    warnings,
  };
}
