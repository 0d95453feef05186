// The experiments panel: each experiment's arms with their engagement rate and always-valid
// interval (a uPlot chart, plus the same numbers in a table), its status and winner; and the
// viral score of recent posts with the arms they got. Self-contained: it loads with the page,
// on Refresh, on a persona change and every minute, like the rest of the dashboard.
import { AuthError, apiJson, getKey } from "./api.js";
import { el, pct } from "./format.js";

/** An element of index.html by id; typed loosely because they are inputs, dialogs and buttons. @type {(id: string) => any} */
const $ = (id) => document.getElementById(id);
const charts = new Map();
const css = (name) => getComputedStyle(document.documentElement).getPropertyValue(name).trim();
const STATUS = { running: "Running", winner: "Winner", no_difference: "No difference", stopped: "Stopped" };

/** Points at each arm's ER with a whisker for its interval; x = arm index. */
function intervalChart(container, exp) {
  charts.get(container.id)?.destroy();
  charts.delete(container.id);
  container.replaceChildren();
  const arms = exp.arms;
  const summary = arms
    .map(
      (a) =>
        `${a.arm} ${pct(a.engagement_rate, 2)}${a.interval ? ` (${pct(a.interval[0], 2)}–${pct(a.interval[1], 2)})` : ""}`,
    )
    .join(", ");
  container.setAttribute("aria-label", `Engagement rate by arm: ${summary}`);
  if (typeof uPlot === "undefined")
    return container.append(el("p", { class: "empty", text: "Charts unavailable (chart library failed to load)." }));
  const xs = arms.map((_, i) => i);
  const ers = arms.map((a) => a.engagement_rate);
  const lo = arms.map((a) => a.interval?.[0] ?? a.engagement_rate);
  const hi = arms.map((a) => a.interval?.[1] ?? a.engagement_rate);
  const finite = [...lo, ...hi].filter((v) => v != null);
  const top = finite.length ? Math.max(...finite) : 0.1;
  const bottom = finite.length ? Math.max(0, Math.min(...finite)) : 0;
  const pad = (top - bottom) * 0.15 || 0.01;
  const whiskers = (u) => {
    const ctx = u.ctx;
    ctx.save();
    ctx.strokeStyle = css("--accent");
    ctx.lineWidth = 2 * devicePixelRatio;
    arms.forEach((a, i) => {
      if (!a.interval) return;
      const x = u.valToPos(i, "x", true);
      const y0 = u.valToPos(Math.max(u.scales.y.min, a.interval[0]), "y", true);
      const y1 = u.valToPos(Math.min(u.scales.y.max, a.interval[1]), "y", true);
      const w = 8 * devicePixelRatio;
      ctx.beginPath();
      ctx.moveTo(x, y0);
      ctx.lineTo(x, y1);
      ctx.moveTo(x - w, y0);
      ctx.lineTo(x + w, y0);
      ctx.moveTo(x - w, y1);
      ctx.lineTo(x + w, y1);
      ctx.stroke();
    });
    ctx.restore();
  };
  const opts = {
    width: Math.max(260, container.clientWidth),
    height: 200,
    legend: { show: false },
    cursor: { show: false },
    scales: {
      x: { time: false, range: [-0.6, arms.length - 0.4] },
      y: { range: [Math.max(0, bottom - pad), top + pad] },
    },
    axes: [
      {
        stroke: css("--muted"),
        grid: { show: false },
        ticks: { show: false },
        splits: () => xs,
        values: (_u, v) => v.map((i) => arms[i]?.arm ?? ""),
      },
      {
        stroke: css("--muted"),
        grid: { stroke: css("--grid") },
        ticks: { show: false },
        values: (_u, v) => v.map((x) => pct(x, 1)),
        size: 56,
      },
    ],
    series: [
      {},
      {
        label: "Engagement rate",
        stroke: css("--accent"),
        width: 0,
        points: { show: true, size: 10, fill: css("--accent") },
        paths: () => null,
      },
    ],
    hooks: { draw: [whiskers] },
  };
  charts.set(container.id, new uPlot(opts, [xs, ers], container));
}

