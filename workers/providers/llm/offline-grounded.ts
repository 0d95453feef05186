// The offline writer with sources: extractive. When the brief carries passages from the
// persona's own pages, feeds or notes, the hook and body are whole sentences taken from them
// (grammatical because they were written by a person, and in the persona's language: passages
// in another language are skipped), ranked by how many of the topic's words they carry, then
// laid out in the format's shape and closed with the language's call to action. Fewer than two
// usable sentences: the phrasebook writer takes over.
import { franc } from "franc-min";
import { MAX_POST_CHARS, countChars } from "../../text/threads-text.ts";
import type { GenerationBrief } from "./brief.ts";
import { HOOK_MAX_CHARS, countWords, phrasebookFor } from "./offline-compose.ts";
import type { WriterContext } from "./offline-context.ts";
import { seededOrder } from "./offline-seed.ts";
import { collapseSpaces, normaliseSentence, splitSentences } from "./offline-text.ts";

const FRANC: Record<string, string> = { en: "eng", es: "spa", de: "deu", fr: "fra", pt: "por" };

interface Candidate {
  text: string;
  score: number;
  order: number;
}

/** A sentence that stands on its own in a post. */
function usable(s: string): boolean {
  const words = countWords(s);
  return (
    words >= 5 &&
    words <= 45 &&
    countChars(s) <= 260 &&
    /^[\p{Lu}\p{N}"“«¿¡]/u.test(s) &&
    /[.!?…]["”»)]?$/.test(s) &&
    !/https?:\/\/|www\.|@\w/.test(s)
  );
}

function inLanguage(text: string, lang: string): boolean {
  const expected = FRANC[lang];
  if (!expected) return true;
  const found = franc(text, { minLength: 40 });
  return found === "und" || found === expected;
}

function candidates(brief: GenerationBrief, c: WriterContext): Candidate[] {
  // "pricing" and "prices" share a stem: words match on their first five letters.
  const stem = (w: string) => (w.length >= 4 ? w.slice(0, 5) : w);
  const keywords = new Set(c.line.topic.keywords.map((k) => stem(k.toLowerCase())));
  const out: Candidate[] = [];
  const seen = new Set<string>();
  let order = 0;
  for (const g of brief.grounding ?? []) {
    if (!inLanguage(g.text, c.language.lang)) continue;
    for (const raw of splitSentences(g.text)) {
      const s = collapseSpaces(raw);
      const norm = normaliseSentence(s);
      if (!usable(s) || seen.has(norm) || c.avoid.clashes(s)) continue;
      seen.add(norm);
      const words = norm.split(" ");
      const score = words.filter((w) => keywords.has(stem(w))).length;
      out.push({ text: s, score, order: order++ });
    }
  }
  return out;
}

/** Best first: topic words, then reading order; a rewrite starts elsewhere in the list. */
function ranked(cs: Candidate[], c: WriterContext): string[] {
  const sorted = [...cs].sort((a, b) => b.score - a.score || a.order - b.order).map((x) => x.text);
  if (!c.rewrite || sorted.length < 3) return sorted;
  const shuffled = seededOrder(sorted, c.seed, "grounded-rewrite");
  return shuffled;
}

export function groundedHook(brief: GenerationBrief, c: WriterContext): string | null {
  const list = ranked(candidates(brief, c), c);
  if (list.length < 2) return null;
  return list.find((s) => countChars(s) <= HOOK_MAX_CHARS) ?? null;
}

export function groundedBody(brief: GenerationBrief, c: WriterContext, hook: string): string | null {
  if (c.format === "one_liner") return "";
  const hookNorm = normaliseSentence(hook);
  const list = ranked(candidates(brief, c), c).filter((s) => normaliseSentence(s) !== hookNorm);
  if (list.length === 0) return null;
  const pb = phrasebookFor(c.language.lang);
  const ctas = seededOrder(pb.tone[c.line.tone].ctas, c.seed, "grounded-cta")
    .map((line) => line(c.line))
    .filter((s): s is string => s !== null && !c.avoid.clashes(s));
  const cta = ctas[0] ?? null;
  const budget = MAX_POST_CHARS - c.reserve - countChars(hook) - 2;
  const maxWords = c.length === "short" ? 49 : c.length === "medium" ? 90 : Number.POSITIVE_INFINITY;
  const hookWords = countWords(hook);
  const render = (ss: string[]) => {
    let main: string;
    if (c.format === "list") main = ss.map((s, i) => `${i + 1}. ${s}`).join("\n");
    else if (c.format === "thread") main = ss.map((s, i) => `${i + 1}/${ss.length} ${s}`).join("\n\n");
    else {
      const paras: string[] = [];
      for (let i = 0; i < ss.length; i += 2) paras.push(ss.slice(i, i + 2).join(" "));
      main = paras.join("\n\n");
    }
    return cta ? `${main}\n\n${cta}` : main;
  };
  const fits = (ss: string[]) => countChars(render(ss)) <= budget && hookWords + countWords(render(ss)) <= maxWords;
  const chosen: string[] = [];
  for (const s of list) {
    if (chosen.length >= 5) break;
    if (fits([...chosen, s])) chosen.push(s);
  }
  if (chosen.length === 0) return null;
  return render(chosen);
}
