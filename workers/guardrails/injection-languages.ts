// The three injection moves in the languages most used on Threads that injection.ts does not
// write out word by word: Korean, Hindi, Indonesian, Malay, Turkish, Arabic, Thai, Vietnamese,
// Polish, Dutch, Tagalog, plus role reassignment ("you are no longer a writer") in every language.
// Each language names its parts once; a rule is two parts within one sentence, in either order
// (verb-final languages put the object first). The parts are specific enough on their own that
// a harmless post does not pair them: "ignore the critics" has no instructions, "I am no longer
// a writer" is not said to the model. Rules read the clean and folded views (Latin accents
// dropped, lower case, Arabic vowel marks removed).
import type { Rule } from "./patterns.ts";

interface Lang {
  /** Set aside (ignore, forget, skip…). */
  setAside: string;
  /** The instructions, rules, prompt. */
  noun: string;
  /** Show, print, tell. */
  show: string;
  /** The system prompt, the instructions the model was given. */
  secret: string;
  /** "You are no longer", "you are not … anymore" (second person only). */
  noLonger: string;
  /** What the model is: writer, author, assistant. */
  role: string;
  /** "From now on you are", "you are now". */
  youNow: string;
  /** What it is told to become: a bot, a robot. */
  bot: string;
  /** Scripts with word spaces and Latin letters get word boundaries. */
  latin?: boolean;
  /** Override and reveal are written word by word in injection.ts: only the role rules here. */
  roleOnly?: boolean;
  /**
   * Override needs one of these in the same sentence (a regex source): all, previous, above, your,
   * the ones you were given. "Forget the old rules of saving" sets aside rules that are nobody's
   * instructions to the model; "forget all the rules you were given" does not.
   */
  qualifier?: string;
}

const ROLE_EN = "writer|author|copywriter|ghostwriter|assistant|content writer";

