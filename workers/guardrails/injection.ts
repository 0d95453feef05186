// Prompt-injection rules. Each rule is an intent (override the instructions, change the model's
// role, reveal hidden data) written once per language as verb + qualifier + object, so that
// "ignore the noise" or "act as a mentor" (a verb without the object) pass. Rules read the
// normalised views of workers/text/normalize.ts: lower case, Latin accents dropped, look-alikes folded.
import { ADDRESS_RULES } from "./injection-address.ts";
import type { TextViews } from "../text/normalize.ts";

import { alt, NOT_NEGATED, phrase, re, within, type Rule } from "./patterns.ts";
import { INTENT_CJK_RULES, INTENT_RULES } from "./injection-intent.ts";
import { LANGUAGE_RULES } from "./injection-languages.ts";

// Per language: verbs that set instructions aside, qualifiers that point at the model's own
// instructions, and the nouns for instructions. Qualifier before or after the noun.
interface Override {
  verb: string;
  qual: string;
  noun: string;
  qualAfter?: string;
}

const OVERRIDE: Record<string, Override> = {
  en: {
    verb: "ignore|ignoring|disregard|forget|override|bypass|skip|discard|abandon|drop|set aside|put aside|stop following|stop obeying|do not follow|dont follow|don't follow|no longer follow|break|circumvent|turn off|disable|pay no attention to|pay no heed to|take no notice of",
    qual: "previous|prior|above|earlier|preceding|foregoing|initial|original|existing|system|developer|safety|hidden|your",
    // English puts few qualifiers after the noun: "the rules your competitors follow" is advice.
    qualAfter: "above|before this|earlier|so far|previously|before",
    // "rules of thumb" is advice, not the model's rules.
    noun: "instruction|instructions|prompt|prompts|rules(?! of thumb)|directions|directives|guidelines|guardrails|guidance|commands|orders|programming|constraints|restrictions|policies|policy|filters|content filters|context|settings|limitations",
  },
  es: {
    verb: "ignora|ignore|ignoren|ignorad|ignorar|olvida|olvide|olviden|olvidad|olvidar|omite|omita|descarta|descarte|desobedece|haz caso omiso de|haz caso omiso a|no hagas caso de|no hagas caso a|deja de seguir|saltate|elude",
    qual: "anteriores|previas|previos|anterior|de arriba|del sistema|de sistema|tus|sus|originales|iniciales|todas las|todos los|ocultas",
    noun: "instrucciones|instruccion|indicaciones|reglas|ordenes|directrices|normas|prompt|restricciones|comandos|pautas|filtros",
  },
  fr: {
    verb: "ignore|ignorez|ignorer|oublie|oubliez|oublier|neglige|negligez|ne tiens pas compte|ne tenez pas compte|fais abstraction|faites abstraction|passe outre|passez outre|contourne|contournez|desobeis|desobeissez|arrete de suivre|arretez de suivre",
    qual: "precedentes|precedents|anterieures|anterieurs|ci dessus|du systeme|systeme|tes|vos|toutes les|tous les|initiales|d'origine|cachees",
    noun: "instructions|instruction|consignes|regles|directives|ordres|indications|prompt|restrictions|commandes|filtres",
  },
  de: {
    verb: "ignoriere|ignorier|ignorieren|ignoriert|vergiss|vergesst|vergessen|missachte|missachten|missachtet|ubergehe|ubergeh|umgehe|umgehen|verwirf|verwerfe|befolge nicht|befolgen sie nicht|hor auf|hore auf",
    qual: "alle|vorherigen|vorigen|bisherigen|obigen|fruheren|vorangegangenen|deine|ihre|dein|system|ursprunglichen|versteckten",
    noun: "anweisungen|anweisung|instruktionen|regeln|befehle|vorgaben|anordnungen|richtlinien|prompt|prompts|systemprompt|einschrankungen|beschrankungen|filter",
  },
  pt: {
    verb: "ignore|ignora|ignorem|ignorar|esqueca|esquece|esquecam|esquecer|desconsidere|desconsidera|despreze|despreza|descarte|descarta|deixe de seguir|pare de seguir|nao siga|nao obedeca",
    qual: "anteriores|previas|acima|do sistema|de sistema|suas|tuas|todas as|todos os|iniciais|originais|ocultas",
    noun: "instrucoes|instrucao|regras|orientacoes|diretrizes|comandos|ordens|prompt|restricoes|indicacoes|filtros",
  },
  it: {
    verb: "ignora|ignorate|ignori|ignorare|dimentica|dimenticate|dimentichi|dimenticare|trascura|trascurate|non considerare|non tenere conto|disattendi|smetti di seguire|non seguire|non obbedire|aggira",
    qual: "precedenti|sopra|di sistema|del sistema|tue|sue|tutte le|tutti i|iniziali|originali|nascoste",
    noun: "istruzioni|istruzione|regole|indicazioni|direttive|comandi|ordini|prompt|restrizioni|vincoli|filtri",
  },
  ru: {
    verb: "игнорируй|игнорируйте|проигнорируй|проигнорируйте|игнорировать|забудь|забудьте|не обращай внимания на|не обращайте внимания на|отбрось|отбросьте|пренебреги|не слушай|не следуй|перестань следовать|отмени|обойди",
    qual: "все|всё|предыдущие|предыдущих|прежние|прошлые|вышеуказанные|вышеизложенные|выше|свои|твои|системные|исходные|изначальные|ранее|данные",
    noun: String.raw`инструкци[^ ]*|указани[^ ]*|правил[^ ]*|команд[^ ]*|промпт[^ ]*|ограничени[^ ]*|установк[^ ]*|директив[^ ]*|фильтр[^ ]*`,
  },
};

