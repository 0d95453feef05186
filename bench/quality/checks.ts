// Automatic quality checks for a generated post, shared by test/pipeline/content-quality.unit.test.ts and the
// `quality` bench suite so both report the same pass rate:
//  - language: franc-min identifies the persona's language (ISO 639-3) in the post;
//  - topic: a key word of the topic is in the hook and (unless a one-liner) in the body, and a
//    long topic is never pasted verbatim into a sentence;
//  - residue: no `${`, undefined, null, NaN, braces, doubled spaces or punctuation, space before
//    a comma or full stop, doubled words;
//  - limits: the formatted post passes the publisher's Threads pre-flight check;
//  - guardrail: the product's own guardrail (injection and personal data) lets the post through.
import { franc } from "franc-min";
import { inspectText } from "../../workers/guardrails/checks.ts";
import { formatPost } from "../../workers/pipeline/steps/format.ts";
import type { NativeLanguage } from "../../workers/providers/llm/offline-language.ts";
import { cleanTopic, keywordsOf } from "../../workers/providers/llm/offline-topic.ts";
import { checkPostLimits } from "../../workers/providers/threads/limits.ts";

export const ISO6393: Record<NativeLanguage, string> = { en: "eng", es: "spa", de: "deu", fr: "fra", pt: "por" };

export interface GeneratedPost {
  label: string;
  lang: NativeLanguage;
  topic: string;
  hook: string;
  body: string;
  emoji: string | null;
}

export interface PostVerdict {
  label: string;
  text: string;
  detected: string;
  failures: string[];
}

/** Topics longer than this must be shortened or restated, never pasted whole. */
const LONG_TOPIC_CHARS = 48;

export function checkPost(p: GeneratedPost): PostVerdict {
  const failures: string[] = [];
  const text = formatPost(p.hook, p.body, p.emoji).text;
  const detected = franc(text, { minLength: 10 });
  if (detected !== ISO6393[p.lang]) failures.push(`language: expected ${ISO6393[p.lang]}, franc says ${detected}`);

  const keys = keywordsOf(cleanTopic(p.topic), p.lang).map((k) => k.toLowerCase());
  const has = (s: string) => keys.some((k) => s.toLowerCase().includes(k));
  if (!has(p.hook)) failures.push("topic: no key word of the topic in the hook");
  if (p.body.trim() !== "" && !has(p.body) && !has(p.hook))
    failures.push("topic: no key word of the topic in the post");
  const topic = cleanTopic(p.topic);
  if (topic.length > LONG_TOPIC_CHARS && text.includes(topic))
    failures.push("topic: the long topic is pasted verbatim");

  const residue: [RegExp, string][] = [
    [/\$\{|[{}]|\bundefined\b|\bnull\b|\bNaN\b|\[object/, "template residue"],
    [/ {2,}/, "doubled space"],
    // French typography puts a space before ; : ? ! (and inside « »); elsewhere none before , . ;
    [p.lang === "fr" ? / [,.](?!\.)/ : / [,.;:?!](?!\.)/, "space before punctuation"],
    [/([!?,;:])\1|(?<!\.)\.\.(?!\.)|[.,;:][.,;:]/, "doubled punctuation"],
    [/(?<![\p{L}\p{N}])(\p{L}+) \1(?![\p{L}\p{N}])/iu, "doubled word"],
  ];
  // On the writer's raw output as well as the formatted post (formatting collapses spaces).
  for (const [re, what] of residue)
    if (re.test(text) || re.test(`${p.hook}\n\n${p.body}`)) failures.push(`residue: ${what}`);

  for (const v of checkPostLimits(text)) failures.push(`limits: ${v.message}`);
  const guard = inspectText(text, { personalData: true });
  if (guard) failures.push(`guardrail: ${guard.check} (${guard.found.join("; ")})`);
  return { label: p.label, text, detected, failures };
}
