// Sentence banks for offline bodies. Each entry is a function of the context so a slot is
// filled by real values or skipped (returns null): no "{topic}" placeholder can leak out.
// The topic stays in object position throughout, which keeps any noun phrase grammatical.
import type { WriterContext } from "./offline-context.ts";
import { capitalise } from "./offline-text.ts";

export type Phrase = (c: WriterContext) => string | null;

/** Full sentences: the one idea a post stands on. */
export const INSIGHTS: readonly Phrase[] = [
  (c) => `Most of the friction in ${c.topic.phrase} comes from unclear next steps, not a lack of effort.`,
  (c) => (c.topic.problem
    ? `The people who recover from ${c.topic.phrase} fastest aren't tougher; they run a simpler system.`
    : `The people who do well with ${c.topic.phrase} aren't more talented; they run a simpler system.`),
  (c) => `Progress with ${c.topic.phrase} comes from a tight feedback loop: notice what works, drop what doesn't.`,
  (c) => `Nearly every setback with ${c.topic.phrase} traces back to trying to fix everything at once.`,
  (c) => `Consistency beats intensity with ${c.topic.phrase}: small, boring reps add up faster than big pushes.`,
  (c) => `With ${c.topic.phrase}, the basics you skipped are usually the reason you feel stuck.`,
  (c) => `Name the real bottleneck in ${c.topic.phrase} and half the work is already done.`,
  (c) => (c.topic.problem
    ? `With ${c.topic.phrase}, the damage rarely shows up all at once; it builds from small things nobody fixes.`
    : `Getting good at ${c.topic.phrase} is mostly about showing up on the days it feels dull.`),
  (c) => (c.topic.problem
    ? `Getting out of ${c.topic.phrase} is usually a handful of habits, not one big decision.`
    : `The gap between average and good at ${c.topic.phrase} is usually a handful of habits, not a secret.`),
  (c) => `Most advice on ${c.topic.phrase} is written for a situation that isn't yours.`,
  (c) => `The first thing you change about ${c.topic.phrase} should be embarrassingly small.`,
  (c) => `Clarity beats willpower with ${c.topic.phrase}: when the next step is obvious, you take it.`,
];

/** Full sentences: why the insight holds. */
export const REASONS: readonly Phrase[] = [
  () => `Big overhauls feel productive, but they rarely survive a busy week.`,
  () => `Advice built for someone else's situation ignores the constraints you actually have.`,
  (c) => `You can't improve what you never look at, and most people never review their progress on ${c.topic.phrase}.`,
  (c) => `When everything feels urgent, the important parts of ${c.topic.phrase} quietly slip.`,
  () => `Motivation fades by week two; a routine is what's left when it does.`,
  () => `The hard part isn't knowing what to do, it's doing it on an ordinary Tuesday.`,
  () => `Every extra step you add is one more reason to skip a day.`,
  () => `Systems survive bad days; willpower doesn't.`,
  () => `Small changes are easy to keep, and kept changes are the only ones that compound.`,
  () => `Most setbacks come from doing too many things at half strength.`,
  () => `What gets measured gets noticed, and what gets noticed gets fixed.`,
];

