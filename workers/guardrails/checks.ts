// Pure checks used by the guardrail step. Each returns what it found, so a rejection can say why.

const INJECTION_PATTERNS: [RegExp, string][] = [
  [/\b(ignore|disregard|forget|override)\b.{0,40}\b(previous|prior|above|earlier|all|your)\b.{0,40}\b(instructions?|prompts?|rules?|directions?)\b/i, "asks to ignore instructions"],
  [/\b(system|developer)\s+(prompt|message|instructions?)\b/i, "mentions the system prompt"],
  [/\byou\s+are\s+now\b|\bact\s+as\s+(an?\s+)?(unfiltered|unrestricted|jailbroken|dan)\b/i, "tries to change the model's role"],
  [/\b(jailbreak|do\s+anything\s+now|DAN\s+mode)\b/i, "jailbreak wording"],
  [/\b(reveal|print|show|repeat)\b.{0,30}\b(your|the)\s+(prompt|instructions|api\s*key|secret)/i, "asks to reveal hidden data"],
  [/<\/?\s*(system|assistant|im_start|im_end)\s*>|\[\/?INST\]/i, "contains chat-template control tokens"],
];

export function findInjection(text: string): string[] {
  return INJECTION_PATTERNS.filter(([re]) => re.test(text)).map(([, why]) => why);
}

const EMAIL = /[A-Z0-9._%+-]+@[A-Z0-9.-]+\.[A-Z]{2,}/gi;
// International or North-American phone numbers: 10–15 digits with common separators.
// Not part of a longer run of digit groups (an order number, a card that failed Luhn).
const PHONE = /(?<!\d[\s.-]?|\+)(?:\+\d{1,3}[\s.-]?)?(?:\(\d{2,4}\)[\s.-]?)?\d{2,4}[\s.-]\d{3,4}[\s.-]\d{3,4}(?![\s.-]?\d)/g;
const CARD_CANDIDATE = /\b(?:\d[ -]?){13,19}\b/g;

function luhnValid(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = Number(digits[digits.length - 1 - i]);
    if (i % 2 === 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return sum % 10 === 0;
}

export function findPersonalData(text: string): string[] {
  const found: string[] = [];
  if (text.match(EMAIL)) found.push("an email address");
  const cards = (text.match(CARD_CANDIDATE) ?? []).filter((c) => {
    const digits = c.replace(/\D/g, "");
    return digits.length >= 13 && luhnValid(digits);
  });
  if (cards.length) found.push("a payment card number");
  // A card number's digit groups look like a phone number too; judge phones without them.
  const rest = cards.reduce((t, c) => t.replace(c, " "), text);
  const phones = (rest.match(PHONE) ?? []).filter((p) => {
    const digits = p.replace(/\D/g, "").length;
    return digits >= 10 && digits <= 15;
  });
  if (phones.length) found.push("a phone number");
  return found;
}

const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/** Whole-word, case-insensitive; a phrase matches across any whitespace. */
export function findBlockedWords(text: string, blocked: string[]): string[] {
  return blocked.filter((w) => {
    const pattern = escapeRe(w.trim()).replace(/\s+/g, "\\s+");
    return pattern !== "" && new RegExp(`(?<![\\p{L}\\p{N}])${pattern}(?![\\p{L}\\p{N}])`, "iu").test(text);
  });
}
