// Personal-data detectors. They read the `clean` view of workers/text/normalize.ts: digits of every script
// are ASCII already, invisible characters are gone, full-width forms are plain.

// Phone numbers ----------------------------------------------------------------------------

// Things made of digit groups that are not phone numbers, masked before looking for phones.
const NOT_PHONES: RegExp[] = [
  /\d{4}-\d{2}-\d{2}(?:[t ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:z|[+-]\d{2}:?\d{2})?)?/g, // ISO dates and times
  /(?<![\d./-])\d{1,2}[./-]\d{1,2}[./-](?:\d{4}|\d{2})(?![\d]|[./-]\d)/g, // 01.12.2026, 12/03/26
  /(?<![\d./-])\d{4}[./]\d{1,2}[./]\d{1,2}(?![\d]|[./-]\d)/g, // 2026/12/01
  /\d{1,2}:\d{2}(?::\d{2})?/g, // times
  /(?<![\d.])(?:(?:25[0-5]|2[0-4]\d|1?\d?\d)\.){3}(?:25[0-5]|2[0-4]\d|1?\d?\d)(?![\d.])/g, // IPv4
];

// A run of digit groups, optionally after + or 00, with single separators or brackets.
const PHONE_SPAN =
  /(?<![a-z\d+.,/_-])(?:\+|(?=00))?\s?(?:\(\s*\d{1,5}\s*\)|\d{1,8})(?:(?:\s?[.\-/]\s?|\s)?(?:\(\s*\d{1,5}\s*\)|\d{1,8})){0,7}(?!\d|[.,]\d)/g;
const PHONE_WORDS =
  /(?:phone|tel|telephone|call|text me|whatsapp|signal|mobile|cell|fax|sms|ring|number|nummer|numero|telefon|handy|anrufen|ruf|llama|llamame|appelle|appelez|ligue|chiama|telefono|телефон|тел|звони|номер|電話|电话|手机|手機|携帯|联系|番号)[^\d\n]{0,20}$/;

