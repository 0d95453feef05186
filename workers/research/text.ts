// Text normalisation shared by trend extraction, competitive analysis and trend picking, so the
// same words compare equal everywhere ("Remote-work", "remote work" and "remote works").

const STOP = `a about above after again against ago all almost also am an and any are around as at be because been
before being below between both but by can could did do does doing done down during each even ever every few for
from further get gets getting got had has have having he her here hers him his how however i if in into is it its
itself just least less let like ll made make makes many may me might more most much must my near need needs new no
nor not now of off often on once one only or other our ours out over own per re really s same say says said see
seen she should since so some still such t than that the their theirs them then there these they this those though
through to too under until up upon us use used using ve very via want was way we well were what when where which
while who whom whose why will with within without would yet you your yours yourself
read more click here subscribe sign log login newsletter cookie cookies privacy policy terms share comments reply
posted updated minutes hours days weeks months years today yesterday last next
image photo video getty images www com http https html amp
everyone everybody everything nobody anyone someone thing things people lot lots right vs though others
talking means matters explained rise rising inside trend trends sold trying tried stay happened ignoring overrated
started know knows look looks looking also`;

export const STOP_WORDS: ReadonlySet<string> = new Set(STOP.split(/\s+/).filter(Boolean));

export const isStopWord = (token: string): boolean => STOP_WORDS.has(token);

/** Stop words that may sit inside a phrase ("return to office", "build in public"); any other breaks it. */
const CONNECTORS: ReadonlySet<string> = new Set([
  "a",
  "an",
  "and",
  "at",
  "for",
  "from",
  "in",
  "of",
  "on",
  "the",
  "to",
  "with",
]);
export const isConnector = (token: string): boolean => CONNECTORS.has(token);

/** Splits where a phrase cannot continue: sentence ends, separators in titles ("X | Site", "X - Y"). */
export function segments(text: string): string[] {
  return text
    .replace(/<[^>]+>/g, " ")
    .split(/[.!?;:()[\]{}"“”|•·…\n\r\t]+|\s[-–—]\s|,\s/u)
    .map((s) => s.trim())
    .filter(Boolean);
}

/** Lowercased word tokens; hyphens and slashes join words, apostrophes are dropped ("don't" → "dont"). */
export function tokenize(text: string): string[] {
  return (
    text
      .normalize("NFKC")
      .toLowerCase()
      .replace(/['’]s\b/g, "")
      .replace(/['’]/g, "")
      .replace(/[-‐‑/_]+/g, " ")
      .match(/[\p{L}\p{N}]+/gu) ?? []
  );
}

/** Plural folding, deliberately light: merges "tools/tool", "agents/agent", never "business/busines". */
export function stem(token: string): string {
  if (token.length <= 3 || /\d/.test(token)) return token;
  if (token.endsWith("ies") && token.length > 4) return `${token.slice(0, -3)}y`;
  if (/(ss|us|is|ous)$/.test(token)) return token;
  if (token.endsWith("s")) return token.slice(0, -1);
  return token;
}

/** Content-word stems of a phrase: what relevance comparisons use. */
export function keywordSet(text: string): Set<string> {
  return new Set(
    tokenize(text)
      .filter((t) => !isStopWord(t) && t.length > 1)
      .map(stem),
  );
}
