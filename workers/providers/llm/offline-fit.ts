// Fits a body's parts into its budget: hook + blank line + body must stay inside Threads'
// 500 characters, and a body reads best at 2–5 sentences. Optional parts go in by priority.
import { clipWords, splitSentences } from "./offline-text.ts";
import { finishTone } from "./offline-tone.ts";
import type { ToneName } from "./offline-tone.ts";

export const BODY_MAX_CHARS = 380;
const MAX_PROSE_SENTENCES = 5;
/** Beside a numbered list only an intro and a call to action fit. */
const MAX_SENTENCES_BESIDE_LIST = 3;

export type PartKind = "prose" | "item" | "cta";

export interface Part {
  kind: PartKind;
  required: boolean;
  /** Lower goes in first. */
  priority: number;
  text: string;
}

function join(parts: readonly Part[]): string {
  let out = "";
  parts.forEach((part, i) => {
    const prev = parts[i - 1];
    if (prev === undefined) out = part.text;
    else if (part.kind === "cta") out += `\n\n${part.text}`;
    else if (part.kind === "item" || prev.kind === "item") out += `\n${part.text}`;
    else out += ` ${part.text}`;
  });
  return out;
}

function sentenceCount(parts: readonly Part[]): number {
  return parts.filter((p) => p.kind !== "item").reduce((n, p) => n + splitSentences(p.text).length, 0);
}

function fits(parts: readonly Part[]): boolean {
  const hasList = parts.some((p) => p.kind === "item");
  const limit = hasList ? MAX_SENTENCES_BESIDE_LIST : MAX_PROSE_SENTENCES;
  return join(parts).length <= BODY_MAX_CHARS && sentenceCount(parts) <= limit;
}

export function fitParts(parts: readonly Part[], tone: ToneName): string {
  const kept = new Set(parts.filter((p) => p.required));
  const inOrder = () => parts.filter((p) => kept.has(p));
  // Required parts too long together (a very long topic): shed from the end, keep the opening.
  while (!fits(inOrder()) && kept.size > 2) {
    const last = inOrder().filter((p) => p !== parts[0]).pop();
    if (last === undefined) break;
    kept.delete(last);
  }
  const optional = parts.map((p, i) => ({ p, i })).filter(({ p }) => !p.required)
    .sort((a, b) => a.p.priority - b.p.priority || a.i - b.i);
  for (const { p } of optional) {
    kept.add(p);
    if (!fits(inOrder())) kept.delete(p);
  }
  const text = join(inOrder());
  return finishTone(text.length <= BODY_MAX_CHARS ? text : clipWords(text, BODY_MAX_CHARS, true), tone);
}
