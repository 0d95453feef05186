// Builds the hook and the body from the language's phrasebook so the text realises every arm:
// the hook style (the hook's shape), the format (prose, numbered list, one line, numbered
// thread-style paragraphs), the length (words; see docs/writer.md), the emotion (one sentence
// that carries it) and the tone (endings and word choice). Lines are drawn in seeded order, and
// any line that repeats an avoided post (a dedup rewrite) or the hook is skipped.
import { MAX_POST_CHARS, countChars } from "../../text/threads-text.ts";
import type { WriterContext } from "./offline-context.ts";
import { DE } from "./offline-lang-de.ts";
import { EN } from "./offline-lang-en.ts";
import { ES } from "./offline-lang-es.ts";
import { FR } from "./offline-lang-fr.ts";
import { PT } from "./offline-lang-pt.ts";
import type { NativeLanguage } from "./offline-language.ts";
import type { Line, Phrasebook } from "./offline-phrasebook.ts";
import { seededChance, seededOrder } from "./offline-seed.ts";
import { AvoidList, clipWords } from "./offline-text.ts";

export const HOOK_MAX_CHARS = 140;
/** Length arms, in words of the whole post (hook + body): short < 50, medium 50–150; long fills
 * the 500 characters Threads allows (about 70–90 words), which is the most that fits. */
export const SHORT_MAX_WORDS = 49;
export const MEDIUM_MIN_WORDS = 50;
/** A medium post stops growing once past 50 words, and goes over this only to reach 50. */
export const MEDIUM_SOFT_MAX_WORDS = 72;
export const MEDIUM_MAX_WORDS = 150;
/** What a chain's hook and body aim for, in Threads characters: about three full posts. */
export const CHAIN_TARGET_CHARS = 1400;

const PHRASEBOOKS: Record<NativeLanguage, Phrasebook> = { en: EN, es: ES, de: DE, fr: FR, pt: PT };

export const phrasebookFor = (lang: NativeLanguage): Phrasebook => PHRASEBOOKS[lang];

