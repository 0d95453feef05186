// Is a completion in the persona's language? franc-min (trigram language identification, 82
// languages) on the text; too short or unidentifiable text is not judged.
import { franc } from "franc-min";

// ISO 639-1 (the persona's language tag) -> ISO 639-3 (what franc answers), for the languages
// franc-min knows that personas are likely to use. A tag outside this table is not checked.
const ISO6393: Record<string, string> = {
  en: "eng",
  es: "spa",
  de: "deu",
  fr: "fra",
  pt: "por",
  it: "ita",
  nl: "nld",
  pl: "pol",
  ru: "rus",
  uk: "ukr",
  tr: "tur",
  sv: "swe",
  ro: "ron",
  hu: "hun",
  cs: "ces",
  ja: "jpn",
  zh: "cmn",
  ko: "kor",
  ar: "arb",
  hi: "hin",
  id: "ind",
  vi: "vie",
  th: "tha",
  fa: "pes",
  he: "heb",
  el: "ell",
  bn: "ben",
  ta: "tam",
  sw: "swh",
  ms: "zlm",
};

/** franc needs a few words to judge. */
const MIN_CHARS = 40;

export interface LanguageVerdict {
  /** ISO 639-3 expected, or null when the persona's language is not checked. */
  expected: string | null;
  /** What franc identified ("und" when undetermined). */
  detected: string;
  matches: boolean;
}

export function checkLanguage(text: string, languageTag: string): LanguageVerdict {
  const expected = ISO6393[languageTag.toLowerCase().split("-")[0] ?? ""] ?? null;
  if (!expected || [...text].length < MIN_CHARS) return { expected, detected: "und", matches: true };
  const detected = franc(text, { minLength: 10 });
  return { expected, detected, matches: detected === "und" || detected === expected };
}
