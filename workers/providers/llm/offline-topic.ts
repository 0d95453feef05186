// Turns the free-text topic (a noun phrase typed by an operator) into the pieces the
// templates need. Templates only ever use the topic as an object ("about X", "with X"), never
// as a subject, so no verb has to agree with a phrase we cannot parse.
import { clipWords, collapseSpaces } from "./offline-text.ts";

export interface TopicParts {
  /** The topic as it reads mid-sentence, with the operator's own casing. */
  phrase: string;
  /** Content words, de-duplicated, in order: what the post must visibly be about. */
  keywords: string[];
  /** The last content word: "burnout" in "remote work burnout". */
  head: string;
  /** Everything before the head in a short, clean compound ("remote work"), else null. */
  modifier: string | null;
  /** A problem to get through (burnout, debt) rather than a practice to get better at. */
  problem: boolean;
  /** What a long topic is called on second mention ("social media"); equals `phrase` when short. */
  shortPhrase: string;
}

const STOPWORDS = new Set(
  ("a an the and or but of for to in on at by with from into about as is are was were be vs " +
    "versus how what why when where who which your my our their its this that these those " +
    "it i you we they do does not no so than then too very after before over under without within " +
    "during across through between like near around against beyond per via up").split(" "),
);

const PROBLEM_WORDS = new Set(
  ("burnout stress anxiety debt procrastination overwhelm fatigue loneliness churn layoffs " +
    "insomnia imposter impostor syndrome pain injury conflict overthinking perfectionism " +
    "distraction distractions clutter bugs downtime turnover rejection failure grief " +
    "inflation scams scam misinformation addiction deadlines").split(" "),
);

const MAX_TOPIC_CHARS = 48;
const MAX_TOPIC_WORDS = 6;

/** Strips what an operator might wrap a topic in (quotes, a hashtag, a trailing "?"). */
export function cleanTopic(raw: string): string {
  return collapseSpaces(raw)
    .replace(/^[\s"'“”‘’«»([{#]+/, "")
    .replace(/[\s"'“”‘’«»)\]}.,;:!?]+$/, "");
}

function trimDanglingWords(words: string[]): string[] {
  const out = [...words];
  while (out.length > 1 && STOPWORDS.has((out[out.length - 1] ?? "").toLowerCase())) out.pop();
  return out;
}

/** Long topics are cut at a word boundary and never end on "of" or "and". */
function shortenTopic(topic: string): string {
  const words = topic.split(" ").slice(0, MAX_TOPIC_WORDS);
  let text = trimDanglingWords(words).join(" ");
  if (text.length > MAX_TOPIC_CHARS) {
    text = trimDanglingWords(clipWords(text, MAX_TOPIC_CHARS).split(" ")).join(" ");
  }
  return text.replace(/[\s,;:\-–—&/]+$/, "");
}

export function keywordsOf(text: string): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const raw of text.split(/[^\p{L}\p{N}+#'’-]+/u)) {
    // A leading "#" is a hashtag; a trailing one is part of the name (C#, F#).
    const word = raw.replace(/^['’#-]+|['’-]+$/g, "");
    const key = word.toLowerCase();
    if (word.length === 0 || STOPWORDS.has(key) || seen.has(key)) continue;
    if (word.length < 2 && !/\p{N}|[A-Z]/u.test(word)) continue;
    seen.add(key);
    out.push(word);
  }
  return out;
}

/** The last two content words, when they sit side by side in a topic of four or more words. */
function shortForm(phrase: string, keywords: readonly string[]): string {
  if (phrase.split(" ").length < 4 || keywords.length < 2) return phrase;
  const tail = keywords.slice(-2).join(" ");
  return phrase.endsWith(tail) ? tail : phrase;
}

export function parseTopic(rawTopic: string, fallbacks: readonly string[]): TopicParts {
  const candidates = [rawTopic, ...fallbacks].map(cleanTopic).filter((t) => /[\p{L}\p{N}]/u.test(t));
  const phrase = shortenTopic(candidates[0] ?? "the work you do");
  const words = phrase.split(" ");
  const keywords = keywordsOf(phrase);
  const head = keywords[keywords.length - 1] ?? words[words.length - 1] ?? phrase;
  const cleanCompound = words.length >= 2 && words.length <= 3 && words.every((w) => !STOPWORDS.has(w.toLowerCase()));
  const modifier = cleanCompound && words[words.length - 1] === head ? words.slice(0, -1).join(" ") : null;
  const problem = keywords.some((k) => PROBLEM_WORDS.has(k.toLowerCase()));
  return { phrase, keywords: keywords.length > 0 ? keywords : [phrase], head, modifier, problem, shortPhrase: shortForm(phrase, keywords) };
}

/** Trend topics are shown as written but kept short; a trend equal to the topic adds nothing. */
export function parseTrendTopic(raw: string | null | undefined, topic: TopicParts): string | null {
  if (!raw) return null;
  // Templates say "the {trend} debate", so a leading article would double up.
  const cleaned = cleanTopic(raw).replace(/^(the|a|an)\s+/i, "");
  if (!/[\p{L}\p{N}]/u.test(cleaned)) return null;
  const trend = clipWords(cleaned, 36);
  return trend.toLowerCase() === topic.phrase.toLowerCase() ? null : trend;
}

/** The audience a persona writes for, from descriptions like "Coach for burned-out engineers"
 * or "helps first-time founders raise money". Only plural noun phrases are used, so
 * "{audience}, this one is for you" always reads correctly. */
export function audienceOf(description: string | null | undefined): string | null {
  if (!description) return null;
  const match = /\b(?:for|helps|helping|serving)\s+((?:[a-z][a-z'-]*\s+){0,2}[a-z][a-z'-]*s)\b/i.exec(description);
  if (!match?.[1]) return null;
  const phrase = match[1].toLowerCase();
  const words = phrase.split(/\s+/);
  if (words.some((w) => STOPWORDS.has(w)) || /(ss|ness|ous|ics|is|us)$/.test(phrase)) return null;
  return phrase;
}
