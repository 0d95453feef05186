// Text shaping for Threads posts. The limits themselves (an emoji counts its UTF-8 bytes, what
// counts as a link) are the ones the publisher checks before calling the API, so a formatted post
// always passes that check.
import { countPostChars, slicePostChars } from "../providers/threads/limits.ts";
export {
  MAX_POST_CHARS,
  MAX_POST_LINKS,
  countPostChars as countChars,
  findLinks,
  uniqueLinks,
} from "../providers/threads/limits.ts";

const EMOJI = /\p{Extended_Pictographic}(?:\uFE0F|\u200D\p{Extended_Pictographic})*/gu;

export const findEmoji = (text: string): string[] => text.match(EMOJI) ?? [];

const EMOJI_WITH_LEADING_SPACE = new RegExp(`[ \\t]*(?:${EMOJI.source})`, "gu");

/** Removes emoji and the space before each, so "Body 🎉." becomes "Body.". */
export const stripEmoji = (text: string): string => text.replace(EMOJI_WITH_LEADING_SPACE, "");

/** Trims lines, collapses runs of spaces and blank lines, drops zero-width characters. */
export function cleanWhitespace(text: string): string {
  return text
    .replace(/\r\n?/g, "\n")
    .replace(/[\u200B\u200C\u2060\uFEFF]/g, "")
    .split("\n")
    .map((line) => line.replace(/[ \t\u00A0]+/g, " ").trim())
    .join("\n")
    .replace(/\n{3,}/g, "\n\n")
    .trim();
}

/** Cuts to `max` characters as Threads counts them, at the last sentence end if one is near, else at a word, adding "…". */
export function truncateChars(text: string, max: number): string {
  if (countPostChars(text) <= max) return text;
  const head = slicePostChars(text, max - 1);
  const sentenceEnd = Math.max(
    head.lastIndexOf(". "),
    head.lastIndexOf("! "),
    head.lastIndexOf("? "),
    head.lastIndexOf("\n"),
  );
  if (sentenceEnd > head.length * 0.6) return head.slice(0, sentenceEnd + 1).trim();
  const space = head.lastIndexOf(" ");
  return `${(space > head.length * 0.6 ? head.slice(0, space) : head).trim()}…`;
}
