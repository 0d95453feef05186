// French phrasebook. The topic follows "en matière de" (with elision: "en matière d'épargne"),
// which takes any noun phrase without an article, singular or plural; a "comment …" topic is
// introduced as a question of its own ("sur la question : comment …").
import type { LineContext, Phrasebook } from "./offline-phrasebook.ts";
import { cap, quoted } from "./offline-phrasebook.ts";

const de = (p: string) => (/^[aeiouyhéèêàâîôûœ]/i.test(p) ? `d'${p}` : `de ${p}`);
const mat = (c: LineContext) =>
  c.topic.kind === "howto" ? `quand il s'agit de savoir comment ${c.topic.phrase}` : `en matière ${de(c.topic.phrase)}`;
const sujet = (c: LineContext) =>
  c.topic.kind === "howto" ? `sur la façon de ${c.topic.phrase}` : `en matière ${de(c.topic.phrase)}`;

export const FR: Phrasebook = {
  hooks: {
    question: [
      (c) => (c.topic.question && c.topic.question.length <= 120 ? c.topic.question.replace(/\s*\?$/, " ?") : null),
      (c) => `Qu'est-ce que personne ne vous dit ${mat(c)} ?`,
      (c) => `Soyons honnêtes : est-ce qu'on ne complique pas tout ${mat(c)} ?`,
      (c) => (c.audience ? `Chers ${c.audience}, qu'est-ce qui vous bloque le plus ${mat(c)} ?` : null),
    ],
    statement: [
      (c) => `Les bases battent les astuces ${mat(c)}.`,
      (c) => `Tout se joue sur quelques petites habitudes ${mat(c)}.`,
      (c) => `On en parle beaucoup et on pratique peu ${mat(c)}.`,
    ],
    controversial: [
      (c) => `Avis impopulaire : la plupart des conseils ${mat(c)} font plus de mal que de bien.`,
      (c) => `Avis impopulaire : il vous faut moins de conseils ${mat(c)}, pas plus.`,
    ],
    story: [
      (c) => `Il y a un an, je me trompais complètement ${mat(c)}. Voici ce qui a changé.`,
      (c) => `Il y a un an, je pensais avoir tout compris ${mat(c)}. Ce n'était pas le cas.`,
    ],
    statistic: [
      (c) => `La règle des 80/20 vaut aussi ${mat(c)} : 20 % du travail fait presque tout le résultat.`,
      (c) => `J'ai tout noté pendant 30 jours ${mat(c)}. 3 choses m'ont frappé.`,
      (c) => `3 chiffres en disent plus long que n'importe quel gourou ${mat(c)}.`,
    ],
    personal: [
      (c) => `Je réfléchissais beaucoup trop ${mat(c)}. Aujourd'hui, tout tient sur une page.`,
      (c) => `Mon avis sincère ${sujet(c)}, après beaucoup d'essais et d'erreurs.`,
    ],
    urgent: [
      (c) => `Avant de passer encore une heure cette semaine ${sujet(c)}, lisez ceci.`,
      (c) => `Commencez aujourd'hui ${mat(c)}, pas le mois prochain.`,
    ],
    curiosity_gap: [
      (c) => `Le plus grand levier ${mat(c)} est celui dont presque personne ne parle :`,
      (c) => `Un détail change tout ${mat(c)}, et ce n'est pas celui qu'on croit…`,
    ],
  },
  insights: [
    (c) => `${cap(mat(c))}, l'essentiel des frictions vient d'étapes floues, pas d'un manque d'effort.`,
    (c) => `${cap(mat(c))}, le progrès vient d'une boucle courte : tester une chose, la mesurer, garder ce qui marche.`,
    (c) => `${cap(mat(c))}, ce sont souvent les bases sautées qui vous bloquent.`,
    (c) => `${cap(mat(c))}, la plupart des conseils sont écrits pour une situation qui n'est pas la vôtre.`,
  ],
  reasons: [
    () => `Les grands chantiers donnent l'impression d'avancer, mais survivent rarement à une semaine chargée.`,
    () => `Les systèmes tiennent les mauvais jours ; la volonté, non.`,
    () => `Quand tout semble urgent, l'important glisse sans bruit.`,
  ],
  advice: [
    (c) =>
      `Prenez la partie qui vous freine le plus et donnez-lui 20 minutes par jour pendant deux semaines, ${mat(c)}.`,
    (c) => `Tenez un journal de deux semaines ${sujet(c)} : ce que vous avez essayé, le temps passé, le résultat.`,
    (c) => `Demandez à quelqu'un qui a un an d'avance ${mat(c)} ce qu'il sauterait s'il recommençait.`,
    () => `Choisissez un seul chiffre pour suivre vos progrès et regardez-le chaque dimanche.`,
  ],
  items: [
    () => `Commencez plus petit que ce qui semble utile.`,
    () => `Suivez un seul chiffre, pas dix.`,
    () => `Chaque vendredi, notez en cinq minutes ce qui a marché.`,
    () => `Supprimez une étape qui n'apporte rien.`,
    () => `Terminez avant de peaufiner.`,
  ],
  domains: {
    money: {
      insights: [
        "Un prix qu'on ne peut pas expliquer en une phrase est un prix que personne ne paiera.",
        "La plupart d'entre nous facturent trop peu au début et augmentent leurs prix bien trop tard.",
      ],
      advice: [
        "Affichez un prix, parlez à dix acheteurs et ne le changez qu'après avoir entendu trois fois la même objection.",
        "Faites payer le résultat que vous livrez, pas les heures qu'il vous coûte.",
      ],
      items: [
        "Ancrez le prix sur la valeur, pas sur vos coûts.",
        "Augmentez d'abord les prix pour les nouveaux clients.",
      ],
    },
    people: {
      insights: [
        "On quitte rarement une équipe pour une seule grande raison, mais pour une douzaine de petites que personne n'a réglées.",
        "Des attentes claires font plus pour une équipe que n'importe quel avantage.",
      ],
      advice: [
        "Écrivez à quoi ressemblent 90 premiers jours réussis avant la prochaine discussion.",
        "Demandez à chacun quel changement lui faciliterait la semaine, puis appliquez-en un.",
      ],
      items: ["Écrivez qui décide.", "Donnez un retour dans la semaine, pas à l'entretien annuel."],
    },
    growth: {
      insights: [
        "La diffusion bat la finition : le post que personne ne voit ne vous apprend rien.",
        "Une promesse claire à un type de lecteur vaut mieux que dix promesses vagues.",
      ],
      advice: [
        "Choisissez un canal, publiez à rythme fixe pendant 30 jours, et seulement ensuite jugez les chiffres.",
        "Réécrivez votre première ligne cinq fois ; c'est elle qui décide si le reste sera lu.",
      ],
      items: ["Écrivez pour un lecteur précis.", "Réutilisez ce qui a marché au lieu de repartir de zéro."],
    },
    craft: {
      insights: [
        "Le chemin ennuyeux et éprouvé bat presque toujours le raccourci malin.",
        "La plupart de la complexité sert à résoudre des problèmes que vous n'avez pas encore.",
      ],
      advice: [
        "Livrez la plus petite version qui fonctionne, puis laissez l'usage réel vous dire quoi corriger.",
        "Écrivez la liste de contrôle que vous auriez aimé avoir, et utilisez-la au prochain projet.",
      ],
      items: ["Supprimez avant d'ajouter.", "Automatisez l'étape que vous avez faite trois fois."],
    },
    health: {
      insights: [
        "La récupération fait partie du travail, ce n'est pas une récompense.",
        "De petites habitudes ennuyeuses battent le grand virage spectaculaire.",
      ],
      advice: [
        "Choisissez une habitude, accrochez-la à un geste quotidien et tenez-la 14 jours.",
        "Protégez d'abord votre sommeil ; presque tout devient plus facile ensuite.",
      ],
      items: ["Marchez dix minutes après le déjeuner.", "Planifiez les jours de repos comme des jours de travail."],
    },
  },
  emotion: {
    curiosity: [
      (c) => `Il y a une raison pour laquelle c'est plus dur que prévu ${mat(c)}, et ce n'est pas celle qu'on imagine.`,
      () => `Le plus intéressant, c'est pourquoi ça marche.`,
    ],
    inspiration: [
      () => `Pas besoin d'être prêt : il faut commencer, et commencer petit compte.`,
      () => `Commencez petit. Ça compte aussi.`,
    ],
    humor: [
      () => `(Mon premier essai était une comédie. Personne n'a ri, moi encore moins.)`,
      () => `(Ne me demandez pas comment je le sais.)`,
    ],
    urgency: [
      () => `Chaque semaine d'attente rend le report plus coûteux.`,
      () => `Attendre coûte toujours plus cher.`,
    ],
    empathy: [
      () => `Si c'est difficile pour vous en ce moment, vous n'êtes pas seul, et ce n'est pas un échec personnel.`,
      () => `Si c'est dur en ce moment, vous n'êtes pas seul.`,
    ],
    surprise: [
      () => `Le plus surprenant : la solution était plus petite que le problème ne le laissait croire.`,
      () => `La solution était plus petite que prévu.`,
    ],
  },
  tone: {
    neutral: {
      ctas: [() => "Qu'est-ce qui a marché pour vous ?", () => "Vous ajouteriez quoi ?"],
      closers: ["De petits pas, répétés, gagnent."],
    },
    warm: {
      ctas: [
        () => "Quel petit pas allez-vous faire cette semaine ?",
        (c) => (c.audience ? `À tous les ${c.audience} : comment ça se passe pour vous ?` : null),
      ],
      closers: ["Soyez indulgent avec vous-même. Un progrès reste un progrès."],
    },
    professional: {
      ctas: [
        () => "Qu'est-ce qui a fonctionné dans votre expérience ?",
        () => "Comment votre équipe aborde-t-elle la question aujourd'hui ?",
      ],
      closers: ["Mesurer, ajuster, recommencer."],
    },
    playful: {
      ctas: [() => "À vous : c'est quoi votre astuce préférée ?", () => "Laquelle vous piquez en premier ?"],
      closers: ["Les petites victoires comptent. Allez en chercher une !"],
    },
    blunt: {
      ctas: [() => "Vous commencez par laquelle aujourd'hui ?", () => "Pas d'accord ? Dites-moi pourquoi."],
      closers: ["Pas de raccourci. Juste de la répétition."],
    },
    witty: {
      ctas: [
        () => "Et vous, c'est quoi votre coup ? Je demande pour un ami.",
        () => "D'accord, pas d'accord, ou légèrement vexé ?",
      ],
      closers: ["Les résultats peuvent varier. Les miens ont varié."],
    },
  },
  pain: [
    (c) => (c.pain ? `La phrase que j'entends le plus : ${quoted(c.pain, "« ", " »")}` : null),
    (c) => (c.pain ? `Si « ${c.pain} » vous parle, vous n'êtes pas seul.` : null),
  ],
  trend: [
    (c) => (c.snippet ? `Une phrase lue cette semaine m'est restée : ${quoted(c.snippet, "« ", " »")}` : null),
    (c) => (c.trend ? `Alors que tout le monde parle de ${c.trend}, c'est plus important que jamais.` : null),
  ],
  audience: [
    (c) => (c.audience ? `Chers ${c.audience}, celui-ci est pour vous.` : null),
    (c) => (c.audience ? `Je le vois tout le temps chez les ${c.audience}.` : null),
  ],
  listIntro: [(c) => `Ce que je ferais ${mat(c)} :`, () => `La liste courte :`],
  details: [
    () => `Donnez-vous deux semaines avant de juger les résultats.`,
    () => `Notez ce que vous attendez ; le bilan reste honnête.`,
    () => `Si ça paraît trop facile, tant mieux : on garde ce qui est facile.`,
    () => `Partagez ce que vous apprenez ; l'expliquer montre les trous.`,
    () => `Ensuite, répétez ce qui a marché et laissez le reste.`,
  ],
};
