// The offline LLM adapter's writer: deterministic, persona-voiced hooks and bodies composed
// from the brief alone, so `npm start` without an API key still produces readable posts.
// It always writes English: there is no offline translation, whatever persona.language says.
import type { GenerationBrief } from "./brief.ts";
import type { ArmOf } from "../../experiments/dimensions.ts";
import { composeBody } from "./offline-body.ts";
import { buildContext } from "./offline-context.ts";
import type { WriterContext } from "./offline-context.ts";
import { classifyHook, HOOK_STYLES, HOOK_TEMPLATES, promisedCount } from "./offline-hooks.ts";
import type { HookStyle } from "./offline-hooks.ts";
import { saltSeed, seededOrder } from "./offline-seed.ts";
import { clipWords, collapseSpaces } from "./offline-text.ts";
import { applyToneWords, finishTone } from "./offline-tone.ts";

export const HOOK_MAX_CHARS = 140;

/** The first attempt's style comes from the seed; a rewrite moves to a style that neither
 * the first attempt nor any avoided post used. */
export function chooseHookStyle(c: WriterContext): HookStyle {
  const first = HOOK_STYLES[saltSeed(c.firstSeed, "style") % HOOK_STYLES.length] ?? "question";
  if (!c.rewrite) return first;
  const used = new Set<HookStyle>([first, ...c.avoidedHooks.filter((h) => h.length > 0).map(classifyHook)]);
  const fresh = HOOK_STYLES.filter((s) => !used.has(s));
  const options = fresh.length > 0 ? fresh : HOOK_STYLES.filter((s) => s !== first);
  return options[saltSeed(c.seed, "rewrite-style") % options.length] ?? first;
}

/** Witty personas get a wink on the hooks that can carry one. */
function voiceHook(c: WriterContext, style: HookStyle, hook: string): string {
  const toned = finishTone(applyToneWords(hook, c.tone), c.tone);
  const winkable = style === "story" || style === "warning";
  if (c.tone === "witty" && winkable && toned.length + 22 <= HOOK_MAX_CHARS) return `${toned} (Ask me how I know.)`;
  return toned;
}

function hookCandidates(c: WriterContext, style: HookStyle): string[] {
  return seededOrder(HOOK_TEMPLATES[style], c.seed, `hook:${style}`)
    .map((template) => template(c))
    .filter((h): h is string => h !== null)
    .map((h) => voiceHook(c, style, h));
}

// --- Experiment arms (minimal stand-in until the writer realises every arm itself) -----------
// brief.arms.hook_style → this writer's template group, so a hook_style experiment changes the text.
const ARM_HOOK_STYLE: Record<ArmOf<"hook_style">, HookStyle> = {
  question: "question", statement: "surprising", controversial: "contrarian", story: "story",
  statistic: "number", personal: "story", urgent: "warning", curiosity_gap: "surprising",
};
// ----------------------------------------------------------------------------------------------

function writeHook(c: WriterContext, arm?: ArmOf<"hook_style">): string {
  const style = arm ? ARM_HOOK_STYLE[arm] : chooseHookStyle(c);
  const fallbackStyles = HOOK_STYLES.filter((s) => s !== style);
  for (const s of [style, ...fallbackStyles]) {
    const fit = hookCandidates(c, s).find((h) => h.length <= HOOK_MAX_CHARS && !c.avoid.clashes(h));
    if (fit !== undefined) return fit;
  }
  // Every template clashed with an avoided post or ran long: shorten the first one instead.
  return clipWords(hookCandidates(c, style)[0] ?? c.topic.phrase, HOOK_MAX_CHARS);
}

function writeBody(c: WriterContext, hook: string | null): string {
  const style = hook ? classifyHook(hook) : chooseHookStyle(c);
  const listCount = hook ? promisedCount(hook) : 3;
  return composeBody(c, style, listCount, hook);
}

export function writeOffline(brief: GenerationBrief): string {
  const c = buildContext(brief);
  if (brief.kind === "hook") return writeHook(c, brief.arms?.hook_style);
  const hook = brief.hook ? collapseSpaces(brief.hook) : null;
  return writeBody(c, hook && hook.length > 0 ? hook : null);
}
