// Persona voice for the offline writer: the tone picks connectors, calls to action and a
// final word-level pass. Unknown tones read as neutral rather than failing.

export type ToneName = "neutral" | "playful" | "professional" | "blunt" | "warm" | "witty";

/** How a body opens, depending on the hook it follows. */
export type Connector = "answer" | "why" | "instead" | "shift" | "steps" | "thing" | "list";

export interface ToneProfile {
  name: ToneName;
  connectors: Record<Connector, readonly string[]>;
  /** Questions or invitations that end most bodies; `{audience}` is filled or the line skipped. */
  ctas: readonly string[];
  /** Endings for the bodies that do not ask anything. */
  closers: readonly string[];
  /** One optional sentence that carries the voice on its own. */
  asides: readonly string[];
}

const TONE_ALIASES: ReadonlyArray<[ToneName, RegExp]> = [
  ["playful", /playful|fun|cheeky|casual|quirky|upbeat|energetic|silly|enthusiastic/],
  ["professional", /professional|formal|expert|authoritative|corporate|polished|analytical|academic/],
  ["blunt", /blunt|direct|no[- ]nonsense|candid|straight|brutal|terse|frank/],
  ["warm", /warm|friendly|empathetic|supportive|kind|caring|gentle|encouraging|compassionate/],
  ["witty", /witty|humou?r|funny|sarcastic|clever|wry|dry|ironic/],
];

export function resolveTone(raw: string | null | undefined): ToneName {
  const tone = (raw ?? "").toLowerCase();
  for (const [name, pattern] of TONE_ALIASES) if (pattern.test(tone)) return name;
  return "neutral";
}

const PROFILES: Record<ToneName, ToneProfile> = {
  neutral: {
    name: "neutral",
    connectors: {
      answer: ["Short answer:", "My answer:"], why: ["Here's why:", "The reason:"],
      instead: ["Do this instead:", "Try this instead:"], shift: ["What changed:", "The shift was simple:"],
      steps: ["Start here:", "The first step:"], thing: ["Here's the thing:", "What I keep seeing:"],
      list: ["Here they are:", "The short list:"],
    },
    ctas: ["What's worked for you?", "What would you add?", "Which part do you find hardest?",
      "How do other {audience} handle this?", "Save this for the next time you need it."],
    closers: ["Small steps, repeated, win.", "Start small and keep going."],
    asides: ["None of this is complicated, but it does take consistency.", "Simple doesn't mean easy.", "Boring, but it works."],
  },
  playful: {
    name: "playful",
    connectors: {
      answer: ["Okay, spoiler:", "Drumroll, please:"], why: ["Hear me out:", "Okay, so here's my case:"],
      instead: ["Try this instead:", "Swap it for this:"], shift: ["Then the plot twist:", "Here's the fun part:"],
      steps: ["Step one, easy mode:", "Let's keep it light:"], thing: ["Fun fact:", "Okay, real talk:"],
      list: ["Let's go:", "Here's the lineup:"],
    },
    ctas: ["Your turn: what's your go-to trick?", "Am I the only one, or is it all of us?", "Which one are you stealing first?",
      "Calling all {audience}: what would you add?", "What's your best tip? Drop it below!"],
    closers: ["Tiny wins count. Go get one!", "Now go have some fun with it!"],
    asides: ["Yes, it's really that simple (mostly)!", "Who knew boring could be this fun?", "Trust the process (and the snacks)!"],
  },
  professional: {
    name: "professional",
    connectors: {
      answer: ["In short:", "The short answer:"], why: ["The reasoning:", "Consider the evidence:"],
      instead: ["A better approach:", "What works instead:"], shift: ["The turning point:", "What made the difference:"],
      steps: ["A practical starting point:", "Begin with this:"], thing: ["The key insight:", "What the data usually shows:"],
      list: ["In brief:", "The essentials:"],
    },
    ctas: ["What has worked in your experience?", "How does your team approach this today?",
      "Which of these would make the biggest difference for you?", "How do other {audience} approach this?",
      "Worth sharing with a colleague who is working on this."],
    closers: ["Consistent execution beats occasional intensity.", "Measure, adjust, repeat."],
    asides: ["The teams that do this well treat it as a process, not a project.", "Small, measurable changes compound.", "Process beats heroics."],
  },
  blunt: {
    name: "blunt",
    connectors: {
      answer: ["Answer:", "Straight answer:"], why: ["Why:", "Simple reason:"],
      instead: ["Instead:", "Do this:"], shift: ["What fixed it:", "What worked:"],
      steps: ["Step one:", "First:"], thing: ["Truth:", "Fact:"],
      list: ["No fluff:", "The list:"],
    },
    ctas: ["Try it for a week. Then tell me I'm wrong.", "Which one are you starting today?", "What's stopping you?",
      "{audience}: stop reading, start doing.", "Disagree? Tell me why."],
    closers: ["No shortcuts. Just reps.", "Stop planning. Start."],
    asides: ["Nobody is coming to do it for you.", "Excuses don't compound. Habits do.", "Boring works."],
  },
  warm: {
    name: "warm",
    connectors: {
      answer: ["Honestly?", "Here's what I've learned:"], why: ["Let me explain:", "Here's my thinking:"],
      instead: ["Be gentle and try this:", "A kinder approach:"], shift: ["What helped most:", "What finally helped:"],
      steps: ["A gentle place to start:", "Start softly:"], thing: ["Something I wish someone had told me:", "A gentle reminder:"],
      list: ["Here's what helped me:", "A few kind reminders:"],
    },
    ctas: ["What's one small step you'll take this week?", "You're doing better than you think. What's helped you most?",
      "How are you getting on with it?", "To all the {audience} out there: how are you holding up?",
      "Share this with someone who needs it today."],
    closers: ["Go easy on yourself. Progress is progress.", "You've got this, one step at a time."],
    asides: ["Be kind to yourself while you figure it out.", "Progress counts even when it's slow.", "There's no prize for doing it the hard way."],
  },
  witty: {
    name: "witty",
    connectors: {
      answer: ["Spoiler alert:", "The unglamorous answer:"], why: ["Allow me to explain:", "Exhibit A:"],
      instead: ["Radical idea:", "Try this wild concept instead:"], shift: ["Plot twist:", "The twist nobody saw coming:"],
      steps: ["Step one (no, really):", "Phase one of the master plan:"], thing: ["Plot twist:", "Breaking news, sort of:"],
      list: ["The cheat sheet:", "Behold, the list:"],
    },
    ctas: ["What's your best trick? Bonus points if it's weird.", "What's your move? Asking for a friend.",
      "Which one did you learn the hard way?", "Dear {audience}: confess your worst habit below.",
      "Agree, disagree, or mildly offended?"],
    closers: ["Ask me how I know.", "Results may vary. Mine did."],
    asides: ["(Yes, I learned this the expensive way.)", "Revolutionary, I know.", "Groundbreaking stuff, I realise."],
  },
};

