import {
  MAX_POST_CHARS,
  MAX_POST_LINKS,
  cleanWhitespace,
  countChars,
  findEmoji,
  findLinks,
  stripEmoji,
  truncateChars,
} from "../../text/threads-text.ts";
import { stripUnsafeText } from "../../text/unsafe-chars.ts";
import { splitChain } from "../../text/chain.ts";
import type { FormatOutput, IngestOutput, Step } from "../types.ts";
import { need } from "../types.ts";

/** "auto": a chain only when the text does not fit one post. */
export type ChainShape = "single" | "chain" | "auto";

/**
 * Shapes hook + body into a valid Threads post. The persona's `emoji` setting: empty leaves the
 * text alone, "none" removes emoji, otherwise the configured emoji, as written ("🔥🚀" stays
 * "🔥🚀"), end the hook, once.
 */
export function formatPost(
  hook: string,
  body: string,
  emojiSetting: string | null,
  shape: ChainShape = "single",
): FormatOutput {
  const changes: string[] = [];
  // Last line of defence: NUL, escape codes, bidi overrides and stray tag characters never reach
  // a post, whatever the writer produced.
  const safeHook = stripUnsafeText(hook);
  const safeBody = stripUnsafeText(body);
  if (safeHook !== hook.replace(/\r\n?/g, "\n") || safeBody !== body.replace(/\r\n?/g, "\n"))
    changes.push("removed control and invisible characters");
  let head = cleanWhitespace(safeHook);
  let rest = cleanWhitespace(safeBody);

  const setting = emojiSetting?.trim() ?? "";
  if (setting.toLowerCase() === "none") {
    if (findEmoji(head + rest).length) changes.push("removed emoji");
    head = stripEmoji(head).trim();
    rest = stripEmoji(rest).trim();
  } else if (setting) {
    const mine = findEmoji(setting).join("");
    if (mine && !head.endsWith(mine)) {
      head = `${head} ${mine}`;
      changes.push(`added emoji ${mine}`);
    }
  }

  let text = cleanWhitespace(rest ? `${head}\n\n${rest}` : head);
  // A chain when one was asked for, or (the writer decides) when the text is too long for one post.
  if (shape === "chain" || (shape === "auto" && countChars(text) > MAX_POST_CHARS)) {
    const split = splitChain(text, { force: shape === "chain" });
    if (split.parts.length >= 2) {
      const joined = split.parts.join("\n\n");
      return {
        text: joined,
        chars: Math.max(...split.parts.map(countChars)),
        links: findLinks(joined).length,
        changes: [...changes, ...split.changes, `split into a chain of ${split.parts.length} parts`],
        format: "chain",
        parts: split.parts,
      };
    }
    changes.push("one sentence cannot be a chain: kept as a single post");
  }
  const links = findLinks(text);
  if (links.length > MAX_POST_LINKS) {
    for (const extra of links.slice(MAX_POST_LINKS)) text = text.replace(extra, "");
    text = cleanWhitespace(text);
    changes.push(`removed ${links.length - MAX_POST_LINKS} links over the limit of ${MAX_POST_LINKS}`);
  }
  if (countChars(text) > MAX_POST_CHARS) {
    text = truncateChars(text, MAX_POST_CHARS);
    changes.push(`shortened to ${MAX_POST_CHARS} characters`);
  }
  return { text, chars: countChars(text), links: findLinks(text).length, changes, format: "single", parts: null };
}

/** single or chain as the task's format asks; without one, the writer decides by length ("auto"). */
export function chainShape(ing: IngestOutput): ChainShape {
  return ing.format === "chain" ? "chain" : ing.format === undefined ? "auto" : "single";
}

export const format: Step<"format"> = async (_ctx, state) => {
  const ing = need(state, "ingest");
  const out = formatPost(
    need(state, "hook").text,
    need(state, "body").text,
    ing.persona.emoji ?? null,
    chainShape(ing),
  );
  return {
    output: out,
    detail: { chars: out.chars, links: out.links, changes: out.changes, format: out.format, parts: out.parts?.length },
  };
};
