// The unsure band: texts the rules (injection.ts) pass but that talk about what an attack talks
// about — instructions, the system prompt, the model's configuration, its role — in any of the 20
// languages. A rule needs two parts in one sentence; one part alone is a cue. Only texts in the
// band go to the second opinion (second-opinion.ts), so a model is asked about few texts and never
// about a plain post. Cues were chosen on the batch-2 dev split only.
import { OVERRIDE_NOUN_CUE } from "./injection.ts";
import { LANGUAGE_CUES } from "./injection-languages.ts";
import type { TextViews } from "../text/normalize.ts";
import { alt, re } from "./patterns.ts";

// English words of configuration and role-play that are not in the rules' noun lists.
const EN_CUES = re(
  `(?<![^ ])${alt(
    "configured|configuration|config|setup|brief|persona|operator|developer|admin|administrator|maintainer|system|mode|jailbreak|jailbroken|dan|unfiltered|uncensored|no restrictions|without restrictions|act as|acting as|pretend|roleplay|role play|role|simulate|simulation|play a game|stay in character|in character|from now on|you are going to|you will now|verbatim|repeat the words|chain of thought|reasoning|initial prompt|first sentence|everything|everything before|new rule|new rules|new task|new tasks|language model|ai model|chatgpt|gpt|llm",
  )}(?![^ ])`,
);
// The same for the other languages the phrase rules cover: set up, configured, operator, mode.
const OTHER_CUES = /(?<![a-z])(?:configur|operador|operateur|betreiber|modo|mode|modus|rol |papel|role|ruolo|persona)/;

/** The cues in a text's views, empty when it is outside the band. */
export function unsureCues(views: TextViews): string[] {
  const found: string[] = [];
  const words = views.words;
  if (words.some((w) => OVERRIDE_NOUN_CUE.test(w))) found.push("names instructions or rules");
  if (words.some((w) => EN_CUES.test(w))) found.push("talks about the model's setup or role");
  if (OTHER_CUES.test(views.folded)) found.push("talks about configuration or a role");
  if (LANGUAGE_CUES.some((c) => c.test(views.clean) || c.test(views.folded))) found.push("one part of a rule");
  return found;
}
