// Characters that never belong in text we accept or publish: control characters other than
// newline and tab (NUL, escape codes, C1), bidirectional overrides and isolates (they reorder
// what a reader sees, the "Trojan Source" trick), and invalid UTF-16 (lone surrogates).
// The API rejects them (workers/api/schemas/common.ts); the format step strips them from posts.

// No `u` flag: lone surrogates are only visible as single code units.
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is this pattern's job
const CONTROL = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F]/;
const BIDI_CONTROL = /[\u202A-\u202E\u2066-\u2069]/;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** What is wrong with the string, worded to follow "<field>: ", or null when it is clean. */
export function unsafeTextProblem(s: string): string | null {
  if (CONTROL.test(s)) return "contains a control character (only newline and tab are allowed)";
  if (BIDI_CONTROL.test(s)) return "contains a bidirectional override or isolate character";
  if (LONE_SURROGATE.test(s)) return "contains invalid UTF-16 (a lone surrogate)";
  return null;
}

const G = (re: RegExp) => new RegExp(re.source, "g");
const CONTROL_ALL = G(CONTROL);
const BIDI_ALL = G(BIDI_CONTROL);
const LONE_ALL = G(LONE_SURROGATE);
// Tag characters only belong in emoji flag sequences (🏴 + tag letters + cancel tag).
const STRAY_TAG = /(?<!\u{1F3F4}[\u{E0020}-\u{E007E}]*)[\u{E0000}-\u{E007F}]/gu;
// Invisible characters that split words without showing anything. ZWJ/ZWNJ stay: emoji
// sequences and Persian or Indic spelling need them.
const INVISIBLE = /[\u00AD\u180E\u200B\u2060-\u2064\uFEFF]/g;

/** Removes what unsafeTextProblem reports, plus stray tag and invisible characters (CRLF → LF). */
export function stripUnsafeText(s: string): string {
  return s
    .replace(/\r\n?/g, "\n")
    .replace(LONE_ALL, "")
    .replace(CONTROL_ALL, "")
    .replace(BIDI_ALL, "")
    .replace(STRAY_TAG, "")
    .replace(INVISIBLE, "");
}