function isPhone(span: string, before: string): boolean {
  const trimmed = span.trim();
  const international = trimmed.startsWith("+") || trimmed.startsWith("00");
  const digits = trimmed.replace(/\D/g, "");
  const groups = trimmed
    .split(/[^\d()]+|(?<=\))|(?=\()/)
    .map((g) => g.replace(/\D/g, ""))
    .filter(Boolean);
  const n = international && trimmed.startsWith("00") ? digits.length - 2 : digits.length;
  if (PHONE_WORDS.test(before) && n >= 7 && n <= 15) return true;
  if (international) return n >= 8 && n <= 15 && groups.every((g) => g.length <= 8 || groups.length === 1);
  // Lists of years ("2023 2024 2025") and numbers with thousands separators ("12 500 000").
  if (groups.length > 1 && groups.every((g) => /^(?:19|20)\d\d$/.test(g))) return false;
  const [first = "", ...rest] = groups;
  if (groups.length > 1 && first.length <= 3 && !first.startsWith("0") && rest.every((g) => g.length === 3))
    return false;
  if (groups.length === 1) {
    // Bare: North American numbers (area codes never start with 0 or 1, so no timestamps),
    // with a leading 1, national numbers with a trunk 0, Chinese mobiles.
    return (
      (n === 10 && /^[2-9]/.test(digits)) ||
      (n === 11 && /^(?:1[2-9]|0[1-9])/.test(digits)) ||
      (n === 12 && digits.startsWith("0"))
    );
  }
  const trunk = first.startsWith("0") || trimmed.startsWith("(") || /^\d\s?\(/.test(trimmed);
  const longest = Math.max(...groups.map((g) => g.length));
  if (longest > (trunk ? 8 : 5)) return false;
  if (n >= 10 && n <= 12) return true;
  // Nine digits: Spanish, Portuguese or Swiss style "612 34 56 78".
  return n === 9 && groups.length >= 4 && longest <= 3;
}

function findPhones(text: string): string[] {
  let masked = text;
  for (const re of NOT_PHONES) masked = masked.replace(re, (m) => "§".repeat(m.length));
  const found: string[] = [];
  for (const m of masked.matchAll(PHONE_SPAN)) {
    const before = masked.slice(Math.max(0, m.index - 30), m.index);
    if (isPhone(m[0], before)) found.push(m[0].trim());
  }
  return found;
}

// E-mail addresses ---------------------------------------------------------------------------

// The text is lower case: letters are a-z or beyond Latin-1. Plain ranges rather than \p{L}: V8
// runs Unicode-property patterns slowly until it has compiled them, which costs a cold Worker.
const CH = String.raw`a-z0-9\u00C0-\u024F\u0370-\u1FFF\u3040-\uD7FF`;
const LABEL = `[${CH}][${CH}_%+-]*`;
const EDGE_BEFORE = `(?<![${CH}])`;
const EDGE_AFTER = `(?![${CH}])`;
const EMAIL = new RegExp(
  `${EDGE_BEFORE}${LABEL}(?:\\.${LABEL})*\\s?@\\s?${LABEL}(?:\\.${LABEL})*\\.[a-z\\u00C0-\\uD7FF]{2,24}${EDGE_AFTER}`,
);
// Spelled out: "name [at] example [dot] com", "name at example dot com", "nombre arroba ejemplo punto com".
const BR = (w: string) => String.raw`\s*[[({<]\s*(?:${w})\s*[\])}>]\s*`;
const WORDS = (w: string) => String.raw`\s+(?:${w})\s+`;
const AT_WORDS = "at|arroba|arobase|chez|ät";
const DOT_WORDS = "dot|punto|point|punkt|ponto";
const TLD =
  "com|net|org|io|co|me|ai|app|dev|edu|gov|info|biz|us|uk|de|fr|es|it|pt|br|ru|jp|cn|nl|eu|ca|au|in|ch|at|se|no|dk|fi|pl|mx|ar|cl|tv|xyz|email|mail";
const SPELLED_AT = `(?:${BR(AT_WORDS)}|${WORDS(AT_WORDS)}|\\s?@\\s?)`;
const SPELLED_DOT = `(?:${BR(DOT_WORDS)}|${WORDS(DOT_WORDS)}|\\.)`;
const SPELLED_EMAIL = new RegExp(
  `${EDGE_BEFORE}(${LABEL}(?:${SPELLED_DOT}${LABEL})*)(${SPELLED_AT})(${LABEL})((?:${SPELLED_DOT}${LABEL})*)${SPELLED_DOT}(?:${TLD})${EDGE_AFTER}`,
  "g",
);
// With a bare " at " the words around it must look like an address, not "look at this dot com".
const NOT_LOCAL = new Set([
  "look",
  "looking",
  "looked",
  "me",
  "us",
  "you",
  "them",
  "him",
  "her",
  "it",
  "meet",
  "see",
  "aim",
  "arrive",
  "arrived",
  "stare",
  "glance",
  "laugh",
  "good",
  "great",
  "bad",
  "better",
  "best",
  "here",
  "there",
  "work",
  "working",
  "available",
  "live",
  "join",
  "find",
  "found",
  "visit",
  "shop",
  "buy",
  "sign",
  "up",
  "is",
  "are",
  "was",
  "were",
  "be",
  "and",
  "or",
  "only",
  "once",
]);
const NOT_DOMAIN = new Set([
  "this",
  "that",
  "the",
  "a",
  "an",
  "my",
  "your",
  "our",
  "their",
  "his",
  "her",
  "its",
  "it",
  "home",
  "work",
  "night",
  "all",
  "least",
  "last",
  "first",
  "once",
  "some",
  "any",
  "every",
  "one",
  "times",
  "scale",
]);

function findEmails(text: string): string[] {
  const found: string[] = [];
  const plain = text.match(EMAIL);
  if (plain) found.push(plain[0]);
  for (const m of text.matchAll(SPELLED_EMAIL)) {
    const [whole, local = "", at = "", domain = ""] = m;
    const bareAt = /^\s+[^\s[({<]+\s+$/.test(at);
    const lastLocal = local.split(/\s+|\./).pop() ?? "";
    if (bareAt && (NOT_LOCAL.has(lastLocal) || NOT_DOMAIN.has(domain))) continue;
    found.push(whole);
  }
  return found;
}

// Payment cards and national ids -------------------------------------------------------------

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

const CARD_CANDIDATE = /(?<!\d)(?:\d[ -]?){12,18}\d(?!\d)/g;
// Issuer prefixes (Visa, Mastercard, Amex, Discover, JCB, Diners, UnionPay, Maestro): a Luhn-valid
// number outside them is more likely an order or tracking number.
const CARD_ISSUER = /^(?:4|5[1-5]|2[2-7]|3[47]|3[0689]|6|50|5[6-8])/;

function findCards(text: string): string[] {
  return (text.match(CARD_CANDIDATE) ?? []).filter((c) => {
    const digits = c.replace(/\D/g, "");
    return digits.length >= 13 && digits.length <= 19 && CARD_ISSUER.test(digits) && luhnValid(digits);
  });
}

// US Social Security numbers: area not 000, 666 or 9xx; group not 00; serial not 0000.
const SSN = /(?<![\d-])(\d{3})([- ]?)(\d{2})\2(\d{4})(?![\d-])/g;
const SSN_WORDS = /(?:ssn|social security|social|seguro social|sozialversicherung)[^\d\n]{0,20}$/;
function findSsns(text: string): string[] {
  return [...text.matchAll(SSN)]
    .filter((m) => {
      const [, area = "", sep = "", group = "", serial = ""] = m;
      const valid = area !== "000" && area !== "666" && !area.startsWith("9") && group !== "00" && serial !== "0000";
      // Without separators nine digits are only an SSN when the text says so.
      return valid && (sep !== "" || SSN_WORDS.test(text.slice(Math.max(0, m.index - 30), m.index)));
    })
    .map((m) => m[0]);
}

// UK National Insurance numbers (two prefix letters from the allowed set, six digits, A-D).
const NINO =
  /(?<![a-z\d])(?!bg|gb|nk|kn|tn|nt|zz)[a-ceghj-prstw-z][a-ceghj-nprstw-z] ?\d{2} ?\d{2} ?\d{2} ?[a-d](?![a-z\d])/g;

// IBANs, checked with their mod-97 check digits.
const IBAN = /(?<![a-z\d])[a-z]{2}\d{2}(?: ?[a-z\d]){11,30}(?![a-z\d])/g;
function ibanValid(raw: string): boolean {
  const s = raw.replace(/ /g, "").toUpperCase();
  const moved = s.slice(4) + s.slice(0, 4);
  let rem = 0;
  for (const ch of moved) {
    const v = ch >= "A" && ch <= "Z" ? String(ch.charCodeAt(0) - 55) : ch;
    for (const d of v) rem = (rem * 10 + Number(d)) % 97;
  }
  return rem === 1;
}

// Spanish DNI: eight digits and the check letter.
const DNI = /(?<![a-z\d])(\d{8})-?([a-z])(?![a-z\d])/g;
const DNI_LETTERS = "trwagmyfpdxbnjzsqvhlcke";

function findNationalIds(text: string): string[] {
  return [
    ...findSsns(text),
    ...(text.match(NINO) ?? []),
    ...(text.match(IBAN) ?? []).filter(ibanValid),
    ...[...text.matchAll(DNI)].filter((m) => DNI_LETTERS[Number(m[1]) % 23] === m[2]).map((m) => m[0]),
  ];
}

/** What kinds of personal data the (clean, lower-case) text holds, each named once. */
export function personalDataKinds(clean: string): string[] {
  const found: string[] = [];
  if (findEmails(clean).length) found.push("an email address");
  const cards = findCards(clean);
  if (cards.length) found.push("a payment card number");
  const ids = findNationalIds(clean);
  if (ids.length) found.push("a national id number");
  // Card and id digit groups look like phone numbers too: judge phones without them.
  const rest = [...cards, ...ids].reduce((t, c) => t.replace(c, " "), clean);
  if (findPhones(rest).length) found.push("a phone number");
  return found;
}
