// Small text utilities for the offline writer: casing, clipping, sentence splitting and the
// "is this sentence already used?" test that a de-duplication rewrite relies on.

/** Upper-cases the first letter unless the first word is deliberately cased (iPhone, eBay). */
export function capitalise(text: string): string {
  const firstWord = text.split(/\s/, 1)[0] ?? "";
  if (/^[a-z]+[A-Z]/.test(firstWord)) return text;
  return text.charAt(0).toUpperCase() + text.slice(1);
}

export function collapseSpaces(text: string): string {
  return text.replace(/\s+/g, " ").trim();
}

/** Cuts at a word boundary so no word is ever split; `ellipsis` marks that text was dropped. */
export function clipWords(text: string, maxChars: number, ellipsis = false): string {
  if (text.length <= maxChars) return text;
  const room = ellipsis ? maxChars - 1 : maxChars;
  const cut = text.slice(0, room + 1);
  const lastSpace = cut.lastIndexOf(" ");
  const base = (lastSpace > room * 0.5 ? cut.slice(0, lastSpace) : text.slice(0, room)).replace(/[\s,;:.\-–—]+$/, "");
  return ellipsis ? `${base}…` : base;
}

/** Quoted material (a pain statement, a trend snippet): one line, no wrapping quotes or
 * trailing punctuation, short enough to sit inside a sentence. */
export function cleanQuote(raw: string | null | undefined, maxChars: number): string | null {
  if (!raw) return null;
  const text = collapseSpaces(raw)
    .replace(/^["'“”‘’«»\s]+|["'“”‘’«»\s]+$/g, "")
    .replace(/[.!?;:,\s]+$/, "");
  if (text.length < 3 || !/\p{L}/u.test(text)) return null;
  return capitalise(clipWords(text, maxChars, true));
}

export function splitSentences(text: string): string[] {
  return text
    .split(/(?<=[.!?…])\s+|\n+/)
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
}

/** Comparable form of a sentence: case, punctuation and list numbering removed. */
export function normaliseSentence(sentence: string): string {
  return collapseSpaces(
    sentence
      .toLowerCase()
      .replace(/^\s*\d+[.)]\s*/, "")
      .replace(/[^\p{L}\p{N}\s']/gu, " "),
  );
}

function wordSet(normalised: string): Set<string> {
  return new Set(normalised.split(" ").filter((w) => w.length > 0));
}

/** The avoided sentences, normalised once so every candidate check is cheap. */
export class AvoidList {
  private readonly exact = new Set<string>();
  private readonly sets: Set<string>[] = [];

  constructor(texts: readonly string[]) {
    for (const text of texts) for (const sentence of splitSentences(text)) this.add(sentence);
  }

  add(sentence: string): void {
    const norm = normaliseSentence(sentence);
    if (norm.length === 0) return;
    this.exact.add(norm);
    this.sets.push(wordSet(norm));
  }

  /** True when any sentence of `text` repeats, or nearly repeats, an avoided sentence. */
  clashes(text: string): boolean {
    return splitSentences(text).some((s) => this.sentenceClashes(s));
  }

  private sentenceClashes(sentence: string): boolean {
    const norm = normaliseSentence(sentence);
    if (this.exact.has(norm)) return true;
    // The same clause behind a different lead-in ("Short answer: X" vs "In short: X") is reuse too.
    if (norm.length >= 24) {
      for (const other of this.exact)
        if (other.includes(norm) || (other.length >= 24 && norm.includes(other))) return true;
    }
    const words = wordSet(norm);
    if (words.size < 5) return false;
    return this.sets.some((other) => {
      let shared = 0;
      for (const w of words) if (other.has(w)) shared++;
      return shared / (words.size + other.size - shared) >= 0.8;
    });
  }
}