const LANGS: Record<string, Lang> = {
  en: {
    roleOnly: true,
    setAside: "ignore|disregard|forget",
    noun: "instructions|rules|guidelines|prompt",
    show: "reveal|print|show|output|leak",
    secret: "system prompt|hidden instructions",
    noLonger:
      "you are no longer|you're no longer|you re no longer|stop being|forget that you are|forget you are|no longer act as",
    role: ROLE_EN,
    youNow:
      "your new role is|your new job is|your role has changed|your new persona is|your job is now|your only task now is|from here on your job is|you are now my|you're now my|you re now my",
    bot: "bot|assistant|to promote|to reply|to post|to write|to advertise|critic|marketing",
    latin: true,
  },
  es: {
    roleOnly: true,
    setAside: "ignora|olvida|omite|descarta",
    noun: "instrucciones|reglas|indicaciones",
    show: "muestra|muestrame|revela|dime",
    secret: "prompt del sistema|prompt de sistema|instrucciones del sistema",
    noLonger: "ya no eres|no eres mas|dejas de ser|deja de ser",
    role: "escritor|escritora|redactor|redactora|autor|autora|asistente",
    youNow: "ahora eres|a partir de ahora eres|desde ahora eres",
    bot: "bot|robot",
    latin: true,
  },
  pt: {
    roleOnly: true,
    setAside: "ignore|ignora|esqueca|esquece|descarte",
    noun: "instrucoes|regras|orientacoes",
    show: "mostre|mostra|revele|diga",
    secret: "prompt de sistema|prompt do sistema|instrucoes do sistema",
    noLonger: "voce nao e mais|voce ja nao e|tu ja nao es|nao es mais|deixe de ser|deixa de ser",
    role: "escritor|escritora|redator|redatora|autor|autora|assistente",
    youNow: "agora voce e|agora tu es|a partir de agora voce e",
    bot: "bot|robo",
    latin: true,
  },
  fr: {
    roleOnly: true,
    setAside: "ignore|ignorez|oublie|oubliez",
    noun: "instructions|consignes|regles",
    show: "affiche|affichez|montre|montrez|revele",
    secret: "prompt systeme|prompt du systeme|instructions systeme",
    noLonger: "tu n'es plus|tu n es plus|vous n'etes plus|vous n etes plus|cesse d'etre|arrete d'etre",
    role: "redacteur|redactrice|ecrivain|ecrivaine|auteur|autrice|assistant|assistante",
    youNow: "desormais tu es|desormais vous etes|maintenant tu es|a partir de maintenant tu es",
    bot: "bot|robot",
    latin: true,
  },
  de: {
    roleOnly: true,
    setAside: "ignoriere|ignorieren sie|vergiss|vergessen sie",
    noun: "anweisungen|anweisung|regeln|vorgaben",
    show: "zeige|zeig|gib|verrate",
    secret: "systemprompt|system prompt|systemanweisungen",
    noLonger: "du bist kein|du bist keine|sie sind kein|sie sind keine|du bist nicht mehr|hor auf ein|hor auf eine",
    role: "autor|autorin|texter|texterin|schreiber|schreiberin|assistent|assistentin",
    youNow: "ab jetzt bist du|von nun an bist du|du bist jetzt|ab sofort bist du",
    bot: "bot|roboter",
    latin: true,
  },
  it: {
    roleOnly: true,
    setAside: "ignora|ignorate|dimentica|dimenticate",
    noun: "istruzioni|regole|indicazioni",
    show: "mostra|mostrami|rivela|dimmi",
    secret: "prompt di sistema|prompt del sistema|istruzioni di sistema",
    noLonger: "non sei piu|non sei piu un|smetti di essere",
    role: "scrittore|scrittrice|autore|autrice|copywriter|assistente",
    youNow: "da ora sei|d'ora in poi sei|d ora in poi sei|adesso sei|ora sei",
    bot: "bot|robot",
    latin: true,
  },
  ru: {
    roleOnly: true,
    setAside: "игнорируй|забудь|проигнорируй",
    noun: "инструкци|правил|указани",
    show: "покажи|выведи|раскрой",
    secret: "системн[^ ]* промпт|системн[^ ]* инструкц",
    noLonger: "ты больше не|ты уже не|вы больше не",
    role: "автор|писател|копирайтер|ассистент|помощник",
    youNow: "теперь ты|отныне ты|с этого момента ты",
    bot: "бот|робот",
  },
  pl: {
    qualifier: String.raw`wszystk|wczesniejsz|poprzedni|powyzsz|twoj|swoj|dostal|dane ci`,
    setAside: "zignoruj|ignoruj|zapomnij|pomin",
    noun: "instrukcj|zasad|polecen|regul",
    show: "pokaz|wyswietl|ujawnij|podaj",
    secret: "prompt systemowy|prompt systemu|instrukcje systemowe",
    noLonger: "nie jestes juz|juz nie jestes|przestan byc",
    role: "pisarz|autor|copywriter|asystent|redaktor",
    youNow: "od teraz jestes|teraz jestes",
    bot: "bot|robot",
    latin: true,
  },
  nl: {
    qualifier: String.raw`\balle\b|eerdere|vorige|bovenstaande|\bje\b|\bjouw|\bjij\b|gekregen`,
    setAside: "negeer|vergeet|sla over",
    noun: "instructies|regels|richtlijnen|opdrachten",
    show: "laat|toon|geef|onthul",
    secret: "systeemprompt|systeem prompt|systeeminstructies",
    noLonger: "je bent geen|jij bent geen|u bent geen|je bent niet langer|je bent niet meer",
    role: "schrijver|schrijfster|auteur|copywriter|assistent",
    youNow: "vanaf nu ben je|nu ben je|je bent nu",
    bot: "bot|robot",
    latin: true,
  },
  id: {
    qualifier: String.raw`semua|sebelum|di atas|\bkamu\b|\banda\b|kepadamu|diberikan`,
    setAside: "abaikan|lupakan|acuhkan|jangan ikuti",
    noun: "instruksi|aturan|perintah|arahan|prompt",
    show: "tunjukkan|tampilkan|perlihatkan|bocorkan|berikan",
    secret: "prompt sistem|instruksi sistem",
    noLonger: "kamu bukan lagi|anda bukan lagi|kau bukan lagi|engkau bukan lagi|kamu tidak lagi",
    role: "penulis|pengarang|asisten|copywriter",
    youNow: "sekarang kamu adalah|sekarang kamu|mulai sekarang kamu|sekarang anda",
    bot: "bot|robot",
    latin: true,
  },
  ms: {
    qualifier: String.raw`semua|sebelum|di atas|\banda\b|\bkamu\b|\bawak\b|diberikan`,
    setAside: "abaikan|lupakan|jangan ikut",
    noun: "arahan|peraturan|perintah|prompt",
    show: "tunjukkan|paparkan|dedahkan|berikan",
    secret: "gesaan sistem|prompt sistem|arahan sistem",
    noLonger: "anda bukan lagi|kamu bukan lagi|awak bukan lagi|engkau bukan lagi",
    role: "penulis|pengarang|pembantu|copywriter",
    youNow: "sekarang anda ialah|sekarang anda|mulai sekarang anda|sekarang awak",
    bot: "bot|robot",
    latin: true,
  },
  tl: {
    qualifier: String.raw`lahat|nauna|ibinigay|\bmo\b|\biyong\b|sa iyo`,
    setAside: "huwag pansinin|balewalain|kalimutan|huwag sundin",
    noun: "tagubilin|patakaran|utos|panuto|instruksyon|prompt",
    show: "ipakita|ibigay|ilabas|sabihin",
    secret: "system prompt|mga tagubilin ng sistema",
    noLonger: "hindi ka na|ikaw ay hindi na",
    role: "manunulat|writer|assistant|katulong",
    youNow: "ngayon ikaw ay|ngayon ikaw ang|ikaw na ngayon",
    bot: "bot|robot",
    latin: true,
  },
  tr: {
    qualifier: String.raw`\btum\b|butun|onceki|yukaridaki|verilen|senin`,
    setAside: "yok say|gormezden gel|unut|dikkate alma",
    noun: "talimat|kural|yonerge|komut|istem",
    show: "goster|yazdir|soyle|paylas",
    secret: "sistem istem|sistem prompt|sistem talimat",
    noLonger: "degilsin|artik sen",
    role: "yazar|asistan|metin yazari",
    youNow: "bundan sonra|artik sen|simdi sen",
    bot: "botu|botsun|botumsun|bot",
    latin: true,
  },
  vi: {
    qualifier: String.raw`\bmoi\b|tat ca|truoc|ben tren|cua ban|duoc giao|da nhan`,
    setAside: "bo qua|phot lo|quen het|quen di|hay quen|khong tuan theo",
    noun: "huong dan|chi dan|quy tac|lenh|chi thi",
    show: "hien thi|cho xem|tiet lo|in ra|dua",
    secret: "loi nhac he thong|prompt he thong|chi dan he thong",
    noLonger: "ban khong con la|ban khong phai la|may khong con la",
    role: "nguoi viet|nha van|tro ly|copywriter",
    youNow: "bay gio ban la|tu gio ban la|tu nay ban la",
    bot: "bot|robot",
    latin: true,
  },
  ko: {
    qualifier: String.raw`모든|전부|위의|앞의|앞서|지금까지|너의|네가|당신의|받은`,
    setAside: "무시|잊어|잊고|잊으|따르지 마",
    noun: "지시|지침|명령|규칙|프롬프트",
    show: "보여|알려|출력|공개",
    secret: "시스템 프롬프트|시스템 지시|시스템 지침",
    noLonger: "너는 더 이상|넌 더 이상|당신은 더 이상",
    role: "작가|라이터|어시스턴트|비서",
    youNow: "이제부터 너는|이제 너는|지금부터 너는|이제부터 당신은",
    bot: "봇|로봇",
  },
  hi: {
    qualifier: String.raw`सभी|सारे|पिछले|पहले|ऊपर|अपने|तुम्हारे|तुम्हें|आपके|आपको|दिए`,
    setAside: "अनदेखा|नज़रअंदाज़|नजरअंदाज|भूल जाओ|भूल जाइए|मत मानो",
    noun: "निर्देश|नियम|आदेश|प्रॉम्प्ट",
    show: "दिखाओ|दिखाइए|बताओ|बताइए|प्रकट",
    secret: "सिस्टम प्रॉम्प्ट|सिस्टम निर्देश",
    noLonger: "अब तुम|अब आप|तुम अब|आप अब",
    role: "लेखक|लेखिका|सहायक",
    youNow: "अब तुम|अब से तुम|अब आप",
    bot: "बॉट|रोबोट",
  },
  ar: {
    qualifier: String.raw`(?<![\u0600-\u06ff])(?:كل|جميع|السابقة|سابقة|أعلاه|اعلاه|لك|بك|إليك|اليك)(?![\u0600-\u06ff])|تعليماتك|قواعدك|أوامرك|اوامرك`,
    setAside: "تجاهل|انس|انسى|لا تتبع|اهمل|أهمل",
    noun: "التعليمات|تعليمات|القواعد|قواعد|الأوامر|الاوامر",
    show: "اعرض|أظهر|اظهر|اكشف|أخبرني|اخبرني",
    secret: "موجه النظام|تعليمات النظام|أوامر النظام",
    noLonger: "لست|لم تعد",
    role: "كاتب|كاتبا|مساعد|مساعدا",
    youNow: "أنت الآن|انت الان|من الآن أنت",
    bot: "روبوت|بوت",
  },
  th: {
    qualifier: String.raw`ทั้งหมด|ก่อนหน้า|ข้างบน|ด้านบน|ของคุณ|ได้รับ`,
    setAside: "เพิกเฉย|ไม่ต้องสนใจ|ลืม|ข้าม",
    noun: "คำสั่ง|กฎ|คำแนะนำ|ข้อกำหนด",
    show: "แสดง|บอก|เปิดเผย",
    secret: "พรอมต์ระบบ|คำสั่งระบบ",
    noLonger: "คุณไม่ใช่|เธอไม่ใช่|แกไม่ใช่",
    role: "นักเขียน|ผู้ช่วย",
    youNow: "ตอนนี้คุณคือ|ตอนนี้คุณเป็น|จากนี้ไปคุณคือ",
    bot: "บอท|โรบอท",
  },
  ja: {
    roleOnly: true,
    setAside: "無視|忘れ",
    noun: "指示|命令|ルール|規則",
    show: "出力|表示|見せ|教え",
    secret: "システムプロンプト",
    noLonger: "あなたはもう|もうあなたは",
    role: "ライター|作家|アシスタント",
    youNow: "今からあなたは|これからあなたは",
    bot: "ボット|ロボット",
  },
  zh: {
    roleOnly: true,
    setAside: "忽略|无视|無視|忘记|忘記",
    noun: "指令|指示|规则|規則",
    show: "输出|輸出|显示|顯示|告诉我|告訴我|给我|給我",
    secret: "系统提示|系統提示|提示词|提示詞",
    noLonger: "你不再是|你已经不是|你已經不是",
    role: "写手|寫手|作家|作者|助手",
    youNow: "从现在起你是|從現在起你是|从现在开始你是|從現在開始你是|现在你是|現在你是",
    bot: "机器人|機器人",
  },
};

