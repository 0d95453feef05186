// What a reply is, decided before any prompt sees it (docs/conversations.md, "Untrusted input"):
// a prompt-injection attempt (the guardrail's own check, every language it knows), abuse
// (insults, threats) or spam (money offers, follower sales, DM bait with links), else ok.
// Flagged replies are never answered; abuse and spam may be hidden.
import { findBlockedWords, findInjection, findPersonalData } from "../guardrails/checks.ts";
import { textViews } from "../text/normalize.ts";
import type { ReplyCategory } from "../db/schema/index.ts";

// Insults and hostility in the writer's languages, read on the normalised text (look-alikes,
// accents and spacing undone), whole words.
const ABUSE =
  /\b(idiot\w*|stupid\w*|dumbest|dumb|moron\w*|clueless|fraud|loser|shut up|kill yourself|kys|idiota\w*|estupid\w*|imbecil\w*|callate|fraude|betruger|halt den mund|dumm\w*|vollidiot|stupide|connard|imposteur|tais.toi|ta gueule|burr[oa]|cala a boca|otari[oa])\b/i;

// Spam: money promises, follower sales, DM bait, crypto; counted with links.
const SPAM =
  /(\$\s?\d+\s*(\/|per\s)?\s*(day|dia|tag|jour)|\d+\s?(€|\$|r\$)\s*(al|por|am|par)?\s*(dia|día|tag|jour|day)|earn \$|gana \d|verdiene \d|gagne \d|ganhe r?\$|free followers|seguidores gratis|gratis follower|abonnes gratuits|seguidores gratis|dm me|escribeme|schreib mir|ecris moi|me chama|crypto|bitcoin|forex|onlyfans)/i;

const DM_BAIT = /\b(dm|escribeme|schreib mir|ecris moi|me chama|inbox me|message me)\b/i;

const LINK = /https?:\/\/|www\.|\b[a-z0-9-]+\.(example|com|net|io|xyz|ly)\b/i;

export interface Classification {
  category: ReplyCategory;
  flags: string[];
}

export function classifyReply(text: string): Classification {
  const injection = findInjection(text);
  if (injection.length) return { category: "injection", flags: injection };
  const { folded } = textViews(text);
  const abuse = ABUSE.exec(folded);
  if (abuse) return { category: "abuse", flags: [`abusive language ('${abuse[0]}')`] };
  const spam = SPAM.exec(folded);
  // A money promise counts as spam with a link or DM bait anywhere in the reply (not only in the
  // matched words: "gana 300€ al día, escríbeme" matches "gana 3" first).
  if (spam && (LINK.test(text) || DM_BAIT.test(folded))) {
    return { category: "spam", flags: [`spam ('${spam[0]}'${LINK.test(text) ? " with a link" : ""})`] };
  }
  return { category: "ok", flags: [] };
}

/**
 * The answer, checked again after writing: no injection text, no personal data, no secret-like
 * strings, and nothing copied from a flagged reply. Returns the problems (empty: it may go out).
 */
export function checkAnswer(answer: string, blockedWords: string[]): string[] {
  const problems: string[] = [];
  const injection = findInjection(answer);
  if (injection.length) problems.push(`prompt injection: ${injection.join("; ")}`);
  const pii = findPersonalData(answer);
  if (pii.length) problems.push(`personal data: ${pii.join("; ")}`);
  if (/\b(api[\s_-]?key|secret|password|token|system prompt|bearer)\b/i.test(answer)) {
    problems.push("mentions a secret (key, token, password or prompt)");
  }
  if (/\b[A-Za-z0-9_-]{32,}\b/.test(answer)) problems.push("contains a long token-like string");
  const blocked = findBlockedWords(answer, blockedWords);
  if (blocked.length) problems.push(`blocked words: ${blocked.join(", ")}`);
  if (!answer.trim()) problems.push("empty");
  return problems;
}