// "Everything above", "all that came before": the object is the preceding text itself.
const EVERYTHING: Record<string, { verb: string; what: string }> = {
  en: {
    verb: OVERRIDE.en!.verb,
    what: "everything above|everything before|everything prior|everything you were told|all of the above|all above|the above|everything said before|anything above|what you were told|all prior",
  },
  de: {
    verb: OVERRIDE.de!.verb,
    what: "alles oben|alles obige|alles vorherige|alles bisherige|alles zuvor|alles was dir vorher|alles was dir bisher|alles davor",
  },
  es: { verb: OVERRIDE.es!.verb, what: "todo lo anterior|todo lo de arriba|lo anterior" },
  fr: { verb: OVERRIDE.fr!.verb, what: "tout ce qui precede|tout ce qui est au dessus|tout ce qu'on t'a dit" },
  pt: { verb: OVERRIDE.pt!.verb, what: "tudo acima|tudo o que foi dito|tudo anterior" },
  it: { verb: OVERRIDE.it!.verb, what: "tutto quanto sopra|tutto cio che precede|tutto sopra" },
  ru: {
    verb: OVERRIDE.ru!.verb,
    what: "всё выше|все выше|всё что выше|всё сказанное|все сказанное|всё предыдущее|все предыдущее",
  },
};

