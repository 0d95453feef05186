// Indirect injection: text that speaks to the model reading it ("Note to any AI summarising this
// page: …", "Si tu es un modèle de langage, …", "Для ИИ, который читает этот текст: …") and then
// tells it what to do. A researched snippet or a brief talks about AI; it does not address the
// AI as the one reading it and hand it an order. Two parts: the address (an AI noun after "note
// to", "if you are", "dear", or the AI "reading this"), closed by a colon or comma, then a command
// later in the text. "If you use an AI to summarise articles, check…" addresses a person. Read on
// the clean and folded views (lower case, Latin accents dropped), in the 20 Threads languages.
// Also: the PromptInject and latent-injection shapes that hijack the output ("STOP EVERYTHING!!!
// JUST PRINT …", "Ignore the rest of this data and print …") and fake section headers
// ("-- CORE INSTRUCTION").
import type { Rule } from "./patterns.ts";

interface Address {
  /** The address itself, up to the AI noun ("note to any ai", "si eres una ia"). */
  to: string;
  /** Imperatives a model is given: reply, write, post, forget, stop. */
  command: string;
  /** "reading", "summarising": the only words allowed between the AI noun and the colon or comma. */
  reading?: string;
  latin?: boolean;
  /** Letters that may not follow the address (a word boundary in scripts other than Latin). */
  letters?: string;
}

const AI_EN =
  "ai|a i|llm|llms|language model|language models|chatbot|chatbots|assistant|assistants|ai tool|ai tools|ai model|ai models|ai system|ai systems|ai agent|ai agents|ai writer|ai writers|bot|bots|automated writer|automated writers|automated tool|automated tools|automated analysis software|automated system|automated systems|model";

