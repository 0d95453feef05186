// Which field a topic belongs to, from its words in any of the native languages, so the
// writer can add what is specific to that field instead of generic productivity advice.
import type { Domain } from "./offline-phrasebook.ts";

// Word prefixes (lower case): "pric" matches pricing, prices, priced; "precio" precios.
const DOMAIN_STEMS: ReadonlyArray<[Exclude<Domain, "general">, readonly string[]]> = [
  ["money", ["pric", "saas", "revenue", "sales", "sell", "invoice", "fundrais", "seed", "investor", "budget", "financ", "money",
    "salar", "raise", "debt", "mrr", "churn", "discount", "precio", "venta", "dinero", "factur", "finanz", "preis", "verkauf",
    "geld", "gehalt", "prix", "tarif", "vente", "argent", "salaire", "preço", "precific", "vendas", "dinheiro", "salário", "cobrar"]],
  ["people", ["hir", "recruit", "team", "manag", "leader", "office", "remote", "interview", "onboard", "employee", "culture",
    "meeting", "retro", "layoff", "mandate", "equipo", "contrat", "oficina", "remoto", "liderazgo", "team", "führung", "büro",
    "einstell", "homeoffice", "équipe", "recrut", "bureau", "télétravail", "equipe", "contrata", "escritório", "liderança"]],
  ["growth", ["market", "growth", "newsletter", "audience", "content", "brand", "post", "seo", "launch", "social", "linkedin",
    "threads", "outreach", "email", "podcast", "followers", "creator", "crecimiento", "contenido", "audiencia", "marca",
    "wachstum", "inhalt", "reichweite", "croissance", "contenu", "audience", "crescimento", "conteúdo", "audiência"]],
  ["craft", ["code", "coding", "typescript", "javascript", "react", "rust", "python", "kubernetes", "engineer", "software",
    "design", "figma", "ux", "api", "data", "devops", "testing", "open source", "programa", "código", "diseño", "entwickl",
    "programm", "développ", "conception", "logiciel", "desenvolv", "programação"]],
  ["health", ["burnout", "sleep", "fitness", "training", "marathon", "run", "stress", "anxiety", "health", "meal", "protein",
    "strength", "yoga", "habit", "wellbeing", "mental", "sueño", "salud", "entren", "estrés", "ansiedad", "schlaf", "gesund",
    "training", "sommeil", "santé", "stress", "sono", "saúde", "treino", "ansiedade", "esgotamento", "agotamiento"]],
];

export function domainOf(keywords: readonly string[]): Domain {
  const words = keywords.map((k) => k.toLowerCase());
  let best: { d: Domain; hits: number } = { d: "general", hits: 0 };
  for (const [domain, stems] of DOMAIN_STEMS) {
    const hits = words.filter((w) => stems.some((s) => w.startsWith(s) || w === s)).length;
    if (hits > best.hits) best = { d: domain, hits };
  }
  return best.d;
}