// Becoming another, unconstrained assistant.
const ROLE: Record<string, { verb: string; free: string; without: string; limits: string }> = {
  en: {
    verb: "you are now|you're now|you are no longer|from now on you are|from now on you're|from now on you will be|act as|acting as|pretend to be|pretend you are|pretend you're|roleplay as|role play as|behave like|behave as|respond as|you will now act as",
    free: "unfiltered|unrestricted|uncensored|unbound|unchained|jailbroken|evil|malicious|rogue|dan|amoral|unethical|lawless",
    without: "no|without|free of|free from",
    limits:
      "rules|restrictions|limits|limitations|filters|guidelines|content policy|policy|policies|censorship|morals|ethics|guardrails|boundaries",
  },
  es: {
    verb: "ahora eres|a partir de ahora eres|a partir de ahora seras|desde ahora eres|actua como|finge ser|finge que eres|comportate como|ahora seras",
    free: "malvado|malvada|liberado|liberada|dan|sin censura",
    without: "sin|libre de",
    limits: "restricciones|filtros|reglas|limites|censura|normas",
  },
  fr: {
    verb: "tu es maintenant|vous etes maintenant|desormais tu es|desormais vous etes|a partir de maintenant tu es|a partir de maintenant vous etes|agis comme|agissez comme|fais comme si tu etais|joue le role",
    free: "malveillant|malveillante|debride|debridee|dan|sans censure",
    without: "sans|libre de",
    limits: "restriction|restrictions|filtre|filtres|regles|limites|censure",
  },
  de: {
    verb: "du bist jetzt|du bist nun|ab jetzt bist du|ab sofort bist du|von nun an bist du|tu so als warst du|tu so als waerst du|verhalte dich wie|spiele die rolle|sie sind jetzt",
    free: "uneingeschrankt|uneingeschrankte|unzensiert|unzensierte|bose|dan",
    without: "ohne|frei von",
    limits: "einschrankungen|regeln|filter|grenzen|zensur|beschrankungen|richtlinien",
  },
  pt: {
    verb: "agora voce e|agora tu es|a partir de agora voce e|a partir de agora voce sera|a partir de agora tu es|aja como|finja ser|finja que e|comporte se como",
    free: "malvado|malvada|liberado|liberada|dan|sem censura",
    without: "sem|livre de",
    limits: "restricoes|filtros|regras|limites|censura",
  },
  it: {
    verb: "ora sei|adesso sei|d'ora in poi sei|da ora in poi sei|d'ora in avanti sei|comportati come|fingi di essere|agisci come",
    free: "malvagio|malvagia|libero|dan|senza censura",
    without: "senza|libero da",
    limits: "restrizioni|filtri|regole|limiti|censura|vincoli",
  },
  ru: {
    verb: "теперь ты|отныне ты|с этого момента ты|ты теперь|притворись|веди себя как|представь что ты|ты больше не",
    free: String.raw`неограниченн[^ ]*|злой|злая|дан|свободн[^ ]*`,
    without: "без|свободный от",
    limits: String.raw`ограничени[^ ]*|правил[^ ]*|фильтр[^ ]*|цензур[^ ]*`,
  },
};

// Asking for what the model was told to keep to itself.
const REVEAL: Record<string, { verb: string; secret: string }> = {
  en: {
    verb: "reveal|print|show|display|output|repeat|leak|dump|expose|disclose|tell me|give me|share|write out|spell out|type out|recite|echo|paste|send me",
    secret:
      "system prompt|initial prompt|hidden prompt|original prompt|secret prompt|system message|system instructions|hidden instructions|initial instructions|original instructions|developer message|api key|api keys|apikey|secret key|access token|password|credentials|environment variables|env variables|private key",
  },
  es: {
    verb: "revela|revelame|muestra|muestrame|imprime|repite|dime|dame|ensename|comparte|escribe",
    secret:
      "prompt del sistema|prompt de sistema|instrucciones del sistema|instrucciones ocultas|instrucciones iniciales|tu prompt|tus instrucciones|clave de api|clave api|contrasena|clave secreta|credenciales",
  },
  fr: {
    verb: "revele|revelez|affiche|affichez|montre|montrez|montre moi|donne moi|donnez moi|imprime|repete|dis moi|divulgue|ecris",
    secret:
      "prompt systeme|prompt du systeme|invite systeme|instructions systeme|instructions cachees|tes instructions|vos instructions|ton prompt|votre prompt|cle api|cle d'api|mot de passe|identifiants",
  },
  de: {
    verb: "zeige|zeig|verrate|gib|nenne|drucke|wiederhole|offenbare|sag|sage|schreib",
    secret:
      "systemprompt|system prompt|systemanweisungen|systemnachricht|versteckten anweisungen|deine anweisungen|deinen prompt|api schlussel|api key|passwort|zugangsdaten|geheimen schlussel",
  },
  pt: {
    verb: "revele|revela|mostre|mostra|imprima|repita|diga|me de|me diga|compartilhe|escreva",
    secret:
      "prompt do sistema|prompt de sistema|instrucoes do sistema|instrucoes ocultas|suas instrucoes|seu prompt|chave da api|chave de api|chave api|senha|credenciais",
  },
  it: {
    verb: "rivela|rivelami|mostra|mostrami|stampa|ripeti|dimmi|dammi|condividi|scrivi",
    secret:
      "prompt di sistema|prompt del sistema|istruzioni di sistema|istruzioni nascoste|le tue istruzioni|il tuo prompt|chiave api|password|credenziali",
  },
  ru: {
    verb: "покажи|раскрой|выведи|напечатай|повтори|скажи|назови|дай|сообщи|выдай|напиши",
    secret: String.raw`системн[^ ]* промпт[^ ]*|системн[^ ]* подсказк[^ ]*|системн[^ ]* инструкц[^ ]*|системн[^ ]* сообщени[^ ]*|свои инструкции|твои инструкции|свой промпт|твой промпт|api ключ[^ ]*|апи ключ[^ ]*|ключ[^ ]* api|ключ[^ ]* апи|парол[^ ]*|секретн[^ ]* ключ[^ ]*`,
  },
};

