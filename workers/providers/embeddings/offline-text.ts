// Text analysis for the offline embedder: Unicode-aware tokenising, stop words, a light
// English stemmer. Deliberately small and dependency-free so it runs in any Worker.

const STOP = new Set(
  // English function words and social-media filler
  (
    "a about above after again against all also am an and any are aren't as at be because been before being " +
    "below between both but by can can't could couldn't did didn't do does doesn't doing don't down during each " +
    "either else even ever every few for from further get gets getting got had hadn't has hasn't have haven't having he " +
    "her here hers herself him himself his how i i'd i'll i'm i've if in into is isn't it it's its itself just " +
    "let's like lot lots me might more most much must my myself need needs no nor not now of off on once only or " +
    "other ought our ours ourselves out over own really same shall she should shouldn't so some such than that " +
    "that's the their theirs them themselves then there there's these they they'd they'll they're they've this those " +
    "through to too under until up upon us very was wasn't we we'd we'll we're we've were weren't what what's when " +
    "where which while who who's whom why will with won't would wouldn't yet you you'd you'll you're you've your " +
    "yours yourself yourselves honestly actually basically literally thing things stuff gonna wanna way ok okay yeah " +
    "anyway anything everything something nothing someone everyone anyone one's i’m it’s don’t can’t you’re " +
    // German, Spanish, French, Portuguese, Italian: the commonest function words only
    "der die das den dem des ein eine einen einem einer und oder aber ist sind war nicht mit zu im in am an auf " +
    "für von bei auch wenn dass es ich du er sie wir ihr man sich so wie noch nur schon " +
    "el la los las un una unos unas y o pero es son fue de del que en por para con no se lo le su sus al como más muy ya " +
    "le les des et ou mais est sont pas du au aux ce cette qui que je tu il elle nous vous ils elles pour avec sur dans " +
    "o os as um uma é são do da dos das em com não para il lo gli di che e è non per con"
  ).split(/\s+/),
);

const NUMBER_WORDS: Record<string, string> = {
  zero: "0",
  one: "1",
  two: "2",
  three: "3",
  four: "4",
  five: "5",
  six: "6",
  seven: "7",
  eight: "8",
  nine: "9",
  ten: "10",
  eleven: "11",
  twelve: "12",
  fifteen: "15",
  twenty: "20",
  thirty: "30",
  forty: "40",
  fifty: "50",
  hundred: "100",
  thousand: "1000",
  half: "0.5",
  twice: "2x",
  double: "2x",
  doubled: "2x",
  dozen: "12",
};

/** Scripts written without spaces: indexed as overlapping character bigrams instead of words. */
const UNSPACED =
  /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Thai}\p{Script=Lao}\p{Script=Khmer}\p{Script=Myanmar}ー々]+/u;
const TOKEN = new RegExp(`${UNSPACED.source}|[\\p{L}\\p{M}\\p{N}]+(?:['’][\\p{L}\\p{M}]+)*`, "gu");

export interface Analysed {
  /** Stems of the words, in order; stop words stay (the IDF table weighs them down, isStopStem). */
  words: string[];
  /** Runs of unspaced-script text (CJK, Thai...), for bigrams and dictionary lookup. */
  unspaced: string[];
  /** Every spaced-script token, lower-cased and unstemmed, stop words kept (for phrases). */
  raw: string[];
}

const STOP_STEMS = new Set([...STOP].map((w) => stem(w.replace(/['’]s$/, ""))));

/** A function word of one of the listed languages: weighed as the commonest words when the IDF table lacks it. */
export const isStopStem = (word: string): boolean => STOP_STEMS.has(word);

export function analyse(text: string): Analysed {
  const clean = text
    .normalize("NFKC")
    .toLowerCase()
    .replace(/https?:\/\/\S+|www\.\S+/g, " ")
    .replace(/(^|\s)@[\w.]+/g, " ");
  const words: string[] = [];
  const unspaced: string[] = [];
  const raw: string[] = [];
  for (const match of clean.matchAll(TOKEN)) {
    const token = match[0].replace(/’/g, "'");
    if (UNSPACED.test(token[0] ?? "")) {
      unspaced.push(token);
      continue;
    }
    raw.push(token);
    const bare = token.replace(/['’]s$/, "");
    const numeric = NUMBER_WORDS[bare];
    if (numeric) {
      words.push(numeric);
      continue;
    }
    if (bare.length < 2 && !/\p{N}/u.test(bare)) continue;
    words.push(stem(bare));
  }
  return { words, unspaced, raw };
}

/**
 * A light suffix stripper in the spirit of Porter's step 1 plus a few derivational endings.
 * It only has to map inflections of one word to the same key, not produce real words.
 */
export function stem(word: string): string {
  if (word.length <= 3 || !/^[a-z]+$/.test(word)) return word;
  let w = word;
  if (w.endsWith("sses")) w = w.slice(0, -2);
  else if (w.endsWith("ies") && w.length > 4) w = `${w.slice(0, -3)}y`;
  else if (w.endsWith("s") && !/(ss|us|is)$/.test(w)) w = w.slice(0, -1);
  for (const suffix of [
    "ization",
    "ational",
    "fulness",
    "iveness",
    "ation",
    "ement",
    "ment",
    "ness",
    "ingly",
    "edly",
    "ing",
    "ed",
    "ly",
    "er",
    "est",
    "ful",
  ]) {
    if (w.endsWith(suffix) && w.length - suffix.length >= 3) {
      w = w.slice(0, -suffix.length);
      break;
    }
  }
  if (/([b-df-hj-np-tv-z])\1$/.test(w) && !/(ll|ss|zz)$/.test(w)) w = w.slice(0, -1); // running -> run
  if (w.endsWith("e") && w.length > 3) w = w.slice(0, -1); // make / making -> mak
  if (w.endsWith("y") && w.length > 3) w = `${w.slice(0, -1)}i`; // happy / happiness -> happi
  return w;
}
