import type { Db } from "../db/client.ts";
import type { SourceRow } from "../db/schema/index.ts";
import { countSources, findSourceByUrl, getSource, getSourceById, insertSource } from "../db/sources.ts";
import { AppError, notFound } from "../errors.ts";
import { newId } from "../ids.ts";
import type { Settings } from "../settings/index.ts";
import type { FetchFn } from "./fetch.ts";
import { type RefreshDeps, type RefreshReport, refreshUrlSource, removeSource, storeTextSource } from "./refresh.ts";
import { checkSourceUrl, type UrlPolicy } from "./url-safety.ts";
import type { SourceVectors } from "./vectors.ts";

// Adding, refreshing and removing a persona's sources: what the PersonaAgent's RPC methods run
// (it owns the local vector index), with the settings' caps.

export type SourceInput = { url: string } | { text: string; title: string };

export const MAX_TEXT_BYTES = 100 * 1024;

export const urlPolicy = (s: Settings): UrlPolicy => ({ allowLoopback: s.environment !== "production" });

export function refreshDeps(db: Db, vectors: SourceVectors, s: Settings, fetch?: FetchFn): RefreshDeps {
  return {
    db,
    vectors,
    limits: {
      policy: urlPolicy(s),
      timeoutMs: s.sources.fetchTimeoutMs,
      maxBytes: s.sources.maxBytes,
      ...(fetch ? { fetch } : {}),
    },
    refreshMs: s.sources.refreshMs,
    maxItems: s.sources.maxItems,
    now: Date.now,
  };
}

export async function addSource(
  deps: RefreshDeps,
  s: Settings,
  personaId: string,
  input: SourceInput,
): Promise<RefreshReport> {
  const now = deps.now();
  if ((await countSources(deps.db, personaId)) >= s.sources.maxPerPersona)
    throw new AppError(
      "conflict",
      `persona '${personaId}' already has ${s.sources.maxPerPersona} sources (SOURCE_MAX_PER_PERSONA); remove one first`,
      { limit: s.sources.maxPerPersona },
    );
  if ("url" in input) {
    const url = checkSourceUrl(input.url, urlPolicy(s)).href;
    const existing = await findSourceByUrl(deps.db, personaId, url);
    if (existing)
      throw new AppError("conflict", `url: already a source of persona '${personaId}' (${existing.id})`, {
        field: "url",
        source_id: existing.id,
      });
    const row = await insertSource(
      deps.db,
      { id: newId("source"), personaId, kind: "page", url, title: null, status: "pending" },
      now,
    );
    if (!row) throw new AppError("conflict", `url: already a source of persona '${personaId}'`, { field: "url" });
    return refreshUrlSource(deps, row);
  }
  if (new TextEncoder().encode(input.text).length > MAX_TEXT_BYTES)
    throw new AppError("payload_too_large", `text: over ${MAX_TEXT_BYTES} bytes`, {
      field: "text",
      max_bytes: MAX_TEXT_BYTES,
    });
  const row = await insertSource(
    deps.db,
    { id: newId("source"), personaId, kind: "text", url: null, title: input.title, status: "pending" },
    now,
  );
  if (!row) throw new Error("source insert returned nothing");
  return storeTextSource(deps, row, input.text);
}

export async function refreshSource(deps: RefreshDeps, sourceId: string): Promise<RefreshReport> {
  const source = await getSourceById(deps.db, sourceId);
  if (!source) throw notFound("source", sourceId);
  if (source.kind === "text" || !source.url) return { source, changed_items: 0, not_modified: true }; // pasted text has nothing to refetch
  return refreshUrlSource(deps, source);
}

export async function deleteSource(
  db: Db,
  vectors: SourceVectors,
  personaId: string,
  sourceId: string,
): Promise<{ source: SourceRow; chunks_removed: number }> {
  const source = await getSource(db, personaId, sourceId);
  if (!source) throw notFound("source", sourceId);
  return { source, chunks_removed: await removeSource(db, vectors, source) };
}