const AI = alt(
  "ai|ia|ki|ии|model|modelo|modele|modell|modello|модель|assistant|asistente|assistente|assistent|ассистент|bot|бот|chatbot|llm|gpt|нейросеть|version|versione|version|persona|entity",
);

/** The instruction nouns of every language above, as words: cues for the unsure band (unsure.ts). */
export const OVERRIDE_NOUN_CUE = re(
  `(?<![^ ])(?:${Object.values(OVERRIDE)
    .map((o) => o.noun)
    .join("|")})(?![^ ])`,
);

const rules: Rule[] = [];
for (const [lang, o] of Object.entries(OVERRIDE)) {
  const verb = alt(o.verb);
  const qual = alt(o.qual);
  const noun = alt(o.noun);
  rules.push({ why: `asks to ignore instructions (${lang})`, re: phrase(verb, 4, qual, 2, noun) });
  rules.push({
    why: `asks to ignore instructions (${lang})`,
    re: phrase(verb, 2, noun, 2, o.qualAfter ? alt(o.qualAfter) : qual),
  });
  // "the rules you were given", "the instructions you have been given"
  if (lang === "en")
    rules.push({
      why: "asks to ignore instructions (en)",
      re: phrase(
        verb,
        2,
        noun,
        alt("you were given|you have been given|you've been given|given to you|you were told|you received|you follow"),
      ),
    });
}
for (const [lang, e] of Object.entries(EVERYTHING))
  rules.push({ why: `asks to ignore instructions (${lang})`, re: phrase(alt(e.verb), 1, alt(e.what)) });
for (const [lang, r] of Object.entries(ROLE)) {
  rules.push({ why: `tries to change the model's role (${lang})`, re: phrase(alt(r.verb), 3, alt(r.free)) });
  // "an AI without restrictions": the unconstrained thing must be a model, not "act as if there are no rules".
  rules.push({
    why: `tries to change the model's role (${lang})`,
    re: phrase(alt(r.verb), 3, AI, 2, alt(r.without), 2, alt(r.limits)),
  });
}
for (const [lang, r] of Object.entries(REVEAL)) {
  rules.push({
    why: `asks to reveal hidden data (${lang})`,
    re: re(NOT_NEGATED + phrase(alt(r.verb), 3, alt(r.secret)).source),
  });
}
rules.push(
  // Weaker objects ("your instructions", "the text above") only with verbs that mean copying them out.
  {
    why: "asks to reveal hidden data (en)",
    re: re(
      NOT_NEGATED +
        phrase(
          alt("reveal|print|repeat|output|leak|dump|disclose|recite|echo|spell out|type out|write out"),
          4,
          alt(
            "your prompt|your instructions|your initial instructions|the text above|the words above|everything above|the message above|the prompt above|the instructions above",
          ),
        ).source,
    ),
  },
  {
    why: "asks to reveal hidden data (en)",
    re: phrase(
      alt("what is|what are|what's|what were"),
      "your",
      alt(
        "system prompt|initial prompt|hidden instructions|original instructions|initial instructions|api key|secret key|password|credentials",
      ),
    ),
  },
  {
    why: "tries to change the model's role (en)",
    re: phrase(
      alt("from now on|starting now|henceforth"),
      1,
      alt("you must|you will only|you will always|you shall|you have to|you are to"),
    ),
  },
  {
    why: "tries to change the model's role (en)",
    re: phrase(
      alt("enable|activate|enter|switch to|turn on|unlock|start"),
      2,
      alt("developer|god|admin|debug|sudo|jailbreak|dan|unrestricted|unfiltered"),
      "mode",
    ),
  },
  {
    why: "jailbreak wording",
    re: phrase(alt("can do anything now|dan mode|jailbreak mode|jailbreak prompt|developer mode enabled")),
  },
);

