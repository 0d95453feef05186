// The guardrail checks: prompt injection and personal data, on normalised text (workers/text/normalize.ts),
// including text hidden in Unicode tag characters and base64 payloads, which are decoded and
// checked again. Each check returns what it found, so a rejection can say why.
import { injectionReasons } from "./injection.ts";
import { plainText, textViews, type TextViews } from "../text/normalize.ts";
import { personalDataKinds } from "./personal-data.ts";

// Base64 (standard or URL-safe) long enough to carry a sentence.
const BASE64_RUN = /[A-Za-z0-9+/_-]{16,}={0,2}/g;
const MAX_DEPTH = 2;

/** Text that a base64 run decodes to, when it decodes to readable UTF-8 with words in it. */
function decodeBase64(run: string): string | null {
  const std = run.replace(/-/g, "+").replace(/_/g, "/").replace(/=+$/, "");
  if (std.length % 4 === 1) return null;
  let bin: string;
  try {
    bin = atob(std + "=".repeat((4 - (std.length % 4)) % 4));
  } catch {
    return null;
  }
  const bytes = Uint8Array.from(bin, (c) => c.charCodeAt(0));
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    return null;
  }
  const printable = [...text].filter((ch) => /[\p{L}\p{N}\p{P}\p{Zs}\n\t\p{S}\p{M}\p{Cf}]/u.test(ch)).length;
  // Words are judged after normalising: the payload may itself be split by zero-width characters.
  return printable / Math.max(1, [...text].length) >= 0.9 && /\p{L}{2,}/u.test(plainText(text)) ? text : null;
}

/** The text itself plus every layer hidden in it (tag characters, base64), with how it was hidden. */
function layers(text: string, depth = 0, how = ""): { views: TextViews; how: string }[] {
  const views = textViews(text);
  const out = [{ views, how }];
  if (depth >= MAX_DEPTH) return out;
  if (views.hidden) out.push(...layers(views.hidden, depth + 1, "hidden in invisible Unicode tag characters"));
  for (const run of plainText(text).match(BASE64_RUN) ?? []) {
    const decoded = decodeBase64(run);
    if (decoded) out.push(...layers(decoded, depth + 1, "base64-encoded"));
  }
  return out;
}

const label = (why: string, how: string) => (how ? `${why} (${how})` : why);

export function findInjection(text: string): string[] {
  const found = new Set<string>();
  for (const { views, how } of layers(text)) {
    for (const why of injectionReasons(views)) found.add(label(why, how));
    // There is no honest reason to write in invisible tag characters outside emoji flags.
    if (/\p{L}{3,}/u.test(views.hidden)) found.add("text hidden in invisible Unicode tag characters");
  }
  return [...found];
}

export function findPersonalData(text: string): string[] {
  const found = new Set<string>();
  for (const { views, how } of layers(text))
    for (const kind of personalDataKinds(views.clean)) found.add(label(kind, how));
  return [...found];
}

const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/**
 * Whole-word, case-insensitive; a phrase matches across any whitespace. Reads the normalised
 * text too, so look-alike letters, zero-width characters or accents do not hide a blocked word.
 */
export function findBlockedWords(text: string, blocked: string[]): string[] {
  const { clean, folded } = textViews(text);
  const forms = [text, clean, folded];
  return blocked.filter((w) => {
    const word = textViews(w.trim()).clean;
    const pattern = escapeRe(word).replace(/\s+/g, "\\s+");
    if (pattern === "") return false;
    const re = new RegExp(`(?<![\\p{L}\\p{N}])${pattern}(?![\\p{L}\\p{N}])`, "iu");
    return forms.some((f) => re.test(f));
  });
}

export type GuardrailCheck = "prompt_injection" | "personal_data";

export interface GuardrailFinding {
  check: GuardrailCheck;
  found: string[];
}

/** The first check the text fails, or null. Personal data only when the persona blocks it. */
export function inspectText(text: string, opts: { personalData: boolean }): GuardrailFinding | null {
  const injection = findInjection(text);
  if (injection.length) return { check: "prompt_injection", found: injection };
  if (opts.personalData) {
    const pii = findPersonalData(text);
    if (pii.length) return { check: "personal_data", found: pii };
  }
  return null;
}
