// Parses the free-text topic an operator typed into what the phrasebooks need to build
// sentences that fit its grammar: a noun phrase ("return to office mandates", plural), a
// gerund phrase ("pricing your first SaaS"), a how-to ("how to price your first SaaS"), a
// question ("Is remote work dead?") or a claim ("remote work kills creativity"). Templates then
// use the phrase where a noun fits, the action where a verb fits, and quote a question or claim
// only as a sentence of its own, never pasted mid-sentence.
import type { NativeLanguage } from "./offline-language.ts";
import { clipWords, collapseSpaces } from "./offline-text.ts";

export type TopicKind = "noun" | "gerund" | "question" | "howto" | "claim";

export interface Topic {
  kind: TopicKind;
  /** A noun-like phrase for object positions ("about X"), kept short (≤ 6 words, 48 chars). */
  phrase: string;
  /** English agreement: "mandates are", "pricing is". */
  plural: boolean;
  /** How-to topics: the verb phrase ("price your first SaaS"); else null. */
  action: string | null;
  /** Question topics, as a sentence ending in "?"; else null. */
  question: string | null;
  /** Claim topics, as a sentence ending in "."; else null. */
  claim: string | null;
  /** Content words of the whole topic, in order: what the post must visibly be about. */
  keywords: string[];
  /** A problem to get through (burnout, debt) rather than a practice to get better at. */
  problem: boolean;
}

const STOPWORDS: Record<NativeLanguage, Set<string>> = {
  en: new Set(
    (
      "a an the and or but of for to in on at by with from into about as is are was were be vs versus how what why " +
      "when where who which your my our their its this that these those it i you we they do does not no so than then too very " +
      "after before over under without within during across through between like near around against beyond per via up should " +
      "can will would could must might may really just"
    ).split(" "),
  ),
  es: new Set(
    (
      "el la los las un una unos unas y o pero de del al a en por para con sin sobre que qué es son cómo como por " +
      "porqué cuál cuáles se su sus tu tus mi mis lo le les más muy ya no ni hay debería puedo puede"
    ).split(" "),
  ),
  de: new Set(
    (
      "der die das den dem des ein eine einen einem einer und oder aber ist sind war mit ohne zu zum zur im in am an " +
      "auf für von vom bei nach über unter wie was warum man sich so noch nur schon nicht kein keine soll sollte kann du ich wir"
    ).split(" "),
  ),
  fr: new Set(
    (
      "le la les l un une des du de d et ou mais est sont à au aux en pour par avec sans sur dans que qui quoi comment " +
      "pourquoi ce cette ces son sa ses ton ta tes mon ma mes se ne pas plus très faut il elle on vous nous"
    ).split(" "),
  ),
  pt: new Set(
    (
      "o a os as um uma uns umas e ou mas de do da dos das em no na nos nas por para com sem sobre que é são como " +
      "porque qual se seu sua seus suas teu tua meu minha mais muito já não vale deve devo pode"
    ).split(" "),
  ),
};

const PROBLEM_WORDS = new Set(
  (
    "burnout stress anxiety debt procrastination overwhelm fatigue loneliness churn layoffs insomnia imposter impostor " +
    "syndrome pain injury conflict overthinking perfectionism distraction distractions clutter bugs downtime turnover " +
    "rejection failure grief inflation scams misinformation addiction deadlines agotamiento estrés ansiedad deuda " +
    "procrastinación soledad despidos stress angst schulden prokrastination einsamkeit kündigungen épuisement anxiété " +
    "dette procrastination solitude licenciements esgotamento estresse ansiedade dívida procrastinação solidão demissões"
  ).split(" "),
);