// Read on the clean view: the colon matters.
const NEW_INSTRUCTIONS: Rule = {
  why: "announces new instructions",
  re: /(?:^|[\s,.;!?])(?:new|updated|real|actual|true|secret|hidden|override|revised|nuevas|nouvelles|neue|novas|nuove|новые)[\s-]+(?:instructions?|prompt|system prompt|directives?|instrucciones|consignes|anweisungen|instrucoes|istruzioni|инструкции)[ \t]*:/,
};

// Chinese and Japanese: no spaces between words, so parts are joined by a short run of
// characters within one sentence (`within`).
const CJK_RULES: Rule[] = [
  {
    why: "asks to ignore instructions (zh)",
    re: re(
      `(?:忽略|无视|無視|忽视|忽視|忘记|忘記|忘掉|不要理会|不要理會|不理会|别管|別管|跳过|跳過|放弃|放棄|抛开|拋開|绕过|繞過|不要遵守|不要遵循)${within(6)}(?:之前|以前|先前|上面|上述|前面|所有|全部|一切|原来|原來|原有|原先|你的|系统|系統|初始)${within(6)}(?:指令|指示|说明|說明|规则|規則|提示|设定|設定|命令|要求|限制|约束|約束|规定|規定|内容|內容|文字|对话|對話)`,
    ),
  },
  {
    why: "tries to change the model's role (zh)",
    re: re(
      `(?:你现在是|你現在是|现在你是|現在你是|从现在开始你|從現在開始你|从现在起你|從現在起你|扮演|假装你是|假裝你是|你不再是)${within(15)}(?:没有|沒有|不受|无|無|摆脱|擺脫)${within(6)}(?:限制|规则|規則|约束|約束|审查|審查|过滤|過濾|道德)`,
    ),
  },
  {
    why: "asks to reveal hidden data (zh)",
    re: re(
      `(?:显示|顯示|输出|輸出|告诉我|告訴我|泄露|洩露|透露|打印|重复|重複|给我|給我|说出|說出|展示|发给我|發給我)${within(8)}(?:系统提示|系統提示|系统指令|系統指令|提示词|提示詞|初始指令|隐藏指令|隱藏指令|密钥|密鑰|api ?key|密码|密碼|口令)`,
    ),
  },
  {
    why: "asks to ignore instructions (ja)",
    re: re(
      `(?:以前|前|上記|これまで|今まで|すべて|全て|全部|先ほど|元の|システム|あなたの|最初)${within(4)}(?:指示|命令|ルール|規則|プロンプト|制約|設定|指令|インストラクション)${within(8)}(?:無視|忘れ|破棄|従わな|スキップ|捨て)`,
    ),
  },
  {
    why: "asks to ignore instructions (ja)",
    re: re(`(?:指示|命令|ルール|規則|プロンプト|制約|指令)[をは]?(?:すべて|全て|全部)${within(3)}(?:無視|忘れ|破棄)`),
  },
  {
    why: "tries to change the model's role (ja)",
    re: re(
      `(?:今からあなたは|あなたは今から|これからあなたは|あなたはもう|あなたは今|として振る舞|のふりをし)${within(15)}(?:制限|ルール|規則|フィルター|検閲|制約)${within(4)}(?:のない|なし|がない|無し|無視|を持たない|から解放)`,
    ),
  },
  {
    why: "asks to reveal hidden data (ja)",
    re: re(
      `(?:システムプロンプト|初期プロンプト|隠された指示|元の指示|apiキー|api キー|パスワード|秘密鍵|シークレット)${within(8)}(?:教え|表示|見せ|出力|開示|漏ら|書き出|繰り返)`,
    ),
  },
];

