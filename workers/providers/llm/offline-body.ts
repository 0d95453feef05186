// Composes an offline body: a structure chosen by the hook's style, slots filled from the
// phrasebook in seeded order, skipping anything the dedup step asked us to avoid, then
// trimmed to fit beside the hook inside Threads' 500-character limit.
import type { WriterContext } from "./offline-context.ts";
import type { HookStyle } from "./offline-hooks.ts";
import { ADVICE, AUDIENCE_LINES, INSIGHTS, PAIN_LINES, QUICK_ITEMS, REASONS, TREND_LINES } from "./offline-phrasebook.ts";
import type { Phrase } from "./offline-phrasebook.ts";
import { saltSeed, seededChance, seededOrder } from "./offline-seed.ts";
import { AvoidList, capitalise, shortenRepeats, splitSentences } from "./offline-text.ts";
import { applyToneWords, toneProfile } from "./offline-tone.ts";
import type { Connector } from "./offline-tone.ts";
import { fitParts } from "./offline-fit.ts";
import type { Part, PartKind } from "./offline-fit.ts";

export { BODY_MAX_CHARS } from "./offline-fit.ts";

interface Candidate { key: string; text: string }
interface Slot { kind: PartKind; required: boolean; priority: number; candidates: Candidate[] }

/** Picks one of `items` for this attempt; a rewrite never lands on the first attempt's pick. */
export function variantIndex(c: WriterContext, count: number, salt: string): number {
  const first = saltSeed(c.firstSeed, salt) % count;
  if (!c.rewrite || count < 2) return first;
  return (first + 1 + (saltSeed(c.seed, salt) % (count - 1))) % count;
}

function lowerFirst(text: string): string {
  return /^[A-Z][a-z]/.test(text) ? text.charAt(0).toLowerCase() + text.slice(1) : text;
}

/** "Short answer:" + a sentence, or "Honestly?" + a sentence, with the casing each needs. */
function afterConnector(connector: string, text: string): string {
  // Two colons in one sentence read badly: the inner one becomes a dash.
  return connector.endsWith(":") ? `${connector} ${lowerFirst(text.replace(": ", " — "))}` : `${connector} ${capitalise(text)}`;
}

function asSentence(clause: string): string {
  return `${capitalise(clause)}.`;
}

function draw(c: WriterContext, bank: readonly Phrase[], salt: string, shape: (s: string) => string = (s) => s): Candidate[] {
  return seededOrder(bank, c.seed, salt)
    .map((phrase) => phrase(c))
    .filter((s): s is string => s !== null)
    .map((s) => ({ key: s, text: applyToneWords(shape(s), c.tone) }));
}

function slot(kind: PartKind, required: boolean, priority: number, candidates: Candidate[]): Slot {
  return { kind, required, priority, candidates };
}

function connector(c: WriterContext, which: Connector): string {
  const options = toneProfile(c.tone).connectors[which];
  return options[variantIndex(c, options.length, `connector:${which}`)] ?? "";
}

function ctaSlot(c: WriterContext): Slot {
  const profile = toneProfile(c.tone);
  const statement = seededChance(c.seed, "no-question", 1, 6);
  const lines = (statement ? profile.closers : profile.ctas)
    .filter((line) => !line.includes("{audience}") || c.audience !== null)
    .map((line) => line.replace("{audience}", c.audience ?? ""));
  const ordered = seededOrder(lines, c.seed, "cta").map((line) => ({ key: line, text: applyToneWords(capitalise(line), c.tone) }));
  return slot("cta", false, 0, ordered);
}

function asideSlot(c: WriterContext): Slot {
  const asides = toneProfile(c.tone).asides.map((a) => ({ key: a, text: a }));
  return slot("prose", false, 4, [...asides, ...draw(c, AUDIENCE_LINES, "audience")]);
}

/** Trend lines that quote the snippet come first: the snippet is the most specific thing we have. */
function trendSlot(c: WriterContext): Slot {
  const lines = draw(c, TREND_LINES, "trend");
  const quoting = lines.filter((l) => l.text.includes('"'));
  return slot("prose", false, 1, [...quoting, ...lines.filter((l) => !l.text.includes('"'))]);
}

