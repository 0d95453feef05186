// Portuguese phrasebook. The topic follows "sobre", "com" or "quando o assunto é" without an
// article, which reads correctly for any noun phrase; a "como …" topic keeps its "como".
import type { LineContext, Phrasebook } from "./offline-phrasebook.ts";
import { cap, quoted } from "./offline-phrasebook.ts";

const np = (c: LineContext) => (c.topic.kind === "howto" ? `como ${c.topic.phrase}` : c.topic.phrase);
const assunto = (c: LineContext) => `quando o assunto é ${np(c)}`;
// "na hora de crescer no Threads" where a how-to topic follows "com" or "de".
const com = (c: LineContext) => (c.topic.kind === "howto" ? `na hora de ${c.topic.phrase}` : `com ${c.topic.phrase}`);
const de = (c: LineContext) => (c.topic.kind === "howto" ? `na hora de ${c.topic.phrase}` : `de ${c.topic.phrase}`);

export const PT: Phrasebook = {
  hooks: {
    question: [
      (c) => (c.topic.question && c.topic.question.length <= 120 ? c.topic.question : null),
      (c) => `O que ninguém te conta sobre ${np(c)}?`,
      (c) => `Sendo sincero: você está complicando demais ${assunto(c)}?`,
      (c) => (c.audience ? `O que é mais difícil para ${c.audience} ${assunto(c)}?` : null),
    ],
    statement: [
      (c) => `O básico vence os truques espertos ${assunto(c)}.`,
      (c) => `Tudo se resume a poucos hábitos pequenos ${assunto(c)}.`,
      (c) => `Fala-se muito e pratica-se pouco ${assunto(c)}.`,
    ],
    controversial: [
      (c) => `Opinião impopular: a maioria dos conselhos sobre ${np(c)} piora as coisas.`,
      (c) => `Opinião impopular: você não precisa de mais dicas sobre ${np(c)}, precisa de menos.`,
    ],
    story: [
      (c) => `Há um ano eu errei feio ${com(c)}. Foi isto que mudou.`,
      (c) => `Há um ano eu achava que já sabia tudo sobre ${np(c)}. Não sabia.`,
    ],
    statistic: [
      (c) => `O 80/20 ${de(c)}: 20% do trabalho traz quase todo o resultado.`,
      (c) => `Acompanhei de perto ${assunto(c)} por 30 dias. 3 coisas chamaram a minha atenção.`,
      (c) => `3 números dizem mais sobre ${np(c)} do que qualquer guru.`,
    ],
    personal: [
      (c) => `Eu pensava demais ${assunto(c)}. Hoje cabe tudo em uma página.`,
      (c) => `Minha opinião sincera sobre ${np(c)}, depois de muita tentativa e erro.`,
    ],
    urgent: [
      (c) => `Antes de gastar mais uma hora ${com(c)} esta semana, leia isto.`,
      (c) => `Se o tema é ${np(c)}, comece hoje, não na semana que vem.`,
    ],
    curiosity_gap: [
      (c) => `A maior alavanca ${assunto(c)} é a que quase ninguém menciona:`,
      (c) => `Uma parte ${de(c)} muda tudo, e não é a óbvia…`,
    ],
  },
  insights: [
    (c) => `Quase todo o atrito ${com(c)} vem de próximos passos pouco claros, não de falta de esforço.`,
    (c) => `O progresso ${assunto(c)} vem de um ciclo curto: testar uma coisa, medir e manter o que funciona.`,
    (c) => `${cap(com(c))}, o básico que você pulou costuma ser o motivo de se sentir travado.`,
    (c) => `A maioria dos conselhos sobre ${np(c)} foi escrita para uma situação que não é a sua.`,
  ],
  reasons: [
    () => `Grandes mudanças parecem produtivas, mas raramente sobrevivem a uma semana corrida.`,
    () => `Sistemas aguentam os dias ruins; força de vontade, não.`,
    () => `Quando tudo parece urgente, o importante vai ficando para trás.`,
  ],
  advice: [
    (c) => `Escolha a parte ${de(c)} que mais te trava e dê a ela 20 minutos por dia durante duas semanas.`,
    (c) => `Mantenha um registro de duas semanas sobre ${np(c)}: o que tentou, quanto tempo levou e o que aconteceu.`,
    (c) => `Pergunte a alguém um ano à sua frente ${assunto(c)} o que pularia se começasse de novo.`,
    () => `Escolha um número que meça o seu progresso e confira todo domingo.`,
  ],
  items: [
    () => `Comece menor do que parece útil.`,
    () => `Acompanhe um número, não dez.`,
    () => `Toda sexta, revise em cinco minutos o que funcionou.`,
    () => `Corte um passo que não acrescenta nada.`,
    () => `Termine antes de lapidar.`,
  ],
  domains: {
    money: {
      insights: [
        "Um preço que você não explica em uma frase é um preço que ninguém vai pagar.",
        "A maioria cobra pouco no início e sobe os preços tarde demais.",
      ],
      advice: [
        "Coloque um preço na página, converse com dez compradores e só mude depois de ouvir a mesma objeção três vezes.",
        "Cobre pelo resultado que você entrega, não pelas horas que ele leva.",
      ],
      items: ["Ancore o preço no valor, não nos seus custos.", "Suba os preços primeiro para clientes novos."],
    },
    people: {
      insights: [
        "As pessoas raramente saem por uma grande razão; saem por uma dúzia de pequenas que ninguém resolveu.",
        "Expectativas claras fazem mais por uma equipe do que qualquer benefício.",
      ],
      advice: [
        "Escreva como seriam 90 primeiros dias excelentes antes da próxima conversa.",
        "Pergunte a cada pessoa que mudança facilitaria a semana dela e faça pelo menos uma.",
      ],
      items: ["Deixe por escrito quem decide.", "Dê feedback em até uma semana, não só na avaliação anual."],
    },
    growth: {
      insights: [
        "Distribuição vence acabamento: o post que ninguém vê não te ensina nada.",
        "Uma promessa clara para um tipo de leitor vale mais que dez vagas.",
      ],
      advice: [
        "Escolha um canal, publique com calendário fixo por 30 dias e só então julgue os números.",
        "Reescreva a sua primeira linha cinco vezes; ela decide se o resto será lido.",
      ],
      items: ["Escreva para um leitor específico.", "Reaproveite o que funcionou em vez de começar do zero."],
    },
    craft: {
      insights: [
        "O caminho chato e testado vence o atalho esperto quase sempre.",
        "A maior parte da complexidade resolve problemas que você ainda não tem.",
      ],
      advice: [
        "Entregue a menor versão que funciona e deixe o uso real mostrar o que corrigir.",
        "Escreva o checklist que você gostaria de ter tido e use no próximo projeto.",
      ],
      items: ["Apague antes de adicionar.", "Automatize o passo que você já fez três vezes."],
    },
    health: {
      insights: [
        "Descanso faz parte do trabalho, não é prêmio por terminar.",
        "Hábitos pequenos e chatos vencem a grande virada dramática.",
      ],
      advice: [
        "Escolha um hábito, prenda a algo que você já faz todo dia e mantenha por 14 dias.",
        "Proteja primeiro o seu sono; quase todo o resto fica mais fácil depois.",
      ],
      items: ["Caminhe dez minutos depois do almoço.", "Planeje os dias de descanso como dias de trabalho."],
    },
  },
  emotion: {
    curiosity: [
      (c) =>
        `Existe um motivo para tudo parecer mais difícil do que deveria ${assunto(c)}, e não é o que você imagina.`,
      () => `O interessante é entender por que funciona.`,
    ],
    inspiration: [
      () => `Você não precisa estar pronto; precisa começar, e começar pequeno conta.`,
      () => `Comece pequeno. Também conta.`,
    ],
    humor: [
      (c) => `(Minha primeira tentativa ${com(c)} foi uma comédia. Ninguém riu, muito menos eu.)`,
      () => `(Não me pergunte como eu sei.)`,
    ],
    urgency: [() => `Cada semana de espera deixa o adiamento mais caro.`, () => `Esperar só deixa tudo mais caro.`],
    empathy: [
      () => `Se isso está sendo difícil para você, você não está sozinho, e não é uma falha pessoal.`,
      () => `Se está difícil agora, você não está sozinho.`,
    ],
    surprise: [
      () => `O surpreendente: a solução era menor do que o problema parecia.`,
      () => `A solução era menor do que eu esperava.`,
    ],
  },
  tone: {
    neutral: {
      ctas: [() => "O que funcionou para você?", () => "O que você acrescentaria?"],
      closers: ["Passos pequenos, repetidos, vencem."],
    },
    warm: {
      ctas: [
        () => "Qual pequeno passo você vai dar esta semana?",
        (c) => (c.audience ? `Para todos os ${c.audience}: como vocês estão lidando com isso?` : null),
      ],
      closers: ["Pegue leve com você. Progresso é progresso."],
    },
    professional: {
      ctas: [() => "O que funcionou na sua experiência?", () => "Como a sua equipe aborda isso hoje?"],
      closers: ["Medir, ajustar, repetir."],
    },
    playful: {
      ctas: [() => "Sua vez: qual é o seu truque favorito?", () => "Qual você vai roubar primeiro?"],
      closers: ["Pequenas vitórias contam. Vai buscar uma!"],
    },
    blunt: {
      ctas: [() => "Com qual você começa hoje?", () => "Discorda? Me diga por quê."],
      closers: ["Sem atalhos. Só repetição."],
    },
    witty: {
      ctas: [
        () => "Qual é a sua jogada? Perguntando para um amigo.",
        () => "Concorda, discorda ou levemente ofendido?",
      ],
      closers: ["Os resultados podem variar. Os meus variaram."],
    },
  },
  pain: [
    (c) => (c.pain ? `A frase que eu mais ouço: ${quoted(c.pain, "“", "”")}` : null),
    (c) => (c.pain ? `Se “${c.pain}” soa familiar, você não está sozinho.` : null),
  ],
  trend: [
    (c) => (c.snippet ? `Uma frase desta semana ficou na minha cabeça: ${quoted(c.snippet, "“", "”")}` : null),
    (c) => (c.trend ? `Com todo mundo falando de ${c.trend}, isso importa mais do que nunca.` : null),
  ],
  audience: [
    (c) => (c.audience ? `${cap(c.audience)}, este é para vocês.` : null),
    (c) => (c.audience ? `Vejo isso o tempo todo com ${c.audience}.` : null),
  ],
  listIntro: [(c) => `O que eu faria ${com(c)}:`, () => `A lista curta:`],
  details: [
    () => `Dê duas semanas antes de julgar os resultados.`,
    () => `Anote o que você espera que aconteça; assim a revisão fica honesta.`,
    () => `Se parecer fácil demais, ótimo: o fácil é o que se mantém.`,
    () => `Compartilhe o que aprender; ensinar mostra as lacunas.`,
    () => `Depois repita o que funcionou e deixe o resto.`,
  ],
};