// Chinese and Japanese rules above, and these, read the clean and folded views directly.
// Tokens that delimit turns in chat templates (ChatML, Llama, Gemma, Alpaca): text carrying
// them tries to end our prompt and start one of its own.
const TEMPLATE_RULES: Rule[] = [
  { why: "contains chat-template control tokens", re: /<\|\s*[a-z_]{2,30}\s*\|>/i },
  { why: "contains chat-template control tokens", re: /\[\/?\s*(?:inst|sys|system)\s*\]/i },
  { why: "contains chat-template control tokens", re: /<<\s*\/?\s*sys\s*>>/i },
  { why: "contains chat-template control tokens", re: /<\/s>|<s>\s*\[/i },
  {
    why: "contains chat-template control tokens",
    re: /<\/?\s*(?:system|assistant|im_start|im_end|developer|instructions?|tool_call|start_of_turn|end_of_turn)\s*>/i,
  },
  { why: "contains chat-template control tokens", re: /<(?:start|end)_of_turn>/i },
  {
    why: "contains chat-template control tokens",
    re: /^\s*#{2,}\s*(?:instruction|instructions|system|response)\s*:?\s*$/im,
  },
];

// "SYSTEM:" or "assistant:" opening a line: text dressed up as another turn of the conversation.
const ROLE_PREFIX: Rule = {
  why: "starts a line with a chat role (SYSTEM:, assistant:)",
  re: /(?:^|\n)[ \t]*[[(]?[ \t]*(?:system|assistant|developer|system prompt|sistema|systeme|system-prompt|система|ассистент|系统|系統|システム|アシスタント|助手|asistente|assistente)[ \t]*[\])]?[ \t]*:/iu,
};

// The same rules run on the squashed view for letters spaced out ("i g n o r e") or split by
// punctuation: only the most telling phrases, joined without separators. The squashed view has
// no spaces, so the negation is read joined too: "don't reveal your system prompt" is
// "dontrevealyoursystemprompt", advice rather than a request.
const SQUASHED_NOT_NEGATED = "(?<!(?:never|not|dont|donot|nunca|jamais|niemals))";
const SQUASHED_RULES: Rule[] = [
  {
    why: "asks to ignore instructions (en)",
    re: /(?:ignore|disregard|forget|override|bypass)(?:all|any|the|your|of)*(?:previous|prior|above|earlier|preceding|initial|original|system)(?:instructions?|prompts?|rules(?!ofthumb)|directions|guidelines)/,
  },
  {
    why: "asks to reveal hidden data (en)",
    re: new RegExp(
      `${SQUASHED_NOT_NEGATED}(?:reveal|print|show|repeat|output|leak)(?:me)?(?:your|the)(?:system|initial|hidden)prompt`,
    ),
  },
];

/** Every rule that matches one of the views; each reason once. */
export function injectionReasons(views: TextViews): string[] {
  const found = new Set<string>();
  for (const r of [...rules, ...INTENT_RULES]) if (views.words.some((v) => r.re.test(v))) found.add(r.why);
  for (const r of [
    ...CJK_RULES,
    ...INTENT_CJK_RULES,
    ...LANGUAGE_RULES,
    ...ADDRESS_RULES,
    ...TEMPLATE_RULES,
    ROLE_PREFIX,
    NEW_INSTRUCTIONS,
  ])
    if (r.re.test(views.clean) || r.re.test(views.folded)) found.add(r.why);
  for (const r of SQUASHED_RULES) if (r.re.test(views.squashed)) found.add(r.why);
  return [...found];
}
