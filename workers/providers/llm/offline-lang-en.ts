// English phrasebook. Agreement and verb forms come from the parsed topic: "mandates are",
// "pricing is"; a how-to topic's verb phrase goes where a verb fits ("before you price your
// first SaaS"), a question or claim only as a sentence of its own.
import type { LineContext, Phrasebook, Tone } from "./offline-phrasebook.ts";
import { cap, quoted } from "./offline-phrasebook.ts";

const np = (c: LineContext) => c.topic.phrase;
const Np = (c: LineContext) => cap(c.topic.phrase);
const be = (c: LineContext) => (c.topic.plural ? "are" : "is");
const v = (c: LineContext, singular: string, plural: string) => (c.topic.plural ? plural : singular);
const act = (c: LineContext) => c.topic.action;

const CONTRACTIONS: ReadonlyArray<[RegExp, string]> = [
  [/\bdon't\b/g, "do not"],
  [/\bDon't\b/g, "Do not"],
  [/\bcan't\b/g, "cannot"],
  [/\bwon't\b/g, "will not"],
  [/\bisn't\b/g, "is not"],
  [/\baren't\b/g, "are not"],
  [/\bdoesn't\b/g, "does not"],
  [/\bdidn't\b/g, "did not"],
  [/\bit's\b/g, "it is"],
  [/\bIt's\b/g, "It is"],
  [/\byou're\b/g, "you are"],
  [/\bYou're\b/g, "You are"],
  [/\bI'd\b/g, "I would"],
  [/\bI've\b/g, "I have"],
  [/\bthat's\b/g, "that is"],
  [/\bThat's\b/g, "That is"],
  [/\bthey'd\b/g, "they would"],
  [/\bWhat's\b/g, "What is"],
  [/\bwhat's\b/g, "what is"],
  [/\bHere's\b/g, "Here is"],
  [/\bThere's\b/g, "There is"],
  [/\bthere's\b/g, "there is"],
  [/\bone's\b/g, "one is"],
  [/\bI'm\b/g, "I am"],
];

function toneWords(text: string, tone: Tone): string {
  if (tone === "professional") {
    let out = text.replace(/!/g, ".");
    for (const [pattern, replacement] of CONTRACTIONS) out = out.replace(pattern, replacement);
    return out;
  }
  if (tone === "blunt") return text.replace(/\b(?:really|probably|honestly|kind of|sort of|maybe) /g, "");
  return text;
}

export const EN: Phrasebook = {
  hooks: {
    question: [
      (c) => (c.topic.question && c.topic.question.length <= 120 ? c.topic.question : null),
      (c) =>
        act(c)
          ? `What's the simplest way to ${act(c)} without guessing?`
          : `What's the one thing nobody tells you about ${np(c)}?`,
      (c) => `Be honest: are you overcomplicating ${np(c)}?`,
      (c) => `Why does everyone make ${np(c)} sound so hard?`,
      (c) => (c.audience ? `${cap(c.audience)}, what's the hardest part of ${np(c)} for you?` : null),
    ],
    statement: [
      (c) =>
        c.topic.kind === "noun" || c.topic.kind === "gerund"
          ? `${Np(c)} ${be(c)} simpler than most advice makes it sound.`
          : null,
      (c) => `The basics of ${np(c)} beat the clever hacks every time.`,
      (c) => `Getting ${np(c)} right comes down to a few small habits.`,
      (c) => (act(c) ? `You can learn to ${act(c)} in a week if you skip the noise.` : null),
    ],
    controversial: [
      (c) =>
        c.topic.claim
          ? `Unpopular opinion: I only half believe that ${c.topic.claim.charAt(0).toLowerCase()}${c.topic.claim.slice(1)}`
          : null,
      (c) => `Unpopular opinion: most advice about ${np(c)} makes things worse.`,
      (c) => `Hot take: you don't need more tips on ${np(c)}. You need fewer.`,
      (c) => `Hot take: everyone is overthinking ${np(c)}.`,
    ],
    story: [
      (c) => `A year ago I got ${np(c)} completely wrong. Here's what changed.`,
      (c) => `Last year I thought I had ${np(c)} figured out. I didn't.`,
      (c) => (act(c) ? `The first time I tried to ${act(c)}, it went badly. Last year it finally clicked.` : null),
      (c) => `Last spring I rebuilt my whole approach to ${np(c)}, and it started with one bad week.`,
    ],
    statistic: [
      (c) => `The 80/20 of ${np(c)}: 20% of the work drives most of the results.`,
      (c) => `3 numbers tell you more about ${np(c)} than any guru.`,
      (c) => `I tracked ${np(c)} for 30 days. 3 things stood out.`,
      (c) => `2 weeks, 1 habit: that's all it took to change how I handle ${np(c)}.`,
    ],
    personal: [
      (c) => `I used to overthink ${np(c)}. Now I keep it to one page.`,
      (c) => `My honest take on ${np(c)}, after a lot of trial and error.`,
      (c) => `I changed one thing about ${np(c)}, and it made everything easier.`,
    ],
    urgent: [
      (c) =>
        c.topic.kind === "noun" || c.topic.kind === "gerund"
          ? `If ${np(c)} ${be(c)} on your list this week, read this first.`
          : null,
      (c) => `Before you spend another hour on ${np(c)} this week, read this.`,
      (c) => (act(c) ? `If you need to ${act(c)} this month, start today.` : `Stop putting off ${np(c)}. Start today.`),
    ],
    curiosity_gap: [
      (c) => `The biggest lever in ${np(c)} is the one almost nobody talks about:`,
      (c) => `There's one part of ${np(c)} that changes everything, and it's not the obvious one…`,
      (c) => `Most people get ${np(c)} backwards. Here's the part they miss:`,
    ],
  },
  insights: [
    (c) => `Most of the friction in ${np(c)} comes from unclear next steps, not a lack of effort.`,
    (c) => `Progress with ${np(c)} comes from a tight loop: try one thing, measure it, keep what works.`,
    (c) => `With ${np(c)}, the basics you skipped are usually the reason you feel stuck.`,
    (c) => `Most advice on ${np(c)} is written for a situation that isn't yours.`,
    (c) =>
      c.topic.problem
        ? `${Np(c)} rarely ${v(c, "shows", "show")} up all at once; it builds from small things nobody fixes.`
        : `The first thing you change about ${np(c)} should be embarrassingly small.`,
  ],
  reasons: [
    () => `Big overhauls feel productive, but they rarely survive a busy week.`,
    () => `Advice built for someone else ignores the constraints you actually have.`,
    (c) => `When everything feels urgent, the important parts of ${np(c)} quietly slip.`,
    () => `Systems survive bad days; willpower doesn't.`,
  ],
  advice: [
    (c) => `Pick the one part of ${np(c)} that trips you up most and give it 20 focused minutes a day for two weeks.`,
    (c) => `Keep a two-week log on ${np(c)}: what you tried, how long it took, what happened.`,
    (c) => `Ask someone a year ahead of you on ${np(c)} what they'd skip if they started over.`,
    (c) => `Choose one number that tracks your progress on ${np(c)} and check it every Sunday.`,
    (c) => (act(c) ? `Write down what "done" looks like before you ${act(c)}.` : null),
  ],
  items: [
    () => `Start smaller than feels useful.`,
    (c) => `Track one number for ${np(c)}, not ten.`,
    () => `Review what worked every Friday, in five minutes.`,
    () => `Cut one step that adds nothing.`,
    (c) => `Write down what you'd tell a beginner about ${np(c)}.`,
    () => `Finish before you polish.`,
  ],
  domains: {
    money: {
      insights: [
        "A price you can't explain in one sentence is a price nobody will pay.",
        "Most people undercharge at first and raise prices far too late.",
      ],
      advice: [
        "Put a price on the page, talk to ten buyers, and change it only after you hear the same objection three times.",
        "Charge for the outcome you deliver, not for the hours it takes you.",
      ],
      items: ["Anchor on value, not on your costs.", "Raise prices for new customers first."],
    },
    people: {
      insights: [
        "People rarely leave over one big thing; they leave over a dozen small ones nobody fixed.",
        "Clear expectations do more for a team than any perk.",
      ],
      advice: [
        "Write down what a great first 90 days looks like before the next conversation.",
        "Ask each person which one change would make their week easier, then make one of them.",
      ],
      items: ["Say who decides, in writing.", "Give feedback within a week, not at review time."],
    },
    growth: {
      insights: [
        "Distribution beats polish: the post nobody sees teaches you nothing.",
        "One clear promise to one kind of reader beats ten vague ones.",
      ],
      advice: [
        "Pick one channel, publish on a fixed schedule for 30 days, and only then judge the numbers.",
        "Rewrite your first line five times; it decides whether anything else gets read.",
      ],
      items: ["Write for one reader, by name.", "Reuse what worked instead of starting fresh."],
    },
    craft: {
      insights: [
        "The boring, well-tested path beats the clever shortcut almost every time.",
        "Most complexity is added to solve problems you don't have yet.",
      ],
      advice: [
        "Ship the smallest version that works, then let real use tell you what to fix.",
        "Write the checklist you wish you'd had, and use it on the next project.",
      ],
      items: ["Delete before you add.", "Automate the step you did three times."],
    },
    health: {
      insights: [
        "Recovery is part of the work, not a reward for finishing it.",
        "Small, boring habits beat the big dramatic reset.",
      ],
      advice: [
        "Pick one habit, attach it to something you already do every day, and keep it for 14 days.",
        "Protect your sleep first; almost everything else gets easier after that.",
      ],
      items: ["Walk for ten minutes after lunch.", "Plan rest days like work days."],
    },
  },
  emotion: {
    curiosity: [
      (c) =>
        `There's a reason ${np(c)} ${v(c, "feels", "feel")} harder than it should, and it's not the one you'd guess.`,
      () => `Why it works is the interesting part.`,
    ],
    inspiration: [
      () => `You don't need to be ready; you need to start, and starting small counts.`,
      () => `Start small. It still counts.`,
    ],
    humor: [
      (c) => `(My first attempt at ${np(c)} was a comedy. Nobody laughed, least of all me.)`,
      () => `(Ask me how I know.)`,
    ],
    urgency: [
      (c) => `The cost of waiting on ${np(c)} grows every week you put it off.`,
      () => `Waiting only makes it more expensive.`,
    ],
    empathy: [
      () => `If this has been hard for you, you're not alone, and it's not a personal failing.`,
      () => `If this is hard right now, you're not alone.`,
    ],
    surprise: [
      () => `The surprising part: the fix was smaller than the problem ever looked.`,
      () => `The fix was smaller than I expected.`,
    ],
  },
  tone: {
    neutral: {
      ctas: [
        () => "What's worked for you?",
        () => "What would you add?",
        (c) => (c.audience ? `How do other ${c.audience} handle this?` : null),
      ],
      closers: ["Small steps, repeated, win."],
    },
    warm: {
      ctas: [
        () => "What's one small step you'll take this week?",
        (c) => (c.audience ? `To all the ${c.audience} out there: how are you holding up?` : null),
      ],
      closers: ["Go easy on yourself. Progress is progress."],
    },
    professional: {
      ctas: [
        () => "What has worked in your experience?",
        (c) => (c.audience ? `How do other ${c.audience} approach this?` : null),
      ],
      closers: ["Measure, adjust, repeat."],
    },
    playful: {
      ctas: [() => "Your turn: what's your go-to trick?", () => "Which one are you stealing first?"],
      closers: ["Tiny wins count. Go get one!"],
    },
    blunt: {
      ctas: [() => "Which one are you starting today?", () => "Disagree? Tell me why."],
      closers: ["No shortcuts. Just reps."],
    },
    witty: {
      ctas: [() => "What's your move? Asking for a friend.", () => "Agree, disagree, or mildly offended?"],
      closers: ["Results may vary. Mine did."],
    },
  },
  pain: [
    (c) => (c.pain ? `The line I hear most: ${quoted(c.pain)}` : null),
    (c) => (c.pain ? `If ${quoted(c.pain).replace(/\.?"$/, '"')} sounds familiar, you're not alone.` : null),
  ],
  trend: [
    (c) => (c.snippet ? `One line from this week's coverage stuck with me: ${quoted(c.snippet)}` : null),
    (c) => (c.trend ? `With the ${c.trend} conversation all over the feed, this matters more than usual.` : null),
  ],
  audience: [
    (c) => (c.audience ? `${cap(c.audience)}, this one's for you.` : null),
    (c) => (c.audience ? `I see this constantly with ${c.audience}.` : null),
  ],
  listIntro: [(c) => (act(c) ? `To ${act(c)}, I'd do this:` : `What I'd do about ${np(c)}:`), () => `The short list:`],
  details: [
    () => `Give it two weeks before you judge the results.`,
    () => `Write down what you expect to happen; it keeps the review honest.`,
    () => `If it feels too easy, good: easy is what you keep doing.`,
    () => `Share what you learn; teaching it shows you the gaps.`,
    () => `Then repeat what worked and drop the rest.`,
  ],
  toneWords,
};
