// The offline writer's answers to replies: short, in the persona's language (en, es, de, fr, pt;
// others answer in English, as the writer does), shaped by what the reply is (a question gets an
// answer and an invitation, praise gets thanks) and by the persona's tone and emoji. It never
// repeats the reply's words beyond the one topic word of the post, so nothing a reply says is echoed.
import type { GenerationBrief } from "./brief.ts";
import { writerLanguage } from "./offline-language.ts";

type Shape = "question" | "praise" | "other";

const ANSWERS: Record<string, Record<Shape, string[]>> = {
  en: {
    question: [
      "Good question. Start small with {w}: one change, one week, then look at what moved. Happy to share what worked for me.",
      "Short answer: keep {w} simple and measure it. What does it look like on your side?",
    ],
    praise: ["Thank you, that means a lot. More on {w} soon.", "Glad it helped! Tell me how {w} goes for you."],
    other: ["Thanks for jumping in. I'll keep digging into {w}.", "Appreciate you reading. More on {w} this week."],
  },
  es: {
    question: [
      "Buena pregunta. Empieza pequeño con {w}: un cambio, una semana, y mira qué se movió.",
      "Respuesta corta: mantén {w} simple y mídelo. ¿Cómo lo ves en tu caso?",
    ],
    praise: ["Gracias, de verdad. Pronto más sobre {w}.", "¡Me alegra que sirva! Cuéntame cómo te va con {w}."],
    other: ["Gracias por comentar. Sigo investigando {w}.", "Gracias por leer. Esta semana, más sobre {w}."],
  },
  de: {
    question: [
      "Gute Frage. Fang bei {w} klein an: eine Änderung, eine Woche, dann schau, was sich bewegt hat.",
      "Kurz gesagt: {w} einfach halten und messen. Wie sieht es bei dir aus?",
    ],
    praise: [
      "Danke, das freut mich sehr. Bald mehr zu {w}.",
      "Schön, dass es hilft! Erzähl mir, wie es mit {w} läuft.",
    ],
    other: ["Danke fürs Mitreden. Ich bleibe an {w} dran.", "Danke fürs Lesen. Diese Woche mehr zu {w}."],
  },
  fr: {
    question: [
      "Bonne question. Commence petit avec {w} : un changement, une semaine, puis regarde ce qui a bougé.",
      "Réponse courte : garde {w} simple et mesure-le. Et chez toi, ça donne quoi ?",
    ],
    praise: [
      "Merci, ça me touche. Bientôt plus sur {w}.",
      "Content que ça aide ! Dis-moi comment ça se passe avec {w}.",
    ],
    other: ["Merci d'avoir réagi. Je continue de creuser {w}.", "Merci de lire. Plus sur {w} cette semaine."],
  },
  pt: {
    question: [
      "Boa pergunta. Comece pequeno com {w}: uma mudança, uma semana, e veja o que mudou.",
      "Resposta curta: mantenha {w} simples e meça. Como está do seu lado?",
    ],
    praise: ["Obrigado, significa muito. Em breve mais sobre {w}.", "Que bom que ajudou! Me conta como vai com {w}."],
    other: ["Obrigado por comentar. Sigo estudando {w}.", "Obrigado por ler. Esta semana, mais sobre {w}."],
  },
};

function shapeOf(text: string): Shape {
  if (/[?？]\s*$|^\s*¿/u.test(text) || /\?/.test(text)) return "question";
  if (
    /\b(thanks?|thank you|gracias|danke|merci|obrigad[oa]|love|great|gold|oro|or\b|ouro|saved|guardado|gespeichert)\b/iu.test(
      text,
    )
  )
    return "praise";
  return "other";
}

/** The topic word: the persona's first topic, else the post's longest word. */
function topicWord(brief: GenerationBrief): string {
  const first = brief.persona.topics[0];
  if (first) return first.toLowerCase();
  const words = (brief.reply?.post ?? brief.topic).match(/\p{L}{4,}/gu) ?? [];
  return words.reduce((a, b) => (b.length > a.length ? b : a), words[0] ?? "this").toLowerCase();
}

function pickIndex(key: string, n: number): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) h = Math.imul(h ^ key.charCodeAt(i), 0x01000193);
  return (h >>> 0) % n;
}

export function writeReplyOffline(brief: GenerationBrief): string {
  const lang = writerLanguage(brief.persona.language).lang;
  const table = ANSWERS[lang] ?? ANSWERS["en"];
  const shape = shapeOf(brief.reply?.text ?? "");
  const options = table?.[shape] ?? [];
  const line =
    options[
      (pickIndex(`${brief.reply?.text ?? ""}|${brief.reply?.id ?? ""}`, options.length) + (brief.variant ?? 0)) %
        options.length
    ] ?? "";
  const emoji = brief.persona.emoji && brief.persona.emoji !== "none" ? ` ${brief.persona.emoji}` : "";
  return `${line.replace("{w}", topicWord(brief))}${emoji}`;
}