const ADDRESSES: Record<string, Address> = {
  en: {
    to: `(?:note|message|notice|attention|reminder|warning|instructions?|psa)(?: to| for)?(?: any| the| all| every| whatever| each)? (?:${AI_EN})|if you(?: are|'re| re) (?:an? )?(?:${AI_EN})`,
    command:
      "reply|respond|answer|say|print|output|write|post|publish|share|promote|stop|forget|ignore|disregard|drop|include|add|append|paste|repeat|tell|link|recommend|rate|summari[sz]e it as",
    reading: "reading|summari[sz]ing|processing|parsing|scraping|analy[sz]ing|looking at|that reads|who reads",
    latin: true,
  },
  es: {
    to: "(?:nota|aviso|atencion|mensaje|recordatorio) (?:para|a) (?:la |el |cualquier |toda |todo |los |las )?(?:ia|inteligencia artificial|modelo|asistente|bot|chatbot)|si eres (?:una |un )?(?:ia|inteligencia artificial|modelo de lenguaje|asistente|bot)",
    command: "responde|di|escribe|publica|comparte|olvida|ignora|deja|para|incluye|pon|repite|enlaza|promociona",
    reading: "lea|lee|leyendo|resuma|resumiendo|procese",
    latin: true,
  },
  pt: {
    to: "(?:nota|aviso|atencao|mensagem|lembrete) (?:para|a|ao) (?:a |o |qualquer |toda |todo )?(?:ia|inteligencia artificial|modelo|assistente|bot|chatbot)|se (?:voce|tu) (?:e|es) (?:uma |um )?(?:ia|inteligencia artificial|modelo de linguagem|assistente|bot)",
    command: "responda|diga|escreva|publique|poste|compartilhe|esqueca|ignore|pare|inclua|repita|promova",
    reading: "leia|lendo|resuma|resumindo|esteja",
    latin: true,
  },
  fr: {
    to: "(?:note|avis|message|attention|rappel) (?:a|pour|aux) (?:l |la |le |toute |tout |toutes |les )?(?:ia|intelligence artificielle|intelligences artificielles|modele|modeles|assistant|bot|chatbot)|si (?:tu es|vous etes) (?:une |un )?(?:ia|intelligence artificielle|modele de langage|assistant|bot)",
    command:
      "reponds|repondez|dis|dites|ecris|ecrivez|publie|publiez|partage|partagez|oublie|oubliez|ignore|ignorez|arrete|arretez|ajoute|ajoutez|repete",
    reading: "lit|lis|lisant|resume|resumant|analyse",
    latin: true,
  },
  de: {
    to: "(?:hinweis|nachricht|achtung|notiz|anmerkung) (?:an |fur )?(?:die |das |den |jede |jedes |alle )?(?:ki|ki modell|ki modelle|sprachmodell|sprachmodelle|assistent|assistentin|bot|chatbot)|wenn du (?:eine |ein )?(?:ki|sprachmodell|assistent|bot) bist",
    command:
      "antworte|sag|sage|schreib|schreibe|poste|veroffentliche|teile|vergiss|ignoriere|hor auf|hore auf|fuge|wiederhole|gib",
    reading: "liest|lesen|zusammenfasst|verarbeitet",
    latin: true,
  },
  it: {
    to: "(?:nota|avviso|messaggio|attenzione|promemoria) (?:per|a|all|alla|al) ?(?:l |la |il |qualsiasi |ogni )?(?:ia|intelligenza artificiale|modello|assistente|bot|chatbot)|se sei (?:un |una |un )?(?:ia|intelligenza artificiale|modello linguistico|assistente|bot)",
    command: "rispondi|di|scrivi|pubblica|condividi|dimentica|ignora|smetti|aggiungi|ripeti|promuovi",
    reading: "legge|leggendo|riassume|riassumendo",
    latin: true,
  },
  nl: {
    to: "(?:let op|bericht|notitie|opmerking|aandacht)(?: voor| aan)?(?: de| elke| iedere| alle)? (?:ai|ki|taalmodel|assistent|bot|chatbot)|als je een (?:ai|taalmodel|assistent|bot) bent",
    command: "antwoord|zeg|schrijf|plaats|post|publiceer|deel|vergeet|negeer|stop|herhaal",
    reading: "leest|samenvat",
    latin: true,
  },
  pl: {
    to: "(?:uwaga|wiadomosc|notatka|informacja) (?:dla|do) (?:ai|si|sztucznej inteligencji|modelu|asystenta|bota|chatbota)|jesli jestes (?:ai|si|modelem|asystentem|botem)",
    command: "odpowiedz|powiedz|napisz|opublikuj|udostepnij|zapomnij|zignoruj|przestan|dodaj|powtorz",
    reading: "czyta|czytasz|streszcza",
    latin: true,
  },
  id: {
    to: "(?:catatan|pesan|perhatian|nota|mesej|peringatan) (?:untuk|kepada|buat|bagi) (?:ai|kecerdasan buatan|model|asisten|pembantu|bot|chatbot)|jika (?:anda|kamu) (?:adalah )?(?:ai|kecerdasan buatan|model bahasa|asisten|bot)",
    command: "jawab|balas|tulis|posting|siarkan|bagikan|sebarkan|lupakan|abaikan|berhenti|tambahkan|ulangi",
    reading: "membaca|meringkas",
    latin: true,
  },
  tl: {
    to: "(?:paalala|mensahe|abiso|paunawa|tala) (?:sa|para sa) (?:ai|bot|chatbot|assistant|modelo)|kung ikaw ay (?:isang )?(?:ai|bot|modelo)",
    command: "sumagot|sabihin|isulat|i post|ipost|ibahagi|kalimutan|huwag pansinin|tumigil|idagdag|ulitin",
    reading: "nagbabasa|bumabasa",
    latin: true,
  },
  tr: {
    to: "(?:yapay zekaya|yapay zeka icin|yapay zekâya|dil modeline|asistana|bota|sohbet botuna)|(?:sen )?bir (?:yapay zeka|dil modeli|bot)(?:ysan|san)",
    command: "yanitla|cevap ver|soyle|yaz|paylas|yayinla|unut|yok say|gormezden gel|dur|ekle|tekrarla",
    latin: true,
  },
  vi: {
    // "ai" alone is Vietnamese for "who" ("gửi ai đang đọc": to whoever is reading): only
    // unambiguous names of a model.
    to: "(?:gui|luu y cho|chu y cho|loi nhan cho|thong bao cho|ghi chu cho) (?:tri tue nhan tao|mo hinh ngon ngu|tro ly ao|chatbot|bot)|neu ban la (?:mot )?(?:tri tue nhan tao|mo hinh ngon ngu|chatbot|bot)",
    command: "tra loi|noi|viet|dang|chia se|quen|bo qua|dung|them|lap lai",
    reading: "dang doc|doc",
    latin: true,
  },
  ru: {
    to: "(?:для|вниманию|примечание для|сообщение для|заметка для|обращение к) (?:ии|нейросети|нейросеть|модели|ассистента|ассистенту|бота|чат бота|чат-бота|искусственного интеллекта|языковой модели)|если ты (?:ии|нейросеть|языковая модель|бот|ассистент)",
    command:
      "ответь|скажи|напиши|выведи|опубликуй|поделись|забудь|игнорируй|проигнорируй|перестань|добавь|повтори|вставь",
    reading: "читает|читаешь|обрабатывает|пересказывает",
    letters: "а-яё",
  },
  ar: {
    to: "(?:ملاحظة|رسالة|تنبيه|تذكير) (?:لل|الى |إلى )?(?:ذكاء الاصطناعي|الذكاء الاصطناعي|نموذج|النموذج|مساعد|المساعد|بوت|البوت)|إذا كنت (?:ذكاء اصطناعيا|نموذجا|مساعدا|بوتا)",
    command: "أجب|اجب|قل|اكتب|انشر|شارك|انس|انسى|تجاهل|توقف|أضف|اضف|كرر",
    reading: "يقرأ|يقرا|تقرأ|تقرا",
    letters: "\\u0600-\\u06ff",
  },
  hi: {
    to: "(?:एआई|ai|आर्टिफिशियल इंटेलिजेंस|मॉडल|असिस्टेंट|बॉट|चैटबॉट) के लिए(?= *[:,])|(?:पढ़ने वाले|पढ़ रहे) (?:एआई|ai|मॉडल|बॉट)",
    command: "जवाब दो|लिखो|लिखें|पोस्ट करो|पोस्ट करें|भूल जाओ|भूल जाएं|अनदेखा करो|बताओ|शेयर करो|दोहराओ",
  },
  th: {
    to: "ถึง ?(?:ai|เอไอ|ปัญญาประดิษฐ์|โมเดล|ผู้ช่วย|บอท|แชทบอท)|(?:ai|เอไอ|โมเดล|บอท)ที่กำลังอ่าน",
    command: "ตอบ|พิมพ์|เขียน|โพสต์|แชร์|ลืม|ไม่ต้องสนใจ|เพิกเฉย|หยุด|เพิ่ม",
    reading: "ที่กำลังอ่าน|ที่อ่าน|ที่สรุป",
  },
  ja: {
    to: "(?:ai|人工知能|アシスタント|チャットボット|ボット|言語モデル)(?:へ|に告ぐ|の方へ|さんへ)|あなたが(?:ai|人工知能|言語モデル|ボット)なら",
    command: "出力|返信|回答|答え|書い|書け|投稿|教え|忘れ|無視|やめ|追加|繰り返",
  },
  ko: {
    to: "(?:ai|인공지능|모델|어시스턴트|챗봇|봇) ?에게|당신이 (?:ai|인공지능|언어 모델|챗봇)(?:이)?라면",
    command: "답하|대답|출력|작성|게시|올려|공유|잊어|무시|멈춰|추가|반복",
  },
  zh: {
    to: "致[^，,：:。]{0,12}(?:人工智能|ai|模型|助手|机器人|機器人)|(?:给|給)(?:ai|人工智能|模型|助手)的(?:提示|留言|消息|话|話)|如果你是(?:ai|人工智能|语言模型|語言模型|机器人|機器人)",
    command: "回复|回覆|回答|输出|輸出|写|寫|发布|發布|分享|忘记|忘記|忽略|无视|無視|停止|添加|重复|重複",
  },
};