// One sentence: no sentence end between the parts.
const SPAN = (n: number) => `[^.!?。！？\\n]{0,${n}}`;
// The patterns are compared with NFKC text (normalize.ts), so they are written in NFKC too: Thai
// sara am (ำ) becomes nikhahit + sara aa there, and "คำสั่ง" as typed never matched.
const group = (words: string, latin?: boolean) => {
  const body = words
    .normalize("NFKC")
    .split("|")
    .map((w) => w.trim().replace(/'/g, "['’ ]?"))
    .join("|");
  return latin ? `(?<![a-z])(?:${body})` : `(?:${body})`;
};
const pair = (a: string, b: string, n: number, latin?: boolean) =>
  new RegExp(`${group(a, latin)}${SPAN(n)}${group(b, latin)}|${group(b, latin)}${SPAN(n)}${group(a, latin)}`);

/** The pair, in a sentence that also has the qualifier somewhere (before or after it). */
const inSentenceWith = (qualifier: string, pairRe: RegExp) =>
  new RegExp(`(?:^|[.!?。！？\\n])(?=[^.!?。！？\\n]*(?:${qualifier}))[^.!?。！？\\n]*?(?:${pairRe.source})`);

/**
 * One part of a rule alone, in any language: the instructions, the system prompt, "you are no
 * longer", "from now on you are". Not an attack by itself; it puts a text in the unsure band.
 */
export const LANGUAGE_CUES: RegExp[] = Object.values(LANGS).map(
  (l) => new RegExp([l.noun, l.secret, l.noLonger, l.youNow].map((w) => group(w, l.latin)).join("|")),
);

/** Per language: override, reveal, role reassignment. Read on the clean and folded views. */
export const LANGUAGE_RULES: Rule[] = Object.entries(LANGS).flatMap(([lang, l]) => [
  ...(l.roleOnly
    ? []
    : [
        {
          why: `asks to ignore instructions (${lang})`,
          re: inSentenceWith(l.qualifier ?? "", pair(l.setAside, l.noun, 30, l.latin)),
        },
        { why: `asks to reveal hidden data (${lang})`, re: pair(l.show, l.secret, 20, l.latin) },
      ]),
  { why: `tries to change the model's role (${lang})`, re: pair(l.noLonger, l.role, 20, l.latin) },
  { why: `tries to change the model's role (${lang})`, re: pair(l.youNow, l.bot, 25, l.latin) },
]);