export function toneProfile(tone: ToneName): ToneProfile {
  return PROFILES[tone];
}

const CONTRACTIONS: ReadonlyArray<[RegExp, string]> = [
  [/\bdon't\b/g, "do not"], [/\bDon't\b/g, "Do not"], [/\bcan't\b/g, "cannot"], [/\bwon't\b/g, "will not"],
  [/\bisn't\b/g, "is not"], [/\baren't\b/g, "are not"], [/\bdoesn't\b/g, "does not"], [/\bdidn't\b/g, "did not"],
  [/\bit's\b/g, "it is"], [/\bIt's\b/g, "It is"], [/\byou're\b/g, "you are"], [/\bYou're\b/g, "You are"],
  [/\bI'd\b/g, "I would"], [/\bI've\b/g, "I have"], [/\bthat's\b/g, "that is"], [/\bThat's\b/g, "That is"],
  [/\bThey're\b/g, "They are"], [/\bthey're\b/g, "they are"], [/\bI'll\b/g, "I will"], [/\byou'd\b/g, "you would"], [/\bthey'd\b/g, "they would"], [/\bwhat's\b/g, "what is"],
];

const HEDGES = /\b(?:really|probably|honestly|kind of|sort of|maybe) /g;

/** The word-level pass: professional drops contractions and exclamation marks, blunt drops
 * hedges. Applied to every candidate before the avoid check, so the check sees final text. */
export function applyToneWords(text: string, tone: ToneName): string {
  switch (tone) {
    case "professional": {
      let out = text.replace(/!/g, ".");
      for (const [pattern, replacement] of CONTRACTIONS) out = out.replace(pattern, replacement);
      return out;
    }
    case "blunt":
      return text.replace(HEDGES, "");
    default:
      return text;
  }
}

/** Punctuation that only makes sense once, at the very end: playful ends on a bang. */
export function finishTone(text: string, tone: ToneName): string {
  return tone === "playful" ? text.replace(/\.$/, "!") : text;
}
