// score <text>, score-model <persona>: the viral score of a text and what a persona's score learned
// (POST /v1/score, GET /v1/personas/:id/score-model; docs/score.md).
import { bold, dim, fields, num, pct, when } from "../render.mjs";

const e = encodeURIComponent;
const rho = (x) => (x == null ? "—" : x.toFixed(3));

const showScore = (s) =>
  fields([
    ["score", `${bold(s.score.toFixed(3))} ${s.passes_gate ? "passes" : "fails"} the gate (threshold ${s.threshold})`],
    ["predicted ER", pct(s.predicted_engagement_rate)],
    ["model", s.model === "learned" ? "learned (this persona's own engagement)" : "features"],
    [
      "learned model",
      s.learned
        ? `${s.learned.score.toFixed(3)}, predicted ER ${pct(s.learned.predicted_engagement_rate)} ${dim(`(fitted on ${num(s.learned.n)} posts${s.learned.used_by_gate ? "" : ", not used by the gate yet"})`)}`
        : undefined,
    ],
  ]);

const showModel = (m) => {
  const l = m.learned;
  const h = l.held_out;
  return fields([
    ["persona", bold(m.persona_id)],
    [
      "learned model",
      `${num(l.n)} posts with metrics (the gate uses it from ${num(l.min_posts)}: ${l.used_by_gate ? "yes" : "not yet"})`,
    ],
    ["trained", when(l.trained_at)],
    ["typical ER", pct(l.baseline_engagement_rate)],
    [
      "held out",
      h.n_test
        ? `Spearman ${rho(h.spearman)} vs length-only ${rho(h.length_only_spearman)}, prior alone ${rho(h.prior_spearman)} ${dim(`(train ${num(h.n_train)}, test ${num(h.n_test)}: the latest posts)`)}`
        : dim("not enough posts yet"),
    ],
    [
      "features model",
      `${num(m.measured_posts)} measured posts, Spearman ${rho(m.spearman)} (predicted at writing vs measured)`,
    ],
  ]);
};

export function registerScore(program, ctx) {
  program
    .command("score <text>")
    .description("the viral score of a text, and whether it passes the quality gate")
    .option("--persona <id>", "score with this persona's learned model and threshold")
    .action(async (text, o) => {
      const { client, print } = ctx();
      const body = { text, ...(o.persona ? { persona_id: o.persona } : {}) };
      print(await client.call("POST", "/v1/score", { body }), showScore);
    });

  program
    .command("score-model <persona>")
    .description("what the persona's score learned: posts fitted, held-out Spearman vs length alone")
    .action(async (persona) => {
      const { client, print } = ctx();
      print(await client.call("GET", `/v1/personas/${e(persona)}/score-model`), showModel);
    });
}