function experimentCard(exp, i) {
  const d = exp.decision;
  const chart = el("div", { class: "chart exp-chart", id: `exp-chart-${i}`, role: "img" });
  const rows = exp.arms.map((a) =>
    el(
      "tr",
      { "data-arm": a.arm },
      el("th", { scope: "row", text: a.arm + (d.winner === a.arm ? " ★" : "") }),
      el("td", { class: "num", text: String(a.posts) }),
      el("td", { class: "num", text: pct(a.engagement_rate, 2) }),
      el("td", { class: "num", text: a.interval ? `${pct(a.interval[0], 2)} – ${pct(a.interval[1], 2)}` : "—" }),
      el("td", { class: "num", text: pct(a.chance_to_be_best, 0) }),
      el("td", { class: "num", text: pct(a.weight, 0) }),
    ),
  );
  const srm = d.srm?.flagged
    ? el("p", {
        class: "exp-srm",
        text: `Sample-ratio mismatch (p = ${d.srm.p_value.toExponential(1)}): the split is broken, no winner until it is explained.`,
      })
    : null;
  return el(
    "article",
    { class: "exp", "data-testid": "experiment", "data-id": exp.id },
    el(
      "header",
      { class: "card-h" },
      el("h3", { text: exp.name }),
      el("span", {
        class: `badge exp-${exp.status}`,
        "data-testid": "experiment-status",
        text: STATUS[exp.status] ?? exp.status,
      }),
    ),
    el("p", {
      class: "hint",
      text: `${exp.dimension} · ${exp.persona_id ?? "every persona"} · ${exp.policy} · ER at ${exp.metric.window_hours} h · min ${exp.min_posts_per_arm} posts/arm`,
    }),
    el("p", {
      class: "exp-decision",
      "data-testid": "experiment-decision",
      text: d.winner ? `Winner: ${d.winner} (p = ${d.p_value?.toPrecision(2)})` : (d.reason ?? ""),
    }),
    chart,
    // Six columns do not fit a phone: the table scrolls inside its wrapper, like the others.
    el(
      "div",
      { class: "table-wrap" },
      el(
        "table",
        { class: "posts exp-arms" },
        el(
          "thead",
          {},
          el(
            "tr",
            {},
            ...["Arm", "Posts", "ER", "Interval", "Best", "Share"].map((h, k) =>
              el("th", { scope: "col", class: k ? "num" : null, text: h }),
            ),
          ),
        ),
        el("tbody", {}, ...rows),
      ),
    ),
    srm,
  );
}

const rho = (x) => (x == null ? "—" : x.toFixed(2));

/** What the persona's learned score knows (GET …/score-model): posts fitted, gate use, held-out fit. */
function renderScoreModel(persona, m) {
  const box = $("score-model");
  if (!box) return;
  if (!persona || !m) {
    box.textContent = "Pick a persona to see what its score learned from its own posts' engagement.";
    return;
  }
  const l = m.learned;
  const h = l.held_out;
  const fitText = h.n_test
    ? ` Held out (its latest ${h.n_test} posts, fitted on the ${h.n_train} before): Spearman ${rho(h.spearman)} vs length alone ${rho(h.length_only_spearman)}, prior alone ${rho(h.prior_spearman)}.`
    : "";
  box.textContent =
    `Learned score of ${persona}: fitted on ${l.n} posts with metrics (published and imported); ` +
    `${l.used_by_gate ? "the quality gate uses it" : `the gate uses it from ${l.min_posts} posts`}.${fitText}`;
}

function renderScores(posts) {
  const body = $("post-scores");
  if (posts.length === 0)
    return body.replaceChildren(el("tr", {}, el("td", { colspan: "5", class: "empty", text: "No posts yet." })));
  body.replaceChildren(
    ...posts.map((p) =>
      el(
        "tr",
        { "data-post": p.id },
        el(
          "td",
          { class: "post-text" },
          (p.hook || p.text).slice(0, 80),
          p.origin === "imported" ? el("span", { class: "badge badge-imported", text: "imported" }) : null,
        ),
        el("td", { class: "num", text: p.score ? p.score.score.toFixed(2) : "—" }),
        el("td", { class: "num", text: p.score ? pct(p.score.predicted_engagement_rate, 2) : "—" }),
        el("td", {
          class: "num",
          text: p.score?.measured_engagement_rate == null ? "—" : pct(p.score.measured_engagement_rate, 2),
        }),
        el("td", { text: p.experiments.map((e) => `${e.dimension}: ${e.arm}`).join(", ") || "—" }),
      ),
    ),
  );
}

let loading = false;
async function load() {
  if (!getKey() || loading || !$("experiments")) return;
  loading = true;
  const persona = $("persona")?.value ?? "";
  const q = persona ? `&persona_id=${encodeURIComponent(persona)}` : "";
  try {
    const [exps, posts, model] = await Promise.all([
      apiJson(`/v1/experiments?limit=20${q}`),
      apiJson(`/v1/posts?limit=10${q}`),
      persona ? apiJson(`/v1/personas/${encodeURIComponent(persona)}/score-model`) : Promise.resolve(null),
    ]);
    renderScoreModel(persona, model);
    const list = $("experiments");
    list.replaceChildren(
      ...(exps.data.length
        ? exps.data.map(experimentCard)
        : [el("p", { class: "empty", text: "No experiments yet. Start one with POST /v1/experiments." })]),
    );
    for (const [i, e] of exps.data.entries()) intervalChart($(`exp-chart-${i}`), e);
    renderScores(posts.data);
    $("experiments-error").textContent = "";
  } catch (e) {
    if (!(e instanceof AuthError)) $("experiments-error").textContent = `Experiments failed to load: ${e.message}`;
  } finally {
    loading = false;
  }
}

$("refresh")?.addEventListener("click", load);
$("persona")?.addEventListener("change", load);
$("key-form")?.addEventListener("submit", () => setTimeout(load, 0));
setInterval(() => document.visibilityState === "visible" && load(), 60_000);
load();
