// TEMPORARY local placeholder until the writer branch lands. Not committed.
import type { GenerationBrief } from "./brief.ts";
export function writeOffline(brief: GenerationBrief): string {
  return brief.kind === "hook" ? `Hook about ${brief.topic} v${brief.variant ?? 0}` : `Body about ${brief.topic} after ${brief.hook}.`;
}
