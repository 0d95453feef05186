import type OpenAI from "openai";
import { mapOpenAiError } from "../llm/openai.ts";
import type { ModerationVerdict, Moderator } from "./types.ts";

export class OpenAiModerator implements Moderator {
  readonly name = "openai-moderation";

  constructor(
    private readonly client: OpenAI,
    private readonly model = "omni-moderation-latest",
  ) {}

  async check(text: string): Promise<ModerationVerdict> {
    try {
      const res = await this.client.moderations.create({ model: this.model, input: text });
      const result = res.results[0];
      if (!result) return { flagged: false, categories: [] };
      const categories = Object.entries(result.categories)
        .filter(([, on]) => on === true)
        .map(([name]) => name);
      return { flagged: result.flagged, categories };
    } catch (err) {
      throw mapOpenAiError(err);
    }
  }
}