/** Words as a reader counts them: runs of letters or digits ("80/20" is two, "don't" one). */
export function countWords(text: string): number {
  // List numbers ("1.") and thread markers ("2/4") are layout, not words.
  return text.replace(/^\d+(?:\.|\/\d+)\s/gm, "").match(/[\p{L}\p{N}]+(?:['’-][\p{L}\p{N}]+)*/gu)?.length ?? 0;
}

function tone(c: WriterContext, text: string): string {
  return phrasebookFor(c.language.lang).toneWords?.(text, c.line.tone) ?? text;
}

function draw(c: WriterContext, bank: readonly Line[], salt: string): string[] {
  return seededOrder(bank, c.seed, salt)
    .map((line) => line(c.line))
    .filter((s): s is string => s !== null)
    .map((s) => tone(c, s));
}

function drawStatic(c: WriterContext, bank: readonly string[], salt: string): string[] {
  return seededOrder(bank, c.seed, salt).map((s) => tone(c, s));
}

export function composeHook(c: WriterContext): string {
  const pb = phrasebookFor(c.language.lang);
  const all = draw(c, pb.hooks[c.style], `hook:${c.style}`).filter((h) => countChars(h) <= HOOK_MAX_CHARS);
  const fresh = all.find((h) => !c.avoid.clashes(h));
  return fresh ?? all[0] ?? clipWords(draw(c, pb.hooks[c.style], "hook-any")[0] ?? c.line.topic.phrase, HOOK_MAX_CHARS);
}

interface Pools {
  lead: string[];
  emotion: string[];
  prose: string[];
  items: string[];
  intro: string[];
  cta: string[];
}

function pools(c: WriterContext, hook: string): Pools {
  const pb = phrasebookFor(c.language.lang);
  const l = c.line;
  // A rewrite leaves out the field's lines too: they share the first draft's vocabulary.
  const dom = l.domain === "general" || c.rewrite ? null : pb.domains[l.domain];
  const used = new AvoidList([hook]);
  const ok = (s: string) => !c.avoid.clashes(s) && !used.clashes(s);
  const dIns = dom ? drawStatic(c, dom.insights, "d-ins") : [];
  const dAdv = dom ? drawStatic(c, dom.advice, "d-adv") : [];
  const gIns = draw(c, pb.insights, "ins");
  const gAdv = draw(c, pb.advice, "adv");
  const reasons = draw(c, pb.reasons, "why");
  const lead = (() => {
    switch (c.style) {
      case "statement":
      case "controversial":
        return [...reasons, ...gIns];
      case "personal":
      case "urgent":
        return [...dAdv, ...gAdv];
      default:
        return [...dIns, ...gIns];
    }
  })();
  // Field-specific lines before generic ones; the reader's pain and the trend early, as they are the most specific.
  // One line each for the pain, the trend and the audience: two would repeat themselves.
  const one = (bank: readonly Line[], salt: string) => draw(c, bank, salt).slice(0, 1);
  const prose = [
    ...one(pb.pain, "pain"),
    ...gIns.slice(0, 1),
    ...one(pb.trend, "trend"),
    ...dAdv,
    ...dIns,
    ...gAdv,
    ...one(pb.audience, "aud"),
    ...gIns.slice(1),
    ...reasons,
    ...draw(c, pb.details, "details"),
  ];
  const phrase = l.topic.phrase.toLowerCase();
  const generic = draw(c, pb.items, "items");
  const naming = generic.filter((i) => i.toLowerCase().includes(phrase));
  // One item names the topic; the field's items come next, then the generic ones.
  const items = [
    ...naming.slice(0, 1),
    ...(dom ? drawStatic(c, dom.items, "d-items") : []),
    ...generic.filter((i) => !i.toLowerCase().includes(phrase)),
    ...naming.slice(1),
  ];
  const tonal = pb.tone[l.tone];
  const closer = seededChance(c.seed, "closer", 1, 5);
  const ctaLines = draw(c, tonal.ctas, "cta");
  const closers = drawStatic(c, tonal.closers, "closer");
  // A rewrite keeps the topic's name in the hook only: repeating it is what made the drafts alike.
  const fresh = (xs: string[]) =>
    c.rewrite
      ? [...xs.filter((x) => !x.toLowerCase().includes(phrase)), ...xs.filter((x) => x.toLowerCase().includes(phrase))]
      : xs;
  return {
    lead: fresh(lead.filter(ok)),
    // The specific line first; a short post takes the shortest, so the arm still fits.
    emotion: pb.emotion[c.emotion]
      .map((line) => line(l))
      .filter((x): x is string => x !== null)
      .map((x) => tone(c, x))
      .filter(ok)
      .sort((a, b) => (c.length === "short" ? a.length - b.length : 0)),
    prose: fresh(prose.filter(ok)),
    items: fresh(items.filter(ok)),
    intro: draw(c, pb.listIntro, "intro").filter(ok),
    cta: (closer ? [...closers, ...ctaLines] : [...ctaLines, ...closers]).filter(ok),
  };
}

interface Piece {
  text: string;
  kind: "sentence" | "item" | "intro" | "cta";
  emotion?: boolean;
}

/** Lays the pieces out in the format: prose in paragraphs of up to three sentences, numbered
 * list lines, or numbered thread-style paragraphs; the call to action always last. */
function layout(c: WriterContext, pieces: readonly Piece[]): string {
  const cta = pieces.filter((p) => p.kind === "cta").map((p) => p.text);
  const main = pieces.filter((p) => p.kind !== "cta");
  let out: string;
  if (c.format === "list") {
    let n = 0;
    out = main.map((p) => (p.kind === "item" ? `${++n}. ${p.text}` : p.text)).join("\n");
  } else if (c.format === "thread") {
    out = main.map((p, i) => `${i + 1}/${main.length} ${p.text}`).join("\n\n");
  } else {
    const paragraphs: string[][] = [];
    for (const p of main) {
      const last = paragraphs[paragraphs.length - 1];
      if (!last || last.length >= 3) paragraphs.push([p.text]);
      else last.push(p.text);
    }
    out = paragraphs.map((ps) => ps.join(" ")).join("\n\n");
  }
  return [out, ...cta].filter((s) => s.length > 0).join("\n\n");
}

const take = (pool: string[], used: Set<string>): string | null => {
  const next = pool.find((s) => !used.has(s));
  if (next === undefined) return null;
  used.add(next);
  return next;
};

/** The pieces a body is made of, in the order they are considered: required ones first. */
function plan(c: WriterContext, p: Pools): { required: Piece[]; optional: Piece[] } {
  const used = new Set<string>();
  const s = (text: string | null, kind: Piece["kind"] = "sentence"): Piece[] => (text === null ? [] : [{ text, kind }]);
  const emotion = s(take(p.emotion, used)).map((x) => ({ ...x, emotion: true }));
  const cta = s(take(p.cta, used), "cta");
  if (c.format === "list") {
    const intro = c.length === "short" ? [] : s(take(p.intro, used), "intro");
    // An intro that names the topic makes a topic-naming item redundant.
    const named = intro.some((x) => x.text.toLowerCase().includes(c.line.topic.phrase.toLowerCase()));
    const pool = named ? p.items.filter((x) => !x.toLowerCase().includes(c.line.topic.phrase.toLowerCase())) : p.items;
    const drawn = Array.from({ length: c.chain ? 10 : 7 }, () => s(take(pool, used), "item")).flat();
    // A short list takes its shortest items, so three still fit under 50 words.
    const items = c.length === "short" ? [...drawn].sort((a, b) => a.text.length - b.text.length) : drawn;
    const extra = Array.from({ length: c.chain ? 12 : 4 }, () => s(take(p.prose, used))).flat();
    return { required: [...intro, ...items.slice(0, 3), ...emotion], optional: [...items.slice(3), ...cta, ...extra] };
  }
  if (c.format === "thread" && c.length === "short") {
    const items = Array.from({ length: 3 }, () => s(take(p.items, used), "item")).flat();
    return {
      required: [items[0], ...emotion, items[1]].filter((x): x is Piece => x !== undefined),
      optional: [...items.slice(2), ...cta],
    };
  }
  const lead = s(take(p.lead, used));
  // A thread needs at least three parts: a short item makes the third.
  const third = c.format === "thread" ? s(take(p.items, used)) : [];
  const prose = Array.from({ length: c.chain ? 20 : 10 }, () => s(take(p.prose, used))).flat();
  if (third.length > 0) return { required: [...lead, ...emotion, ...third], optional: [...prose, ...cta] };
  return {
    required: [...lead, ...emotion],
    optional: c.length === "short" ? [...cta, ...prose] : [...prose.slice(0, 2), ...prose.slice(2), ...cta],
  };
}

/** The CTA goes at the end whatever order it was added in. */
function ordered(pieces: readonly Piece[], c: WriterContext): Piece[] {
  const main = pieces.filter((p) => p.kind !== "cta");
  if (c.format === "list") {
    // intro, items, then prose lines (emotion and extras) after the list
    main.sort((a, b) => rank(a) - rank(b));
  }
  return [...main, ...pieces.filter((p) => p.kind === "cta")];
}
const rank = (p: Piece): number => (p.kind === "intro" ? 0 : p.kind === "item" ? 1 : 2);

export function composeBody(c: WriterContext, hook: string): string {
  if (c.format === "one_liner") return "";
  const { required, optional } = plan(c, pools(c, hook));
  // A chain gets about three posts' worth: the format step splits it at paragraph ends.
  const budget = (c.chain ? CHAIN_TARGET_CHARS : MAX_POST_CHARS) - c.reserve - countChars(hook) - 2;
  const hookWords = countWords(hook);
  const seq = new Map([...required, ...optional].map((p, i) => [p, i]));
  const inPlanOrder = (ps: readonly Piece[]) => [...ps].sort((a, b) => (seq.get(a) ?? 0) - (seq.get(b) ?? 0));
  const render = (ps: readonly Piece[]) => layout(c, ordered(inPlanOrder(ps), c));
  const words = (ps: readonly Piece[]) => hookWords + countWords(render(ps));
  const maxWords = c.length === "short" ? SHORT_MAX_WORDS : c.length === "medium" ? MEDIUM_SOFT_MAX_WORDS : Infinity;
  const fits = (ps: readonly Piece[], cap = maxWords) => countChars(render(ps)) <= budget && words(ps) <= cap;
  // The topic is named in the hook; the body names it again at most this often, else it reads like a template.
  const phrase = c.line.topic.phrase.toLowerCase();
  const mentions = (ps: readonly Piece[]) => ps.filter((p) => p.text.toLowerCase().includes(phrase)).length;
  const maxMentions = c.rewrite ? 0 : c.chain ? 4 : c.length === "long" ? 2 : 1;

  let chosen: Piece[] = [];
  // The emotion sentence is chosen first (the arm must be realised), but laid out where the plan puts it.
  for (const piece of [...required].sort((a, b) => Number(b.emotion === true) - Number(a.emotion === true))) {
    if (fits([...chosen, piece])) chosen.push(piece);
  }
  // The call to action is reserved next: a post ends on it whenever it fits.
  const cta = optional.find((p) => p.kind === "cta");
  if (cta && fits([...chosen, cta])) chosen.push(cta);
  for (const piece of optional) {
    if (piece.kind === "cta" || chosen.includes(piece)) continue;
    if (c.length === "medium" && words(chosen) >= MEDIUM_MIN_WORDS) break;
    if (mentions([...chosen, piece]) > Math.max(maxMentions, mentions(chosen))) continue;
    // A medium post below 50 words may pass the soft cap to reach 50.
    const cap = c.length === "medium" ? MEDIUM_MAX_WORDS : maxWords;
    if (fits([...chosen, piece], cap)) chosen = [...chosen, piece];
  }
  return render(chosen);
}
