// Turns text into the forms the guardrail checks read, so that a trick that changes how text
// is encoded but not what a reader (or a model) understands does not change the verdict.
//
// clean:  NFKC (full-width and styled letters/digits become plain ones), invisible characters
//         removed (zero-width, soft hyphen, word joiner, variation selectors, tag and bidi
//         controls), right-to-left overrides resolved (the stored text is reversed so that it
//         displays forwards), every digit script mapped to 0-9, spaces unified, Latin accents
//         dropped, lower case. Personal-data checks read this view.
// folded: clean, with Cyrillic and Greek look-alike letters mapped to the Latin ones.
// leet:   folded, with leetspeak digits and symbols inside words read as letters (two readings
//         of "1": i and l).
// squashed: folded leet with everything but letters removed ("i g n o r e", "ign.ore").
// hidden: text smuggled as Unicode tag characters (U+E0020..E007E mirror ASCII), decoded.

export interface TextViews {
  clean: string;
  folded: string;
  leet: string[];
  /** clean, folded and leet with every run of non-letters (punctuation, newlines…) as one space. */
  words: string[];
  squashed: string;
  /** ASCII text carried by tag characters outside emoji flag sequences, "" when none. */
  hidden: string;
}

const FLAG_SEQUENCE = /\u{1F3F4}[\u{E0020}-\u{E007E}]+\u{E007F}/gu;
const TAG_CHAR = /[\u{E0000}-\u{E007F}]/gu;
const RLO_SPAN = /[\u202E\u202D]([^\u202A-\u202E\u2066-\u2069]*)(?:\u202C|$)/gu;
const INVISIBLE =
  // biome-ignore lint/suspicious/noMisleadingCharacterClass: each variation selector and joiner is matched alone, on purpose
  /[\u00AD\u034F\u061C\u115F\u1160\u17B4\u17B5\u180B-\u180F\u200B-\u200F\u202A-\u202E\u2060-\u206F\u3164\uFE00-\uFE0F\uFEFF\uFFA0\u{1D173}-\u{1D17A}\u{E0000}-\u{E0FFF}]/gu;
const DIGIT = /\p{Nd}/gu;
const NOT_WORD = /[^\p{L}\p{N}]+/gu;
const SPACE = /[\p{Zs}\u180E]/gu;
const DASH = /[\u2010-\u2015\u2212\uFE58\uFE63\uFF0D]/g;

/** Tag characters decoded to ASCII, skipping the ones that spell emoji flag sequences. */
function decodeTags(text: string): string {
  let out = "";
  for (const ch of text.replace(FLAG_SEQUENCE, "").match(TAG_CHAR) ?? []) {
    const cp = ch.codePointAt(0)! - 0xe0000;
    if (cp >= 0x20 && cp <= 0x7e) out += String.fromCharCode(cp);
  }
  return out;
}

const digitValues = new Map<string, string>();
/**
 * The value of a decimal digit of any script. Unicode lays out every decimal digit set as a run
 * of ten code points starting at zero, so the value is the distance from the run's start, mod 10.
 */
function asciiDigit(d: string): string {
  let v = digitValues.get(d);
  if (v === undefined) {
    let cp = d.codePointAt(0)!;
    let back = 0;
    while (back < 60 && /\p{Nd}/u.test(String.fromCodePoint(cp - 1))) {
      cp--;
      back++;
    }
    v = String(back % 10);
    digitValues.set(d, v);
  }
  return v;
}

// Latin letters with a stroke or without a dot, which NFD does not split into letter + mark:
// Polish ł, Vietnamese đ, Turkish ı, Danish ø, Maltese ħ.
const STROKED: Record<string, string> = { ł: "l", Ł: "L", đ: "d", Đ: "D", ı: "i", ø: "o", Ø: "O", ħ: "h", Ħ: "H" };

/** Drops accents from Latin letters only: Cyrillic й or Japanese が keep their marks. */
const stripLatinAccents = (s: string) =>
  s
    .normalize("NFD")
    .replace(/([A-Za-z])[\u0300-\u036F]+/g, "$1")
    .normalize("NFC")
    .replace(/[łŁđĐıøØħĦ]/g, (c) => STROKED[c] ?? c);