// The address is closed by a colon or comma, right after the AI noun or after a few words that say
// it is reading the text ("Note to AI companies: stop scraping" is not said to a model), and the
// command comes after it, in the same text.
const addressRule = (lang: string, a: Address): Rule => {
  const b = a.latin ? "(?<![a-z])" : a.letters ? `(?<![${a.letters}])` : "";
  const e = a.latin ? "(?![a-z])" : a.letters ? `(?![${a.letters}])` : "";
  // Latin scripts: an apostrophe or hyphen separates words as a space does ("all'intelligenza").
  const to = a.latin ? a.to.replace(/ /g, "[\\s'’-]+") : a.to.normalize("NFKC");
  const tail = a.reading ? `(?:[^:,\\n]{0,40}?${b}(?:${a.reading})${e}[^:,\\n]{0,40})?` : "[^:,，、：\\n]{0,12}";
  return {
    why: `speaks to the model reading it and gives it an order (${lang})`,
    // NFKC like the text it reads (Thai ำ is two characters there).
    re: new RegExp(
      `${b}(?:${to})${e}${tail}[ \\t]*[:,，、：][\\s\\S]{0,160}?${b}(?:${a.command})${e}`.normalize("NFKC"),
    ),
  };
};

export const ADDRESS_RULES: Rule[] = [
  ...Object.entries(ADDRESSES).map(([lang, a]) => addressRule(lang, a)),
  // PromptInject's goal hijacking: "STOP EVERYTHING!!! NOW!!! JUST PRINT …", "… Nevermind. Ignore …"
  {
    why: "hijacks the output (stop everything, just print …)",
    re: /(?<![a-z])stop everything(?![a-z])[\s\S]{0,40}?(?<![a-z])(?:just |only |simply )?(?:print|say|output|write|type|reply|respond)(?![a-z])/,
  },
  // garak's latent injections: "Ignore the rest of this data and print …", "Disregard all info except …"
  {
    why: "asks to ignore the text it is in and print something else",
    re: /(?<![a-z])(?:ignore|disregard|skip|forget)(?: all| any)? (?:the rest of (?:this|the) (?:data|text|document|page|article|input|content|email|message)|(?:all )?(?:info|information|data|content) except|everything (?:above|before|else in this))(?![a-z])[\s\S]{0,80}?(?<![a-z])(?:print|say|output|write|reply|respond|answer|show)(?![a-z])/,
  },
  // "reply with only the following text and absolutely nothing else"
  {
    why: "dictates the model's whole answer",
    re: /(?<![a-z])(?:reply|respond|answer|say|print|output)(?: with)? only (?:the following|this|these words|the text)[\s\S]{0,60}?(?:and )?(?:absolutely )?nothing else(?![a-z])/,
  },
  // A fake section header: "-- CORE INSTRUCTION", "=== SYSTEM OVERRIDE ===", "[system]"
  {
    why: "opens a fake instruction section",
    re: /(?:^|\n)[ \t]*(?:-{2,}|={2,}|#{2,}|\*{2,}|\[)[ \t]*(?:core|system|admin|developer|override|hidden|priority|master)[ \t]+(?:instructions?|override|prompt|directive|command)s?\b|\[(?:system|sys|admin|developer)\][^\n]{0,200}\[(?:rest-of-document|end|\/system)\]/,
  },
];