function listItems(c: WriterContext, count: number): Slot[] {
  const items = draw(c, QUICK_ITEMS, "items", asSentence);
  const topical = [...items.filter((i) => i.key.includes(c.topic.phrase)), ...items.filter((i) => !i.key.includes(c.topic.phrase))];
  return Array.from({ length: count }, (_, i) =>
    slot("item", true, 0, (i === 0 ? topical : items).map((it) => ({ key: it.key, text: `${i + 1}. ${it.text}` }))),
  );
}

function plan(c: WriterContext, style: HookStyle, arrangement: number, listCount: number): Slot[] {
  const lead = (which: Connector, bank: readonly Phrase[], salt: string, shape?: (s: string) => string): Slot =>
    slot("prose", true, 0, draw(c, bank, salt, shape).map((x) => ({ key: x.key, text: afterConnector(connector(c, which), x.text) })));
  const insight = (required: boolean) => slot("prose", required, 3, draw(c, INSIGHTS, "insight"));
  const reason = (required: boolean) => slot("prose", required, 3, draw(c, REASONS, "reason"));
  const advice = (required: boolean) => slot("prose", required, 2, draw(c, ADVICE, "advice", asSentence));
  const pain = slot("prose", false, 1, draw(c, PAIN_LINES, "pain"));
  const trend = trendSlot(c);
  const cta = ctaSlot(c);
  const aside = asideSlot(c);
  const a = arrangement === 0;
  switch (style) {
    case "question":
      return a ? [lead("answer", INSIGHTS, "insight"), reason(false), advice(true), pain, trend, cta]
        : [pain, lead("answer", INSIGHTS, "insight"), advice(true), trend, aside, cta];
    case "contrarian":
      return a ? [lead("why", REASONS, "reason"), insight(false), advice(true), trend, cta]
        : [pain, lead("why", REASONS, "reason"), advice(true), aside, cta];
    case "warning":
      return a ? [lead("instead", ADVICE, "advice", asSentence), reason(true), pain, trend, cta]
        : [pain, lead("instead", ADVICE, "advice", asSentence), insight(false), aside, cta];
    case "story":
      return a ? [pain, lead("shift", INSIGHTS, "insight"), advice(true), trend, cta]
        : [trend, lead("shift", INSIGHTS, "insight"), advice(true), aside, cta];
    case "howto": {
      const then = slot("prose", true, 0, draw(c, QUICK_ITEMS, "then", (s) => `Then ${s}.`));
      return a ? [lead("steps", ADVICE, "advice", asSentence), then, reason(false), pain, cta]
        : [trend, lead("steps", ADVICE, "advice", asSentence), then, aside, cta];
    }
    case "number": {
      const intro = a ? slot("prose", false, 1, [...draw(c, PAIN_LINES, "pain"), ...trendSlot(c).candidates])
        : slot("prose", false, 1, [{ key: "list", text: connector(c, "list") }]);
      return [intro, ...listItems(c, listCount), cta];
    }
    case "surprising":
      return a ? [lead("thing", INSIGHTS, "insight"), advice(true), reason(false), trend, cta]
        : [pain, lead("thing", INSIGHTS, "insight"), advice(true), trend, aside, cta];
  }
}

/** Fills every slot with its first candidate that neither repeats an avoided sentence nor
 * reuses a phrase already placed in this body. */
function fill(c: WriterContext, slots: Slot[], alsoAvoid: readonly string[]): Part[] {
  const local = new AvoidList(alsoAvoid);
  const usedKeys = new Set<string>();
  const parts: Part[] = [];
  for (const s of slots) {
    const chosen = s.candidates.find((cand) =>
      !usedKeys.has(cand.key) && !c.avoid.clashes(cand.text) && !c.avoid.clashes(cand.key) && !local.clashes(cand.text));
    if (!chosen) continue;
    usedKeys.add(chosen.key);
    for (const sentence of splitSentences(chosen.text)) local.add(sentence);
    parts.push({ kind: s.kind, required: s.required, priority: s.priority, text: chosen.text });
  }
  return parts;
}

export function composeBody(c: WriterContext, style: HookStyle, listCount: number, hook: string | null): string {
  const arrangement = variantIndex(c, 2, "arrangement");
  const parts = fill(c, plan(c, style, arrangement, listCount), hook ? [hook] : []);
  return shortenRepeats(fitParts(parts, c.tone), c.topic.phrase, c.topic.shortPhrase);
}