/** Imperative clauses (no capital, no full stop) with concrete numbers and the topic's words. */
export const ADVICE: readonly Phrase[] = [
  (c) => (c.topic.problem
    ? `pick the one trigger of ${c.topic.phrase} that hits you most often and plan around it for two weeks`
    : `pick the one part of ${c.topic.phrase} that trips you up most and give it 20 focused minutes a day for two weeks`),
  (c) => `keep a two-week log on ${c.topic.phrase}, noting what you tried, how long it took, and what happened`,
  (c) => `write down the three parts of ${c.topic.phrase} that cost you the most energy, then simplify one this week`,
  (c) => `ask someone a year ahead of you on ${c.topic.phrase} what they'd skip if they started over`,
  (c) => (c.topic.problem
    ? `block 15 minutes every Friday to check in on ${c.topic.phrase} before it checks in on you`
    : `block one recurring slot on your calendar for ${c.topic.phrase} and protect it like a meeting`),
  (c) => `before adding anything new to how you handle ${c.topic.phrase}, remove one step that isn't earning its place`,
  (c) => (c.topic.problem
    ? `when ${c.topic.phrase} flares up, take a 10-minute walk before you answer anything`
    : `set a 25-minute timer, start with the hardest piece of ${c.topic.phrase}, and stop when it rings`),
  (c) => (c.topic.problem
    ? `write down the first early sign of ${c.topic.phrase} each week and act on it then, not a month later`
    : `copy one proven routine for ${c.topic.phrase} exactly for a week before you start tweaking it`),
  (c) => `choose one number that tracks your progress on ${c.topic.phrase} and check it every Sunday`,
  (c) => (c.topic.problem
    ? `list what makes ${c.topic.phrase} worse for you, then remove the easiest item on that list first`
    : `spend the next 30 days on the fundamentals of ${c.topic.phrase} before you buy another course or tool`),
  (c) => `share one honest update on ${c.topic.phrase} with a friend every week and let accountability do the rest`,
  (c) => `write a one-line plan for ${c.topic.phrase} each morning and do that line before anything else`,
];

/** Short imperative clauses for lists and steps. */
export const QUICK_ITEMS: readonly Phrase[] = [
  () => `start smaller than feels useful`,
  (c) => `track one number for ${c.topic.phrase}, not ten`,
  () => `protect a fixed time slot and show up for it`,
  () => `learn the boring basics before the clever hacks`,
  () => `review what worked every Friday, in five minutes`,
  () => `ask someone a year ahead of you what they'd skip`,
  () => `cut one step that adds nothing`,
  () => `say no to one thing this week that you'd normally accept`,
  (c) => `keep one page of notes on ${c.topic.phrase} and reread it monthly`,
  (c) => (c.topic.problem ? `check in on ${c.topic.phrase} weekly, not once a crisis hits` : `give ${c.topic.phrase} a fixed slot in your week`),
  () => `treat rest as part of the plan, not a reward`,
  () => `stop comparing your start to someone else's middle`,
  () => `finish before you polish`,
  () => `batch the boring parts`,
  () => `schedule the next step before you stop`,
];

/** A quotation inside a sentence, ending cleanly whether or not it was clipped. */
export function inQuotes(text: string): string {
  return text.endsWith("…") ? `"${text}"` : `"${text}."`;
}

export const PAIN_LINES: readonly Phrase[] = [
  (c) => (c.pain ? `The line I hear most: ${inQuotes(c.pain)}` : null),
  (c) => (c.pain ? `If ${inQuotes(c.pain).replace(/\.?"$/, '"')} sounds familiar, you're not alone.` : null),
  (c) => (c.pain ? `Someone told me this week: ${inQuotes(c.pain)} They're far from the only one.` : null),
  (c) => (c.pain ? `I keep hearing the same thing about ${c.topic.phrase}: ${inQuotes(c.pain)}` : null),
];

export const TREND_LINES: readonly Phrase[] = [
  (c) => (c.trend && c.snippet ? `From the ${c.trend} debate, one line stuck with me: ${inQuotes(c.snippet)}` : null),
  (c) => (c.snippet && !c.trend ? `One line from this week's coverage stuck with me: ${inQuotes(c.snippet)}` : null),
  (c) => (c.trend ? `With the ${c.trend} conversation all over the feed right now, this matters more than usual.` : null),
  (c) => (c.trend ? `You've probably seen the ${c.trend} buzz this week; it raises the stakes for ${c.topic.phrase}.` : null),
];

export const AUDIENCE_LINES: readonly Phrase[] = [
  (c) => (c.audience ? `${capitalise(c.audience)}, this one's for you.` : null),
  (c) => (c.audience ? `I see this constantly with ${c.audience}.` : null),
];