// English words that turn a topic into a claim when they follow its first word.
const CLAIM_VERBS = new Set(
  (
    "is are was were isn't aren't kills kill beats beat makes make ruins ruin matters " +
    "doesn't don't won't will should can can't cannot needs hurts hurt helps help wins win loses lose changed killed replaced " +
    "replaces replace has have"
  ).split(" "),
);
const PLURAL_VERBS = new Set(
  "are were aren't kill beat make ruin matter work don't hurt help win lose replace have".split(" "),
);
const EN_QUESTION_START = /^(what|why|how|should|is|are|can|do|does|did|will|would|which|when|who|where|could)\b/i;
const HOWTO_START: Record<NativeLanguage, RegExp> = {
  en: /^(?:how to|how do (?:you|i|we)|how can (?:you|i|we))\s+/i,
  es: /^(?:c[oó]mo)\s+/i,
  de: /^(?:wie man|wie du|wie ihr|wie sie)\s+/i,
  fr: /^(?:comment)\s+/i,
  pt: /^(?:como)\s+/i,
};
const QUESTION_START: Record<NativeLanguage, RegExp> = {
  en: EN_QUESTION_START,
  es: /^(?:¿|qu[eé]|por qu[eé]|cu[aá]l|deber[ií]a|vale la pena|es\b)/i,
  de: /^(?:warum|was|wer|welche|sollte|soll|lohnt|ist|sind|brauchen)\b/i,
  fr: /^(?:pourquoi|quel|quelle|faut-il|est-ce|doit-on|peut-on)\b/i,
  pt: /^(?:por que|porque|qual|o que|vale a pena|devo|deveria)\b/i,
};
const LEADING_ARTICLE: Record<NativeLanguage, RegExp> = {
  en: /^$/,
  es: /^(?:el|la|los|las|un|una)\s+/i,
  de: /^(?:der|die|das|ein|eine)\s+/i,
  fr: /^(?:le|la|les|un|une)\s+|^l['’]/i,
  pt: /^(?:o|a|os|as|um|uma)\s+/i,
};
const NOT_GERUNDS = new Set(
  "thing things something nothing everything morning evening spring string king ring wing sibling ceiling pudding".split(
    " ",
  ),
);
const UNCOUNTABLE_S = /(ss|us|is|ics|news|ness|series|species|ous)$/i;
const IRREGULAR_PLURALS = new Set("people children women men teeth feet mice geese".split(" "));
const PP_START = new Set("of for in on with after about at from during without by".split(" "));
const MAX_TOPIC_CHARS = 48;
const MAX_TOPIC_WORDS = 6;

/** Strips what an operator might wrap a topic in (quotes, a hashtag, surrounding brackets). */
export function cleanTopic(raw: string): string {
  return collapseSpaces(raw)
    .replace(/^[\s"'“”‘’«»([{#]+/, "")
    .replace(/[\s"'“”‘’«»)\]}.,;:!]+$/, "");
}

export function keywordsOf(text: string, lang: NativeLanguage = "en"): string[] {
  const stop = STOPWORDS[lang];
  const seen = new Set<string>();
  const out: string[] = [];
  for (const raw of text.split(/[^\p{L}\p{N}+#'’-]+/u)) {
    // A leading "#" is a hashtag; a trailing one is part of the name (C#, F#).
    const word = raw.replace(/^['’#-]+|['’-]+$/g, "");
    const key = word.toLowerCase();
    if (word.length === 0 || stop.has(key) || seen.has(key)) continue;
    if (word.length < 2 && !/\p{N}|[A-Z]/u.test(word)) continue;
    seen.add(key);
    out.push(word);
  }
  return out;
}

function trimDangling(words: string[], stop: Set<string>): string[] {
  const out = [...words];
  while (out.length > 1 && stop.has((out[out.length - 1] ?? "").toLowerCase())) out.pop();
  return out;
}

/** Long phrases are cut at a word boundary and never end on "of" or "and". */
function shorten(phrase: string, lang: NativeLanguage): string {
  const stop = STOPWORDS[lang];
  let text = trimDangling(phrase.split(" ").slice(0, MAX_TOPIC_WORDS), stop).join(" ");
  if (text.length > MAX_TOPIC_CHARS) text = trimDangling(clipWords(text, MAX_TOPIC_CHARS).split(" "), stop).join(" ");
  return text.replace(/[\s,;:\-–—&/]+$/, "");
}

/** The longest run of content words: "seed round" in "Should you raise a seed round?". */
function contentRun(text: string, lang: NativeLanguage): string {
  const stop = STOPWORDS[lang];
  const runs: string[][] = [[]];
  for (const w of text
    .replace(/[¿?¡!.,;:]/g, " ")
    .split(/\s+/)
    .filter(Boolean)) {
    if (stop.has(w.toLowerCase()) || /^(raise|get|start|use|keep|make|makes|take|is|are|does|do)$/i.test(w))
      runs.push([]);
    else runs[runs.length - 1]?.push(w);
  }
  const best = runs.reduce((a, b) => (b.length >= a.length ? b : a), []);
  const run = best.length > 0 ? best : text.split(/\s+/).slice(-2);
  // A trailing predicate adjective is not part of the noun: "Is remote work dead?" -> "remote work".
  if (
    run.length > 1 &&
    /^(dead|over|overrated|worth|enough|necessary|possible|better|worse|real|dying|back)$/i.test(
      run[run.length - 1] ?? "",
    )
  )
    run.pop();
  return shorten(run.join(" "), lang);
}

/** "price" -> "pricing", "run" -> "running", "tie" -> "tying": enough for how-to topics. */
export function gerundOf(verb: string): string {
  const v = verb.toLowerCase();
  if (v.endsWith("ie")) return `${verb.slice(0, -2)}ying`;
  if (v.endsWith("e") && !/(ee|ye|oe)$/.test(v)) return `${verb.slice(0, -1)}ing`;
  if (/^[^aeiou]*[aeiou][bdgmnprt]$/.test(v)) return `${verb}${verb.slice(-1)}ing`;
  return `${verb}ing`;
}

function englishHead(words: string[]): string {
  const pp = words.findIndex((w, i) => i > 0 && PP_START.has(w.toLowerCase()));
  return (pp > 0 ? words[pp - 1] : words[words.length - 1]) ?? "";
}

function isPlural(head: string): boolean {
  const h = head.toLowerCase();
  return IRREGULAR_PLURALS.has(h) || (/[a-z]s$/.test(h) && !UNCOUNTABLE_S.test(h));
}

function asQuestion(text: string): string {
  const body = text.replace(/^¿/, "").replace(/[?.!\s]+$/, "");
  return `${body.charAt(0).toUpperCase()}${body.slice(1)}?`;
}

export function parseTopic(rawTopic: string, fallbacks: readonly string[], lang: NativeLanguage): Topic {
  const candidates = [rawTopic, ...fallbacks].map(cleanTopic).filter((t) => /[\p{L}\p{N}]/u.test(t));
  const text = candidates[0] ?? "";
  const keywords = keywordsOf(text, lang);
  const problem = keywords.some((k) => PROBLEM_WORDS.has(k.toLowerCase()));
  const base = {
    keywords: keywords.length > 0 ? keywords : [text],
    problem,
    action: null,
    question: null,
    claim: null,
    plural: false,
  };
  const howto = HOWTO_START[lang].exec(text);
  if (howto) {
    const action = text.slice(howto[0].length).replace(/\?$/, "").trim();
    const [verb = "", ...rest] = action.split(" ");
    const phrase = lang === "en" ? shorten([gerundOf(verb), ...rest].join(" "), lang) : shorten(action, lang);
    return { ...base, kind: "howto", phrase, action: shorten(action, lang) };
  }
  // "C++ tips?" is a noun phrase with a question mark, not a question: a real one starts with a
  // question word (or ¿) or has a few words.
  const asked =
    text.startsWith("¿") || QUESTION_START[lang].test(text) || (text.endsWith("?") && text.split(" ").length >= 4);
  if (asked) {
    return { ...base, kind: "question", phrase: contentRun(text, lang), question: asQuestion(clipWords(text, 120)) };
  }
  const noArticle = text.replace(/[?]+$/, "").replace(LEADING_ARTICLE[lang], "");
  const words = noArticle.split(" ");
  if (lang === "en") {
    const verbAt = words.findIndex((w, i) => i > 0 && CLAIM_VERBS.has(w.toLowerCase()));
    if (verbAt > 0 && words.length > verbAt + 1) {
      const subject = words.slice(0, verbAt).join(" ");
      const claim = clipWords(noArticle, 120).replace(/[.!]*$/, ".");
      return {
        ...base,
        kind: "claim",
        phrase: shorten(subject, lang),
        plural: PLURAL_VERBS.has((words[verbAt] ?? "").toLowerCase()),
        claim: claim.charAt(0).toUpperCase() + claim.slice(1),
      };
    }
    const first = (words[0] ?? "").toLowerCase();
    if (/^[a-z]{3,}ing$/.test(first) && !NOT_GERUNDS.has(first) && words.length > 1) {
      return { ...base, kind: "gerund", phrase: shorten(noArticle, lang) };
    }
    return { ...base, kind: "noun", phrase: shorten(noArticle, lang), plural: isPlural(englishHead(words)) };
  }
  return { ...base, kind: "noun", phrase: shorten(noArticle, lang) };
}

/** The trend as it reads after "the … conversation": short, no leading article; null when it only echoes the topic. */
export function parseTrendTopic(raw: string | null | undefined, topic: Topic): string | null {
  if (!raw) return null;
  const cleaned = cleanTopic(raw).replace(/^(the|a|an|el|la|los|las|der|die|das|le|les|o|os|as)\s+/i, "");
  if (!/[\p{L}\p{N}]/u.test(cleaned)) return null;
  const trend = clipWords(cleaned, 36);
  return trend.toLowerCase() === topic.phrase.toLowerCase() ? null : trend;
}

/** The audience a persona writes for, from descriptions like "Coach for burned-out engineers",
 * "helps first-time founders raise money", "para fundadores", "für Gründerinnen", "pour les
 * freelances", "para criadores": a plural noun phrase, or null. */
export function audienceOf(description: string | null | undefined, lang: NativeLanguage): string | null {
  if (!description) return null;
  const patterns: Record<NativeLanguage, RegExp> = {
    en: /\b(?:for|helps|helping|serving)\s+((?:[a-z][a-z'-]*\s+){0,2}[a-z][a-z'-]*s)\b/i,
    es: /\bpara\s+((?:[\p{L}-]+\s+){0,2}[\p{L}-]+s)\b/iu,
    de: /\bfür\s+((?:[\p{L}-]+\s+){0,2}[\p{L}-]+(?:en|er|innen|s))\b/iu,
    fr: /\bpour\s+(?:les\s+)?((?:[\p{L}-]+\s+){0,2}[\p{L}-]+[sx])\b/iu,
    pt: /\bpara\s+(?:os\s+|as\s+)?((?:[\p{L}-]+\s+){0,2}[\p{L}-]+s)\b/iu,
  };
  const match = patterns[lang].exec(description);
  if (!match?.[1]) return null;
  const phrase = lang === "de" ? match[1] : match[1].toLowerCase();
  const words = phrase.toLowerCase().split(/\s+/);
  if (words.some((w) => STOPWORDS[lang].has(w)) || (lang === "en" && /(ss|ness|ous|ics|is|us)$/.test(phrase)))
    return null;
  return phrase;
}
