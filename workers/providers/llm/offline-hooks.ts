// Hook templates, grouped by style. The topic only ever appears as an object of a
// preposition or verb, so any noun phrase ("AI", "Series A fundraising") reads correctly.
import type { WriterContext } from "./offline-context.ts";
import { capitalise } from "./offline-text.ts";

export const HOOK_STYLES = ["question", "number", "contrarian", "howto", "story", "warning", "surprising"] as const;
export type HookStyle = (typeof HOOK_STYLES)[number];

type HookTemplate = (c: WriterContext) => string | null;

const struggle = (c: WriterContext): string => (c.topic.problem ? "struggling with" : "starting out with");
const improve = (c: WriterContext): string => (c.topic.problem ? "deal with" : "get better at");
const withTrend = (c: WriterContext, line: (trend: string) => string): string | null =>
  c.trend ? line(c.trend) : null;

export const HOOK_TEMPLATES: Record<HookStyle, readonly HookTemplate[]> = {
  question: [
    (c) => `What's the one thing nobody tells you about ${c.topic.phrase}?`,
    (c) => `Be honest: are you overcomplicating ${c.topic.phrase}?`,
    (c) => `Why does everyone make ${c.topic.phrase} sound so hard?`,
    (c) => (c.topic.problem
      ? `What would change if you spotted ${c.topic.phrase} a month earlier?`
      : `What would change if you gave ${c.topic.phrase} 20 focused minutes a day?`),
    (c) => `Quick question for anyone deep into ${c.topic.phrase}: what actually moved the needle?`,
    (c) => withTrend(c, (t) => `Is the ${t} debate changing how you think about ${c.topic.phrase}?`),
  ],
  number: [
    (c) => `3 lessons about ${c.topic.phrase} that took me way too long to learn:`,
    (c) => `3 rules I follow for ${c.topic.phrase}, no exceptions:`,
    (c) => `3 things I'd tell anyone ${struggle(c)} ${c.topic.phrase}:`,
    (c) => `4 small habits that changed how I handle ${c.topic.phrase}:`,
    (c) => (c.topic.modifier ? `3 ${c.topic.phrase} lessons I learned the hard way:` : null),
    (c) => withTrend(c, (t) => `3 takeaways for ${c.topic.phrase} while the ${t} story dominates the feed:`),
  ],
  contrarian: [
    (c) => `Unpopular opinion: most advice about ${c.topic.phrase} is making things worse.`,
    (c) => `Hot take: you don't need more tips on ${c.topic.phrase}. You need fewer.`,
    (c) => `Controversial, but I'll say it: doing more won't fix your ${c.topic.phrase}.`,
    (c) => `Everyone wants a hack for ${c.topic.phrase}. I think that's exactly the problem.`,
    (c) => withTrend(c, (t) => `Unpopular opinion: the ${t} hype matters less for ${c.topic.phrase} than people think.`),
  ],
  howto: [
    (c) => `How to ${improve(c)} ${c.topic.phrase} without overthinking it`,
    (c) => `How I'd tackle ${c.topic.phrase} if I were starting from zero today`,
    (c) => `The no-fluff guide to ${c.topic.phrase}, in under a minute`,
    (c) => (c.topic.problem
      ? `How to get ahead of ${c.topic.phrase} before it gets ahead of you`
      : `How to make real progress on ${c.topic.phrase} in 20 minutes a day`),
  ],
  story: [
    (c) => `Last year I got ${c.topic.phrase} completely wrong. Here's what changed.`,
    (c) => `A year ago I thought I had ${c.topic.phrase} figured out. I didn't.`,
    (c) => `I learned about ${c.topic.phrase} the hard way, so you don't have to.`,
    (c) => `The week I finally took ${c.topic.phrase} seriously, everything shifted.`,
    (c) => withTrend(c, (t) => `When the ${t} story broke, I rethought my whole approach to ${c.topic.phrase}.`),
  ],
  warning: [
    (c) => `Stop copying someone else's playbook for ${c.topic.phrase}.`,
    (c) => `Stop treating ${c.topic.phrase} like something you can fix in a weekend.`,
    (c) => `Before you spend another hour on ${c.topic.phrase}, read this.`,
    (c) => `Stop waiting for the perfect moment to work on ${c.topic.phrase}.`,
    (c) => withTrend(c, (t) => `Stop letting the ${t} hype decide your approach to ${c.topic.phrase}.`),
  ],
  surprising: [
    (c) => `Most people get ${c.topic.phrase} backwards, and it's not their fault.`,
    (c) => `The biggest lever in ${c.topic.phrase} is the one almost nobody talks about.`,
    (c) => `The fastest progress I've seen with ${c.topic.phrase} came from doing less, not more.`,
    (c) => `${capitalise(c.topic.phrase)}: the boring basics beat the clever hacks every time.`,
    (c) => withTrend(c, (t) => `Everyone's in the ${t} debate. Almost nobody is connecting it to ${c.topic.phrase}.`),
  ],
};

/** A formatted post may start with the persona's emoji or a bullet: look past them. */
function withoutDecoration(hook: string): string {
  return hook.trim().replace(/^[^\p{L}\p{N}]+/u, "");
}

const STYLE_PATTERNS: ReadonlyArray<[HookStyle, RegExp]> = [
  ["contrarian", /^(unpopular opinion|hot take|controversial|everyone (wants|says|thinks))/i],
  ["warning", /^(stop|don't|do not|before you|never|warning)\b/i],
  ["howto", /^(how to|how i'd|how i would|the no-fluff guide|a simple way|guide)\b/i],
  ["number", /^(\d+|two|three|four|five|six|seven)\b/i],
  ["story", /^(last (year|month|week)|a year ago|i |the (week|day|year) i|when )/i],
  ["question", /\?\s*$/],
];

/** Recognises the style of any hook, ours or a chat model's, so a body can follow it. */
export function classifyHook(hook: string): HookStyle {
  const text = withoutDecoration(hook);
  for (const [style, pattern] of STYLE_PATTERNS) if (pattern.test(text)) return style;
  return "surprising";
}

const NUMBER_WORDS: Record<string, number> = { two: 2, three: 3, four: 4, five: 5 };

/** How many items a list hook promised ("3 rules…" → 3), clamped to what a body can hold. */
export function promisedCount(hook: string): number {
  const match = /^(\d+|two|three|four|five)\b/i.exec(withoutDecoration(hook));
  const raw = match?.[1]?.toLowerCase();
  const n = raw === undefined ? 3 : (NUMBER_WORDS[raw] ?? Number(raw));
  return Math.min(5, Math.max(2, n));
}
