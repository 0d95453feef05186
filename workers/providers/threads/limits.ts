// Threads' documented post limits, checked before a container is created so a violation is
// reported to the operator as a clear message instead of a Graph error after the fact.
//
// Source (docs/conformance.md, "Post text"): https://developers.facebook.com/documentation/threads/posts
// (updated 2026-04-14): "Text posts are limited to 500 characters. Emojis are counted as the number
// of UTF-8 bytes." So 😀 (4 bytes) counts 4 and 👍🏽 (8 bytes) counts 8, while é or 中 count 1.
// Links: https://developers.facebook.com/documentation/threads/create-posts/text-attachments
// (updated 2026-07-02): at most 5 links, and "All unique URLs found in the text field are counted".

export const MAX_POST_CHARS = 500;
export const MAX_POST_LINKS = 5;

export type LimitViolationCode = "empty" | "too_long" | "too_many_links";

export interface LimitViolation {
  code: LimitViolationCode;
  message: string;
  limit: number;
  actual: number;
}

// Explicit URLs and bare domains on common TLDs ("example.com/x"); a bare word.word on an
// unlisted TLD (Node.js, e.g.) is not counted, to avoid false positives in prose.
const URL_RE =
  /\bhttps?:\/\/[^\s]+|\bwww\.[^\s]+|\b(?:[a-z0-9-]+\.)+(?:com|net|org|io|co|ai|dev|app|me|ly|gg|xyz|info|biz|tv|so|to|sh|link|news|blog|site|shop|us|uk|de|fr|ca|au|in|jp)\b(?:\/[^\s]*)?/gi;

// A grapheme that is (part of) an emoji: pictographs, regional-indicator flags, keycaps.
const EMOJI_GRAPHEME = /\p{Extended_Pictographic}|\p{Regional_Indicator}|\u20E3/u;
const utf8 = new TextEncoder();
const graphemes = new Intl.Segmenter(undefined, { granularity: "grapheme" });

/** Unicode code points (an astral emoji is one). Not Threads' rule: see countPostChars. */
export function countCodePoints(text: string): number {
  let n = 0;
  for (const _ of text) n++;
  return n;
}

/**
 * The length Threads measures against the 500 limit: every emoji (the whole sequence, with its
 * skin-tone modifier, ZWJ and variation selectors) counts its UTF-8 bytes, everything else one
 * per code point.
 */
export function countPostChars(text: string): number {
  let n = 0;
  for (const { segment } of graphemes.segment(text)) {
    n += EMOJI_GRAPHEME.test(segment) ? utf8.encode(segment).length : countCodePoints(segment);
  }
  return n;
}

/**
 * The longest prefix of `text` (whole graphemes) whose countPostChars is at most `max`, so a cut
 * never splits an emoji sequence.
 */
export function slicePostChars(text: string, max: number): string {
  let n = 0;
  let out = "";
  for (const { segment } of graphemes.segment(text)) {
    const len = EMOJI_GRAPHEME.test(segment) ? utf8.encode(segment).length : countCodePoints(segment);
    if (n + len > max) break;
    n += len;
    out += segment;
  }
  return out;
}

/** Every link occurrence, in order (duplicates included). */
export function findLinks(text: string): string[] {
  return text.match(URL_RE) ?? [];
}

/** The links Threads counts toward the 5-link limit: unique URLs, first occurrence order. */
export function uniqueLinks(text: string): string[] {
  return [...new Set(findLinks(text))];
}

export function checkPostLimits(text: string, limits: { maxChars?: number; maxLinks?: number } = {}): LimitViolation[] {
  const maxChars = limits.maxChars ?? MAX_POST_CHARS;
  const maxLinks = limits.maxLinks ?? MAX_POST_LINKS;
  const violations: LimitViolation[] = [];
  const chars = countPostChars(text);
  if (text.trim().length === 0) {
    violations.push({ code: "empty", message: "Post text is empty", limit: 1, actual: 0 });
  }
  if (chars > maxChars) {
    violations.push({
      code: "too_long",
      message: `Post is ${chars} characters as Threads counts them (an emoji counts its UTF-8 bytes); Threads allows at most ${maxChars} (remove ${chars - maxChars})`,
      limit: maxChars,
      actual: chars,
    });
  }
  const links = uniqueLinks(text).length;
  if (links > maxLinks) {
    violations.push({
      code: "too_many_links",
      message: `Post contains ${links} different links; Threads allows at most ${maxLinks}`,
      limit: maxLinks,
      actual: links,
    });
  }
  return violations;
}
