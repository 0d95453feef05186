export interface ModerationVerdict {
  flagged: boolean;
  categories: string[];
}

/** A hosted content classifier. Only configured when a real OpenAI key is present. */
export interface Moderator {
  readonly name: string;
  check(text: string): Promise<ModerationVerdict>;
}
