import { inspectText } from "../guardrails/checks.ts";
import { splitSentences } from "../providers/llm/offline-text.ts";

// Source text is untrusted (docs/sources.md): every paragraph goes through the same guardrails
// as a task's input (prompt injection, and personal data when the persona blocks it) before it
// is stored, embedded or can reach a prompt; a flagged paragraph is dropped whole and counted.
// The rest is cut into chunks of whole sentences for retrieval.

export const CHUNK_MAX_CHARS = 700;
export const MAX_CHUNKS_PER_ITEM = 40;

export interface Screened {
  kept: string[];
  dropped: { text: string; check: string; found: string[] }[];
}

export function screenParagraphs(paragraphs: readonly string[], opts: { personalData: boolean }): Screened {
  const kept: string[] = [];
  const dropped: Screened["dropped"] = [];
  for (const p of paragraphs) {
    const text = p.replace(/\s+/g, " ").trim();
    if (!/[\p{L}\p{N}]/u.test(text)) continue;
    const hit = inspectText(text, opts);
    if (hit) dropped.push({ text: text.slice(0, 200), check: hit.check, found: hit.found });
    else kept.push(text);
  }
  return { kept, dropped };
}

/** Pasted text or markdown as paragraphs: blank lines separate them; markdown marks go. */
export function textParagraphs(text: string): string[] {
  return text
    .split(/\n\s*\n/)
    .map((p) =>
      p
        .replace(/^#{1,6}\s+/gm, "")
        .replace(/^\s*[-*+]\s+/gm, "")
        .replace(/\[([^\]]+)\]\([^)]*\)/g, "$1")
        .replace(/[*_`]{1,3}([^*_`]+)[*_`]{1,3}/g, "$1")
        .replace(/\s+/g, " ")
        .trim(),
    )
    .filter((p) => p.length > 0);
}

/** Chunks of whole sentences, at most CHUNK_MAX_CHARS each (a longer sentence is its own chunk). */
export function chunkParagraphs(paragraphs: readonly string[], maxChars = CHUNK_MAX_CHARS): string[] {
  const chunks: string[] = [];
  let current = "";
  const push = () => {
    if (current.trim()) chunks.push(current.trim());
    current = "";
  };
  for (const p of paragraphs) {
    // Paragraphs stay on their own lines, so a heading without a full stop never runs into the
    // sentence after it (splitSentences splits at line breaks too).
    let sep = "\n";
    for (const sentence of splitSentences(p)) {
      if (current && current.length + 1 + sentence.length > maxChars) push();
      current = current ? `${current}${sep}${sentence}` : sentence;
      sep = " ";
    }
    // A paragraph boundary is a good place to cut once the chunk has some substance.
    if (current.length >= maxChars / 2) push();
  }
  push();
  return chunks.slice(0, MAX_CHUNKS_PER_ITEM);
}
