// Splits a long text into the parts of a Threads thread chain: a root and replies, each within
// Threads' limits (500 characters with an emoji counting its UTF-8 bytes, at most 5 unique links;
// https://developers.facebook.com/documentation/threads/posts), at paragraph ends where it can,
// else at sentence ends, else at words. Parts keep the text's order; nothing is reworded.
import { MAX_POST_CHARS, MAX_POST_LINKS, countChars, truncateChars, uniqueLinks } from "./threads-text.ts";

export const MIN_CHAIN_PARTS = 2;
export const MAX_CHAIN_PARTS = 10;

export interface ChainSplit {
  parts: string[];
  /** What had to give: text past the tenth part, links over five in one paragraph. */
  changes: string[];
}

const SENTENCE_END = /(?<=[.!?…])\s+/u;

/** Cuts one piece that is too long by itself: at sentence ends, then at words. */
function pieces(unit: string, max: number): string[] {
  if (countChars(unit) <= max) return [unit];
  const sentences = unit.split(SENTENCE_END).filter((s) => s.length > 0);
  if (sentences.length > 1) return sentences.flatMap((s) => pieces(s, max));
  const out: string[] = [];
  let rest = unit;
  while (countChars(rest) > max) {
    const head = truncateChars(rest, max).replace(/…$/u, "");
    const cut = head.length > 0 ? head : rest.slice(0, max);
    out.push(cut.trim());
    rest = rest.slice(cut.length).trim();
  }
  if (rest) out.push(rest);
  return out;
}

function withinLinks(unit: string, changes: string[]): string {
  const links = uniqueLinks(unit);
  if (links.length <= MAX_POST_LINKS) return unit;
  let out = unit;
  for (const extra of links.slice(MAX_POST_LINKS)) out = out.replaceAll(extra, "");
  changes.push(`removed ${links.length - MAX_POST_LINKS} links over ${MAX_POST_LINKS} in one part`);
  return out.replace(/[ \t]{2,}/g, " ").trim();
}

/**
 * Greedy packing of paragraphs (or their sentences) into parts of at most `max` characters and
 * five links. `force` splits a text that would fit one post into two (a chain was asked for);
 * a text with a single sentence cannot be split and comes back as one part.
 */
export function splitChain(text: string, opts: { max?: number; force?: boolean } = {}): ChainSplit {
  const max = opts.max ?? MAX_POST_CHARS;
  const changes: string[] = [];
  const paragraphs = text
    .split(/\n{2,}/)
    .map((p) => p.trim())
    .filter(Boolean);
  const units = paragraphs.flatMap((p) => pieces(withinLinks(p, changes), max));
  const parts: string[] = [];
  for (const unit of units) {
    const last = parts[parts.length - 1];
    const joined = last === undefined ? unit : `${last}\n\n${unit}`;
    if (last !== undefined && countChars(joined) <= max && uniqueLinks(joined).length <= MAX_POST_LINKS) {
      parts[parts.length - 1] = joined;
    } else parts.push(unit);
  }
  if (parts.length === 1 && opts.force) {
    const halves = units.length > 1 ? splitInTwo(units, "\n\n") : splitInTwo((parts[0] ?? "").split(SENTENCE_END), " ");
    if (halves) return { parts: halves, changes };
  }
  if (parts.length > MAX_CHAIN_PARTS) {
    changes.push(`dropped ${parts.length - MAX_CHAIN_PARTS} parts past the limit of ${MAX_CHAIN_PARTS}`);
    parts.length = MAX_CHAIN_PARTS;
  }
  return { parts, changes };
}

/** Two parts of about equal length, cut between units; null when there is only one unit. */
function splitInTwo(units: string[], sep: string): [string, string] | null {
  const xs = units.map((u) => u.trim()).filter(Boolean);
  if (xs.length < 2) return null;
  const total = xs.reduce((n, u) => n + countChars(u), 0);
  let acc = 0;
  let cut = 1;
  for (let i = 0; i < xs.length - 1; i++) {
    acc += countChars(xs[i] ?? "");
    cut = i + 1;
    if (acc >= total / 2) break;
  }
  return [xs.slice(0, cut).join(sep), xs.slice(cut).join(sep)];
}
