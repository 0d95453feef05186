// Building blocks of the injection rules (injection.ts, injection-intent.ts).
// Rules read the `words` views: every run of characters that are not letters or digits is one
// space, so the patterns need only ASCII classes (V8 compiles large Unicode-class patterns slowly,
// and a Worker pays that on every cold start).
export const SEP = " ";
const WORD = "[^ ]+";
const START = "(?<![^ ])";
const END = "(?![^ ])";
/** Up to n filler words between two parts. */
export const gap = (n: number) => `(?:${SEP}${WORD}){0,${n}}${SEP}`;
/** Alternatives; apostrophes, hyphens and spaces inside one become the single separator. */
export const alt = (words: string) =>
  `(?:${words
    .split("|")
    .map((w) => w.trim().replace(/[\s'’-]+/g, SEP))
    .join("|")})`;
export const re = (src: string) => new RegExp(src);
/** Words in order with filler between them, whole words only. */
export const phrase = (...parts: (string | number)[]) => {
  let src = START;
  for (const [i, p] of parts.entries()) {
    if (typeof p === "number") continue;
    if (i > 0) src += typeof parts[i - 1] === "number" ? gap(parts[i - 1] as number) : SEP;
    src += p;
  }
  return re(src + END);
};

/**
 * A lookbehind that keeps a rule from matching right after a negation ("never share your password").
 * The rules read the words view, where "don't" is "don t" (the apostrophe is a separator).
 */
export const NOT_NEGATED = String.raw`(?<!(?:never|not|don t|dont|do not|nunca|jamais|niemals|nie|mai|никогда|не)${SEP})`;

export interface Rule {
  why: string;
  re: RegExp;
}

// Chinese and Japanese: no spaces between words, so parts are joined by a short run of
// characters within one sentence.
export const within = (n: number) => `[^。！？!?\\n]{0,${n}}`;