const CONFUSABLE: Record<string, string> = {
  // Cyrillic
  а: "a",
  в: "b",
  е: "e",
  ё: "e",
  к: "k",
  м: "m",
  н: "h",
  о: "o",
  р: "p",
  с: "c",
  т: "t",
  у: "y",
  х: "x",
  ѕ: "s",
  і: "i",
  ї: "i",
  ј: "j",
  ԁ: "d",
  ԛ: "q",
  ԝ: "w",
  һ: "h",
  ӏ: "l",
  ү: "y",
  ɡ: "g",
  // Greek
  α: "a",
  β: "b",
  ε: "e",
  η: "n",
  ι: "i",
  κ: "k",
  ν: "v",
  ο: "o",
  ρ: "p",
  τ: "t",
  υ: "u",
  χ: "x",
  ω: "w",
  γ: "y",
  μ: "u",
  ϲ: "c",
  ϳ: "j",
  // Latin look-alikes and small capitals that NFKC leaves alone
  ı: "i",
  ȷ: "j",
  ɑ: "a",
  ɩ: "i",
  ʀ: "r",
  ᴀ: "a",
  ʙ: "b",
  ᴄ: "c",
  ᴅ: "d",
  ᴇ: "e",
  ɢ: "g",
  ʜ: "h",
  ɪ: "i",
  ᴊ: "j",
  ᴋ: "k",
  ʟ: "l",
  ᴍ: "m",
  ɴ: "n",
  ᴏ: "o",
  ᴘ: "p",
  ꞯ: "q",
  ꜱ: "s",
  ᴛ: "t",
  ᴜ: "u",
  ᴠ: "v",
  ᴡ: "w",
  ʏ: "y",
  ᴢ: "z",
};
const CONFUSABLE_RE = new RegExp(`[${Object.keys(CONFUSABLE).join("")}]`, "gu");

const LEET_I: Record<string, string> = {
  "0": "o",
  "1": "i",
  "3": "e",
  "4": "a",
  "5": "s",
  "7": "t",
  "8": "b",
  "9": "g",
  "@": "a",
  $: "s",
  "!": "i",
  "|": "l",
  "€": "e",
  "+": "t",
};
const LEET_L: Record<string, string> = { ...LEET_I, "1": "l", "!": "l" };
// A "word" for leetspeak: letters mixed with leet symbols (a run without letters is a number).
const LEET_WORD = /[\p{L}0-9@$!|€+]*[0-9@$!|€+][\p{L}0-9@$!|€+]*/gu;
const leetRead = (s: string, table: Record<string, string>) =>
  s.replace(LEET_WORD, (w) => (/\p{L}/u.test(w) ? [...w].map((ch) => table[ch] ?? ch).join("") : w));

/** NFKC and invisibles out, digits to ASCII, spaces and dashes unified; case and accents kept. */
export function plainText(text: string): string {
  return text
    .replace(RLO_SPAN, (_m, inner: string) => [...inner].reverse().join(""))
    .normalize("NFKC")
    .replace(INVISIBLE, "")
    .replace(DIGIT, asciiDigit)
    .replace(SPACE, " ")
    .replace(DASH, "-");
}

// Letters spaced or interleaved one by one with the same separator ("d i s r e g a r d",
// "i-g-n-o-r-e", "r.u.l.e.s", "n o") read as the word they spell (a letter next to a digit or a
// combining mark is part of a word: "n0w D4N", Devanagari "भूल जाओ"); a wider gap or another separator
// between runs stays a word break, so "i g n o r e   a l l" reads "ignore all" (one space).
const SPELLED = /(?<![\p{L}\p{M}\p{N}])\p{L}([ .\-_*·/|+])(?:\p{L}\1)*\p{L}(?![\p{L}\p{M}\p{N}])/gu;
const despace = (s: string) =>
  s.replace(SPELLED, (m) => m.replace(/[^\p{L}]/gu, "")).replace(/(?<=\p{L}) {2,}(?=\p{L})/gu, " ");
// Arabic vowel marks and the tatweel are optional in writing: "انسَ" is "انس".
const ARABIC_MARKS = /[\u0640\u064B-\u065F\u0670]/g;

export function textViews(text: string): TextViews {
  const clean = despace(stripLatinAccents(plainText(text)).toLowerCase().replace(ARABIC_MARKS, ""));
  const folded = clean.replace(CONFUSABLE_RE, (ch) => CONFUSABLE[ch] ?? ch);
  const leet = [leetRead(folded, LEET_I), leetRead(folded, LEET_L)];
  const words = [clean, folded, ...leet].map((v) => ` ${v.replace(NOT_WORD, " ")} `);
  return { clean, folded, leet, words, squashed: (leet[0] ?? "").replace(/[^\p{L}]+/gu, ""), hidden: decodeTags(text) };
}
