// Threads' documented post limits, checked before a container is created so a violation is
// reported to the operator as a clear message instead of a Graph error after the fact.
// Threads counts characters as Unicode code points (an emoji outside the BMP is one), and
// accepts at most 5 links in a text post.

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

export function countCodePoints(text: string): number {
  let n = 0;
  for (const _ of text) n++;
  return n;
}

export function findLinks(text: string): string[] {
  return text.match(URL_RE) ?? [];
}

export function checkPostLimits(
  text: string,
  limits: { maxChars?: number; maxLinks?: number } = {},
): LimitViolation[] {
  const maxChars = limits.maxChars ?? MAX_POST_CHARS;
  const maxLinks = limits.maxLinks ?? MAX_POST_LINKS;
  const violations: LimitViolation[] = [];
  const chars = countCodePoints(text);
  if (text.trim().length === 0) {
    violations.push({ code: "empty", message: "Post text is empty", limit: 1, actual: 0 });
  }
  if (chars > maxChars) {
    violations.push({
      code: "too_long",
      message: `Post is ${chars} characters; Threads allows at most ${maxChars} (remove ${chars - maxChars})`,
      limit: maxChars,
      actual: chars,
    });
  }
  const links = findLinks(text).length;
  if (links > maxLinks) {
    violations.push({
      code: "too_many_links",
      message: `Post contains ${links} links; Threads allows at most ${maxLinks}`,
      limit: maxLinks,
      actual: links,
    });
  }
  return violations;
}
