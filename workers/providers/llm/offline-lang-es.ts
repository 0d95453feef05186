// Spanish phrasebook. The topic appears only after a preposition without article ("sobre X",
// "con X", "en X"), which reads correctly for any noun phrase, singular or plural, masculine or
// feminine; a "cómo …" topic appears as "cómo …", a question only as its own sentence.
import type { LineContext, Phrasebook } from "./offline-phrasebook.ts";
import { cap, quoted } from "./offline-phrasebook.ts";

const np = (c: LineContext) => (c.topic.kind === "howto" ? `cómo ${c.topic.phrase}` : c.topic.phrase);
const q = (text: string) => `«${text}»`;
// "a la hora de fijar precios" where a how-to topic follows "con", "en" or "de".
const con = (c: LineContext) => (c.topic.kind === "howto" ? `a la hora de ${c.topic.phrase}` : `con ${c.topic.phrase}`);
const en = (c: LineContext) => (c.topic.kind === "howto" ? `a la hora de ${c.topic.phrase}` : `en ${c.topic.phrase}`);
const de = (c: LineContext) => (c.topic.kind === "howto" ? `a la hora de ${c.topic.phrase}` : `de ${c.topic.phrase}`);

export const ES: Phrasebook = {
  hooks: {
    question: [
      (c) => (c.topic.question && c.topic.question.length <= 120 ? `¿${c.topic.question.replace(/^¿/, "")}` : null),
      (c) => `¿Qué es lo que nadie te cuenta sobre ${np(c)}?`,
      (c) => `Sé sincero: ¿te estás complicando ${con(c)}?`,
      (c) => (c.audience ? `¿Qué es lo más difícil ${de(c)} para ${c.audience}?` : null),
    ],
    statement: [
      (c) => `${cap(con(c))}, lo básico le gana a los trucos ingeniosos.`,
      (c) => `Hacerlo bien ${en(c)} depende de unos pocos hábitos pequeños.`,
      (c) => `Sobre ${np(c)} se habla mucho y se practica poco.`,
    ],
    controversial: [
      (c) => `Opinión impopular: casi todos los consejos sobre ${np(c)} empeoran las cosas.`,
      (c) => `Opinión impopular: no necesitas más consejos sobre ${np(c)}, necesitas menos.`,
    ],
    story: [
      (c) => `Hace un año lo hice fatal ${con(c)}. Esto es lo que cambió.`,
      (c) => `Hace un año creía que lo tenía claro ${con(c)}. No era así.`,
    ],
    statistic: [
      (c) => `El 80/20 ${de(c)}: el 20 % del trabajo trae casi todos los resultados.`,
      (c) => `Seguí ${np(c)} durante 30 días. Me llamaron la atención 3 cosas.`,
      (c) => `3 números dicen más sobre ${np(c)} que cualquier gurú.`,
    ],
    personal: [
      (c) => `Yo antes le daba mil vueltas al tema ${de(c)}. Ahora me cabe en una página.`,
      (c) => `Mi opinión sincera sobre ${np(c)}, después de mucho ensayo y error.`,
    ],
    urgent: [
      (c) => `Antes de dedicar otra hora a ${np(c)} esta semana, lee esto.`,
      (c) => `Si ${np(c)} está en tu lista de esta semana, empieza hoy.`,
    ],
    curiosity_gap: [
      (c) => `La palanca más grande ${en(c)} es la que casi nadie menciona:`,
      (c) => `Hay una parte ${de(c)} que lo cambia todo, y no es la obvia…`,
    ],
  },
  insights: [
    (c) => `Casi toda la fricción ${con(c)} viene de no tener claro el siguiente paso, no de falta de esfuerzo.`,
    (c) => `El progreso ${en(c)} sale de un ciclo corto: probar una cosa, medirla y quedarte con lo que funciona.`,
    (c) => `${cap(con(c))}, lo básico que te saltaste suele ser la razón por la que te sientes estancado.`,
    (c) => `Casi todos los consejos sobre ${np(c)} están pensados para una situación que no es la tuya.`,
  ],
  reasons: [
    () => `Los grandes cambios parecen productivos, pero rara vez sobreviven a una semana complicada.`,
    () => `Los sistemas aguantan los días malos; la fuerza de voluntad no.`,
    (c) => `Cuando todo parece urgente, lo importante ${de(c)} se va quedando atrás.`,
  ],
  advice: [
    (c) => `Elige la parte ${de(c)} que más te cuesta y dale 20 minutos al día durante dos semanas.`,
    (c) => `Lleva un registro de dos semanas sobre ${np(c)}: qué probaste, cuánto tardaste y qué pasó.`,
    (c) => `Pregunta a alguien que vaya un año por delante ${en(c)} qué se saltaría si empezara de nuevo.`,
    (c) => `Elige un número que mida tu progreso ${en(c)} y revísalo cada domingo.`,
  ],
  items: [
    () => `Empieza más pequeño de lo que parece útil.`,
    (c) => `Mide un solo número ${en(c)}, no diez.`,
    () => `Revisa cada viernes qué funcionó, en cinco minutos.`,
    () => `Elimina un paso que no aporta nada.`,
    () => `Termina antes de pulir.`,
  ],
  domains: {
    money: {
      insights: [
        "Un precio que no puedes explicar en una frase es un precio que nadie pagará.",
        "Casi todos cobramos poco al principio y subimos precios demasiado tarde.",
      ],
      advice: [
        "Publica un precio, habla con diez compradores y cámbialo solo cuando oigas la misma objeción tres veces.",
        "Cobra por el resultado que entregas, no por las horas que te lleva.",
      ],
      items: ["Ancla el precio en el valor, no en tus costes.", "Sube primero el precio a los clientes nuevos."],
    },
    people: {
      insights: [
        "La gente rara vez se va por una sola cosa grande; se va por una docena de pequeñas que nadie arregló.",
        "Unas expectativas claras hacen más por un equipo que cualquier beneficio.",
      ],
      advice: [
        "Escribe cómo serían unos primeros 90 días excelentes antes de la próxima conversación.",
        "Pregunta a cada persona qué cambio le facilitaría la semana y haz al menos uno.",
      ],
      items: ["Deja por escrito quién decide.", "Da feedback en menos de una semana, no en la evaluación anual."],
    },
    growth: {
      insights: [
        "La distribución le gana al pulido: la publicación que nadie ve no te enseña nada.",
        "Una promesa clara para un tipo de lector vale más que diez vagas.",
      ],
      advice: [
        "Elige un canal, publica con un calendario fijo durante 30 días y solo entonces juzga los números.",
        "Reescribe tu primera línea cinco veces; decide si se lee todo lo demás.",
      ],
      items: ["Escribe para un lector concreto.", "Reutiliza lo que funcionó en lugar de empezar de cero."],
    },
    craft: {
      insights: [
        "El camino aburrido y probado le gana al atajo ingenioso casi siempre.",
        "Casi toda la complejidad se añade para resolver problemas que aún no tienes.",
      ],
      advice: [
        "Lanza la versión más pequeña que funcione y deja que el uso real te diga qué arreglar.",
        "Escribe la lista de comprobación que te habría gustado tener y úsala en el próximo proyecto.",
      ],
      items: ["Borra antes de añadir.", "Automatiza el paso que ya hiciste tres veces."],
    },
    health: {
      insights: [
        "Descansar es parte del trabajo, no un premio por terminarlo.",
        "Los hábitos pequeños y aburridos le ganan al gran cambio dramático.",
      ],
      advice: [
        "Elige un hábito, átalo a algo que ya haces cada día y mantenlo 14 días.",
        "Protege primero tu sueño; casi todo lo demás se vuelve más fácil después.",
      ],
      items: ["Camina diez minutos después de comer.", "Planifica los días de descanso como días de trabajo."],
    },
  },
  emotion: {
    curiosity: [
      (c) => `Hay una razón por la que ${con(c)} todo cuesta más de lo que debería, y no es la que imaginas.`,
      () => `Lo interesante es por qué funciona.`,
    ],
    inspiration: [
      () => `No necesitas estar listo; necesitas empezar, y empezar en pequeño cuenta.`,
      () => `Empieza en pequeño. También cuenta.`,
    ],
    humor: [
      (c) => `(Mi primer intento ${con(c)} fue una comedia. Nadie se rió, y yo menos.)`,
      () => `(No preguntes cómo lo sé.)`,
    ],
    urgency: [(c) => `Cada semana que aplazas ${np(c)}, el coste de esperar crece.`, () => `Esperar solo lo encarece.`],
    empathy: [
      () => `Si esto te está costando, no estás solo, y no es un fallo personal.`,
      () => `Si ahora te cuesta, no estás solo.`,
    ],
    surprise: [
      () => `Lo sorprendente: la solución era más pequeña de lo que parecía el problema.`,
      () => `La solución era más pequeña de lo que esperaba.`,
    ],
  },
  tone: {
    neutral: {
      ctas: [() => "¿Qué te ha funcionado a ti?", () => "¿Qué añadirías?"],
      closers: ["Pasos pequeños, repetidos, ganan."],
    },
    warm: {
      ctas: [
        () => "¿Qué pequeño paso vas a dar esta semana?",
        (c) => (c.audience ? `A todos los ${c.audience}: ¿cómo lo lleváis?` : null),
      ],
      closers: ["Sé amable contigo. Avanzar es avanzar."],
    },
    professional: {
      ctas: [() => "¿Qué ha funcionado en tu experiencia?", () => "¿Cómo lo aborda tu equipo hoy?"],
      closers: ["Medir, ajustar, repetir."],
    },
    playful: {
      ctas: [() => "Tu turno: ¿cuál es tu truco favorito?", () => "¿Cuál vas a robar primero?"],
      closers: ["Las pequeñas victorias cuentan. ¡A por una!"],
    },
    blunt: {
      ctas: [() => "¿Con cuál empiezas hoy?", () => "¿No estás de acuerdo? Dime por qué."],
      closers: ["Sin atajos. Solo repeticiones."],
    },
    witty: {
      ctas: [
        () => "¿Cuál es tu jugada? Pregunto por un amigo.",
        () => "¿De acuerdo, en desacuerdo o ligeramente ofendido?",
      ],
      closers: ["Los resultados pueden variar. Los míos variaron."],
    },
  },
  pain: [
    (c) => (c.pain ? `La frase que más escucho: ${quoted(c.pain, "«", "»")}` : null),
    (c) => (c.pain ? `Si ${q(c.pain)} te suena, no eres el único.` : null),
  ],
  trend: [
    (c) => (c.snippet ? `Una frase de esta semana se me quedó grabada: ${quoted(c.snippet, "«", "»")}` : null),
    (c) => (c.trend ? `Con todo el mundo hablando de ${c.trend}, esto importa más que nunca.` : null),
  ],
  audience: [
    (c) => (c.audience ? `${cap(c.audience)}, esto es para vosotros.` : null),
    (c) => (c.audience ? `Lo veo constantemente con ${c.audience}.` : null),
  ],
  listIntro: [(c) => `Lo que yo haría ${con(c)}:`, () => `La lista corta:`],
  details: [
    () => `Dale dos semanas antes de juzgar los resultados.`,
    () => `Anota lo que esperas que pase; así la revisión es honesta.`,
    () => `Si parece demasiado fácil, mejor: lo fácil es lo que se mantiene.`,
    () => `Comparte lo que aprendes; enseñarlo te muestra los huecos.`,
    () => `Después repite lo que funcionó y deja el resto.`,
  ],
};
