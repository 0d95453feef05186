// The offline LLM adapter's writer: deterministic, persona-voiced hooks and bodies composed
// from the brief alone, so `npm start` without an API key still produces readable posts. It
// writes English, Spanish, German, French and Portuguese natively; any other language gets
// English (the write step says so, and /health/ready lists the personas concerned).
import type { GenerationBrief } from "./brief.ts";
import { composeBody, composeHook } from "./offline-compose.ts";
import { buildContext } from "./offline-context.ts";
import { collapseSpaces } from "./offline-text.ts";
import { groundedBody, groundedHook } from "./offline-grounded.ts";

export { HOOK_MAX_CHARS } from "./offline-compose.ts";

export function writeOffline(brief: GenerationBrief): string {
  const c = buildContext(brief);
  // With source passages, the post is made of their sentences (offline-grounded.ts).
  const grounded = (brief.grounding?.length ?? 0) > 0;
  if (brief.kind === "hook") return (grounded ? groundedHook(brief, c) : null) ?? composeHook(c);
  const hook = brief.hook ? collapseSpaces(brief.hook) : "";
  const opening = hook.length > 0 ? hook : composeHook(c);
  return (grounded ? groundedBody(brief, c, opening) : null) ?? composeBody(c, opening);
}
