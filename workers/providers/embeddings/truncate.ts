// Hosted embedding models reject inputs over their token limit. We have no tokenizer in the
// Worker, so inputs are cut to a conservative estimate instead of being rejected: a post's
// meaning is in its opening anyway, and a slightly short cut costs nothing.

export interface TokenBudget {
  maxTokens: number;
  /** Latin-script characters per token, estimated low so the cut errs on the short side. */
  asciiCharsPerToken: number;
  /** Tokens per non-ASCII code point (CJK is ~1 per character in WordPiece, up to ~2 in BPE). */
  tokensPerOtherChar: number;
}

export function estimateTokens(text: string, budget: TokenBudget): number {
  let ascii = 0;
  let other = 0;
  for (const ch of text) {
    if (ch.charCodeAt(0) < 128) ascii++;
    else other++;
  }
  return Math.ceil(ascii / budget.asciiCharsPerToken + other * budget.tokensPerOtherChar);
}

/** Cuts text (on code points, preferring a word boundary) so its estimate fits the budget. */
export function truncateToBudget(text: string, budget: TokenBudget): string {
  if (estimateTokens(text, budget) <= budget.maxTokens) return text;
  let used = 0;
  let end = 0;
  let lastSpace = -1;
  for (const ch of text) {
    const cost = ch.charCodeAt(0) < 128 ? 1 / budget.asciiCharsPerToken : budget.tokensPerOtherChar;
    if (used + cost > budget.maxTokens) break;
    used += cost;
    if (/\s/.test(ch)) lastSpace = end;
    end += ch.length;
  }
  // Only back up to a space if it does not throw away much (CJK text has no spaces at all).
  const cut = lastSpace > end * 0.8 ? lastSpace : end;
  return text.slice(0, cut);
}

export const isBlank = (text: string): boolean => text.trim().length === 0;
