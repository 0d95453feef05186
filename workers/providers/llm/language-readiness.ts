// Readiness warnings for personas whose language the offline writer cannot write: while the
// offline model is configured their posts come out in English. A warning, not a failure: the
// product works, just not in the language asked for. /health/ready lists them.
import { unsupportedLanguageWarning, writerLanguage } from "./offline-language.ts";

export async function writerLanguageWarnings(d1: D1Database, llmProvider: string): Promise<string[]> {
  if (llmProvider !== "offline") return [];
  const rows = await d1
    .prepare("SELECT id, language FROM personas ORDER BY id LIMIT 200")
    .all<{ id: string; language: string }>();
  return rows.results
    .filter((r) => !writerLanguage(r.language).native)
    .map((r) => `persona '${r.id}': ${unsupportedLanguageWarning(r.language)}`);
}
