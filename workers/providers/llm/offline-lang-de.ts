// German phrasebook. The topic stands after "Thema" ("beim Thema X", "zum Thema X"), which is
// correct whatever the noun's gender or number, and always closes its clause, so a "wie man …"
// topic ("bei der Frage, wie man Preise festlegt.") never needs a comma in the middle.
import type { LineContext, Phrasebook } from "./offline-phrasebook.ts";
import { cap, quoted } from "./offline-phrasebook.ts";

const howto = (c: LineContext) => c.topic.kind === "howto";
const bei = (c: LineContext) =>
  howto(c) ? `bei der Frage, wie man ${c.topic.phrase}` : `beim Thema ${c.topic.phrase}`;
const zu = (c: LineContext) => (howto(c) ? `zur Frage, wie man ${c.topic.phrase}` : `zum Thema ${c.topic.phrase}`);
const ueber = (c: LineContext) =>
  howto(c) ? `über die Frage, wie man ${c.topic.phrase}` : `über das Thema ${c.topic.phrase}`;

export const DE: Phrasebook = {
  hooks: {
    question: [
      (c) => (c.topic.question && c.topic.question.length <= 120 ? c.topic.question : null),
      (c) => `Was sagt dir eigentlich niemand ${zu(c)}?`,
      (c) => `Ehrlich: Machst du es dir zu kompliziert ${bei(c)}?`,
      (c) => (c.audience ? `${cap(c.audience)}, was fällt euch am schwersten ${bei(c)}?` : null),
    ],
    statement: [
      (c) => `Die Grundlagen schlagen die cleveren Tricks, vor allem ${bei(c)}.`,
      (c) => `Es kommt auf ein paar kleine Gewohnheiten an ${bei(c)}.`,
      (c) => `Viel wird geredet, wenig geübt ${bei(c)}.`,
    ],
    controversial: [
      (c) => `Unpopuläre Meinung: Die meisten Tipps machen es schlimmer ${bei(c)}.`,
      (c) => `Unpopuläre Meinung: Du brauchst nicht mehr Tipps ${zu(c)}, sondern weniger.`,
    ],
    story: [
      (c) => `Vor einem Jahr lag ich völlig falsch ${bei(c)}. Das hat sich geändert.`,
      (c) => `Vor einem Jahr dachte ich, ich hätte es verstanden ${bei(c)}. Falsch gedacht.`,
    ],
    statistic: [
      (c) => `Die 80/20-Regel gilt auch ${bei(c)}: 20 % der Arbeit bringen fast alle Ergebnisse.`,
      (c) => `30 Tage lang habe ich mitgeschrieben ${bei(c)}. 3 Dinge sind mir aufgefallen.`,
      (c) => `3 Zahlen sagen mehr als jeder Guru ${zu(c)}.`,
    ],
    personal: [
      (c) => `Ich habe früher viel zu viel nachgedacht ${bei(c)}. Heute passt alles auf eine Seite.`,
      (c) => `Meine ehrliche Meinung ${zu(c)}, nach viel Ausprobieren.`,
    ],
    urgent: [
      (c) => `Bevor du diese Woche noch eine Stunde investierst ${bei(c)}, lies das hier.`,
      (c) => `Fang heute an ${bei(c)}, nicht erst nächsten Monat.`,
    ],
    curiosity_gap: [
      (c) => `Der größte Hebel ist der, über den fast niemand spricht, ${bei(c)}:`,
      (c) => `Ein Teil verändert alles ${bei(c)}, und es ist nicht der offensichtliche…`,
    ],
  },
  insights: [
    (c) =>
      `Die meiste Reibung entsteht durch unklare nächste Schritte, nicht durch fehlenden Einsatz, gerade ${bei(c)}.`,
    (c) =>
      `Fortschritt kommt aus einer kurzen Schleife: eine Sache testen, messen, behalten, was wirkt. Das gilt auch ${bei(c)}.`,
    (c) => `Oft sind es die übersprungenen Grundlagen, die dich festhalten ${bei(c)}.`,
    (c) => `Die meisten Ratschläge passen zu einer Situation, die nicht deine ist, auch ${bei(c)}.`,
  ],
  reasons: [
    () => `Große Umbauten fühlen sich produktiv an, überleben aber selten eine volle Woche.`,
    () => `Systeme überstehen schlechte Tage, Willenskraft nicht.`,
    () => `Wenn alles dringend wirkt, rutscht das Wichtige leise nach hinten.`,
  ],
  advice: [
    (c) => `Nimm den Teil, der dich am meisten bremst, und gib ihm zwei Wochen lang 20 Minuten am Tag, ${bei(c)}.`,
    (c) =>
      `Führe zwei Wochen lang ein kurzes Protokoll ${zu(c)}: was du versucht hast, wie lange es dauerte, was passiert ist.`,
    (c) => `Frag jemanden, der dir ein Jahr voraus ist, was er sich sparen würde ${bei(c)}.`,
    (c) => `Wähle eine Zahl, die deinen Fortschritt misst, und prüfe sie jeden Sonntag, ${bei(c)}.`,
  ],
  items: [
    () => `Fang kleiner an, als es sinnvoll wirkt.`,
    () => `Miss eine Zahl, nicht zehn.`,
    () => `Prüf jeden Freitag in fünf Minuten, was funktioniert hat.`,
    () => `Streich einen Schritt, der nichts bringt.`,
    () => `Erst fertig machen, dann polieren.`,
  ],
  domains: {
    money: {
      insights: [
        "Ein Preis, den du nicht in einem Satz erklären kannst, ist ein Preis, den niemand zahlt.",
        "Die meisten verlangen anfangs zu wenig und erhöhen die Preise viel zu spät.",
      ],
      advice: [
        "Schreib einen Preis auf die Seite, sprich mit zehn Käufern und ändere ihn erst, wenn du denselben Einwand dreimal hörst.",
        "Verlange Geld für das Ergebnis, nicht für die Stunden, die es dich kostet.",
      ],
      items: ["Orientiere den Preis am Nutzen, nicht an deinen Kosten.", "Erhöhe die Preise zuerst für neue Kunden."],
    },
    people: {
      insights: [
        "Menschen gehen selten wegen einer großen Sache, sondern wegen vieler kleiner, die niemand behoben hat.",
        "Klare Erwartungen bringen einem Team mehr als jedes Extra.",
      ],
      advice: [
        "Schreib auf, wie großartige erste 90 Tage aussehen, bevor das nächste Gespräch ansteht.",
        "Frag jede Person, welche Änderung ihre Woche leichter machen würde, und setz eine davon um.",
      ],
      items: [
        "Halte schriftlich fest, wer entscheidet.",
        "Gib Feedback innerhalb einer Woche, nicht erst im Jahresgespräch.",
      ],
    },
    growth: {
      insights: [
        "Reichweite schlägt Feinschliff: Der Beitrag, den niemand sieht, lehrt dich nichts.",
        "Ein klares Versprechen an eine Art Leser schlägt zehn vage.",
      ],
      advice: [
        "Wähle einen Kanal, veröffentliche 30 Tage lang nach festem Plan und bewerte erst dann die Zahlen.",
        "Schreib deine erste Zeile fünfmal neu; sie entscheidet, ob der Rest gelesen wird.",
      ],
      items: ["Schreib für eine konkrete Person.", "Nutze wieder, was funktioniert hat."],
    },
    craft: {
      insights: [
        "Der langweilige, getestete Weg schlägt die clevere Abkürzung fast immer.",
        "Die meiste Komplexität löst Probleme, die du noch gar nicht hast.",
      ],
      advice: [
        "Liefere die kleinste Version, die funktioniert, und lass echte Nutzung zeigen, was zu reparieren ist.",
        "Schreib die Checkliste, die du dir gewünscht hättest, und nutze sie beim nächsten Projekt.",
      ],
      items: ["Lösche, bevor du hinzufügst.", "Automatisiere den Schritt, den du dreimal gemacht hast."],
    },
    health: {
      insights: [
        "Erholung ist Teil der Arbeit, keine Belohnung danach.",
        "Kleine, langweilige Gewohnheiten schlagen den großen Neustart.",
      ],
      advice: [
        "Wähle eine Gewohnheit, knüpfe sie an etwas, das du täglich tust, und halte sie 14 Tage durch.",
        "Schütze zuerst deinen Schlaf; danach wird fast alles leichter.",
      ],
      items: ["Geh nach dem Mittagessen zehn Minuten spazieren.", "Plane Ruhetage wie Arbeitstage."],
    },
  },
  emotion: {
    curiosity: [
      (c) =>
        `Es gibt einen Grund, warum es sich schwerer anfühlt, als es sollte, ${bei(c)}, und er ist nicht der naheliegende.`,
      () => `Spannend ist, warum es funktioniert.`,
    ],
    inspiration: [
      () => `Du musst nicht bereit sein; du musst anfangen, und klein anfangen zählt.`,
      () => `Fang klein an. Das zählt auch.`,
    ],
    humor: [
      () => `(Mein erster Versuch war eine Komödie. Gelacht hat niemand, ich am wenigsten.)`,
      () => `(Frag nicht, woher ich das weiß.)`,
    ],
    urgency: [() => `Jede Woche, die du wartest, macht das Aufschieben teurer.`, () => `Warten macht es nur teurer.`],
    empathy: [
      () => `Wenn dir das gerade schwerfällt: Du bist nicht allein, und es ist kein persönliches Versagen.`,
      () => `Wenn es gerade schwer ist: Du bist nicht allein.`,
    ],
    surprise: [
      () => `Das Überraschende: Die Lösung war kleiner, als das Problem je aussah.`,
      () => `Die Lösung war kleiner als gedacht.`,
    ],
  },
  tone: {
    neutral: {
      ctas: [() => "Was hat bei dir funktioniert?", () => "Was würdest du ergänzen?"],
      closers: ["Kleine Schritte, oft wiederholt, gewinnen."],
    },
    warm: {
      ctas: [
        () => "Welchen kleinen Schritt gehst du diese Woche?",
        (c) => (c.audience ? `An alle ${c.audience}: Wie geht es euch damit?` : null),
      ],
      closers: ["Sei nachsichtig mit dir. Fortschritt ist Fortschritt."],
    },
    professional: {
      ctas: [() => "Was hat sich in Ihrer Erfahrung bewährt?", () => "Wie geht Ihr Team heute damit um?"],
      closers: ["Messen, anpassen, wiederholen."],
    },
    playful: {
      ctas: [() => "Du bist dran: Was ist dein Lieblingstrick?", () => "Welchen klaust du zuerst?"],
      closers: ["Kleine Siege zählen. Hol dir einen!"],
    },
    blunt: {
      ctas: [() => "Womit fängst du heute an?", () => "Anderer Meinung? Sag mir, warum."],
      closers: ["Keine Abkürzungen. Nur Wiederholungen."],
    },
    witty: {
      ctas: [
        () => "Was ist dein Zug? Ich frage für einen Freund.",
        () => "Zustimmung, Widerspruch oder leicht beleidigt?",
      ],
      closers: ["Ergebnisse können abweichen. Meine taten es."],
    },
  },
  pain: [
    (c) => (c.pain ? `Der Satz, den ich am häufigsten höre: ${quoted(c.pain, "„", "“")}` : null),
    (c) => (c.pain ? `Wenn dir „${c.pain}“ bekannt vorkommt, bist du nicht allein.` : null),
  ],
  trend: [
    (c) => (c.snippet ? `Ein Satz aus dieser Woche ist mir hängen geblieben: ${quoted(c.snippet, "„", "“")}` : null),
    (c) => (c.trend ? `Gerade redet alle Welt über ${c.trend}, und das macht es wichtiger denn je.` : null),
  ],
  audience: [
    (c) => (c.audience ? `${cap(c.audience)}, das hier ist für euch.` : null),
    (c) => (c.audience ? `Ich sehe das ständig bei ${c.audience}.` : null),
  ],
  listIntro: [(c) => `Das würde ich tun ${bei(c)}:`, () => `Die kurze Liste:`],
  details: [
    () => `Gib dem Ganzen zwei Wochen, bevor du urteilst.`,
    () => `Schreib auf, was du erwartest; so bleibt der Rückblick ehrlich.`,
    () => `Wenn es sich zu leicht anfühlt, gut: Leichtes hält man durch.`,
    () => `Teile, was du lernst; wer erklärt, sieht die Lücken.`,
    () => `Dann wiederhole, was funktioniert hat, und lass den Rest weg.`,
  ],
};
