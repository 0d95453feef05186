// Which languages the offline writer writes natively, and what it does for the others: it
// writes English and says so (a warning on the task's writing steps, a readiness warning for
// the personas concerned), because there is no offline translation.

export const NATIVE_LANGUAGES = ["en", "es", "de", "fr", "pt"] as const;
export type NativeLanguage = (typeof NATIVE_LANGUAGES)[number];

export interface WriterLanguage {
  /** The language the text is written in. */
  lang: NativeLanguage;
  /** False when the persona asked for a language the offline writer cannot write. */
  native: boolean;
  /** The persona's language tag as configured ("pt-BR", "ja"). */
  requested: string;
}

/** The primary subtag decides: "pt-BR" and "pt-PT" are Portuguese, "en-GB" English. */
export function writerLanguage(tag: string | null | undefined): WriterLanguage {
  const requested = (tag ?? "en").trim() || "en";
  const primary = requested.toLowerCase().split("-")[0] ?? "en";
  const native = (NATIVE_LANGUAGES as readonly string[]).includes(primary);
  return { lang: native ? (primary as NativeLanguage) : "en", native, requested };
}

/** The warning a task and /health/ready show for a language written in English instead. */
export function unsupportedLanguageWarning(tag: string): string {
  return (
    `the offline writer has no phrasebook for language '${tag}': the post is written in English ` +
    `(native: ${NATIVE_LANGUAGES.join(", ")}); configure an LLM provider (OPENAI_API_KEY or Workers AI) to write in '${tag}'`
  );
}
