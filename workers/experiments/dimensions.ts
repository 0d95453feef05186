// The variant dimensions an experiment can test, and the arms of each. One definition shared by
// the experiments engine (assignment, API schemas) and the writer (offline writer and LLM prompts
// realise every text arm; post_hour is realised by the scheduler, not the writer).
export const DIMENSION_ARMS = {
  hook_style: ["question", "statement", "controversial", "story", "statistic", "personal", "urgent", "curiosity_gap"],
  tone: ["neutral", "warm", "professional", "playful", "blunt", "witty"],
  // short < 50 words, medium 50–150 words, long > 150 words: all within Threads' 500 characters
  // (see the writer for how a long post fits).
  length: ["short", "medium", "long"],
  emotion: ["curiosity", "inspiration", "humor", "urgency", "empathy", "surprise"],
  format: ["plain", "list", "one_liner", "thread"],
  // The persona's local posting hour, "00".."23".
  post_hour: Array.from({ length: 24 }, (_, h) => String(h).padStart(2, "0")),
} as const satisfies Record<string, readonly string[]>;

export type Dimension = keyof typeof DIMENSION_ARMS;
export const DIMENSIONS = Object.keys(DIMENSION_ARMS) as Dimension[];
export type ArmOf<D extends Dimension> = (typeof DIMENSION_ARMS)[D][number];

/** The arms a task got, one per dimension under test (a dimension with no experiment is absent). */
export type Arms = { [D in Dimension]?: ArmOf<D> };

/** Dimensions the writer realises in the text (post_hour is a scheduling arm). */
export const TEXT_DIMENSIONS = [
  "hook_style",
  "tone",
  "length",
  "emotion",
  "format",
] as const satisfies readonly Dimension[];

export const isArm = (dimension: Dimension, arm: string): boolean =>
  (DIMENSION_ARMS[dimension] as readonly string[]).includes(arm);
