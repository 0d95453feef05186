import { AuthError, apiJson, forgetKey, getKey, setKey, setUnauthorizedHandler, takeKeyFromFragment } from "./api.js";
import { renderCostChart, renderEngagementChart, resizeCharts } from "./charts.js";
import { ago, el, num, pct, STATUS_TEXT, status, usd } from "./format.js";
import { watchTask } from "./task.js";

const $ = (id) => document.getElementById(id);
const state = { persona: "", window: "7d", personas: [], loading: false };

// ---- key handling ---------------------------------------------------------------------------
function askForKey(message) {
  const dialog = $("key-dialog");
  if (message) $("key-msg").textContent = message;
  if (!dialog.open) dialog.showModal();
  $("key-input").focus();
}
$("key-form").addEventListener("submit", () => {
  const key = $("key-input").value.trim();
  if (!key) return;
  setKey(key);
  $("key-input").value = "";
  loadAll();
});
$("key-dialog").addEventListener("cancel", (e) => e.preventDefault()); // nothing works without a key
setUnauthorizedHandler(askForKey);

// ---- sections -------------------------------------------------------------------------------
const qs = (params) => {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v) p.set(k, v);
  const s = p.toString();
  return s ? `?${s}` : "";
};

function tile({ label, value, goalText, state: st, sub }) {
  return el(
    "div",
    { class: `tile ${st ? `tile-${st}` : ""}`, "data-testid": "kpi-tile" },
    el("div", { class: "tile-label", text: label }),
    el("div", { class: "tile-value", text: value }),
    goalText ? el("div", { class: "tile-goal" }, el("span", { class: `dot dot-${st}`, "aria-hidden": "true" }), `${STATUS_TEXT[st]} · ${goalText}`) : null,
    sub ? el("div", { class: "tile-sub", text: sub }) : null,
  );
}

function renderTiles(k) {
  const g = k.goals;
  const er = status("higher", k.engagement_rate, g.engagement_rate);
  const cpf = status("lower", k.cost_per_follow_usd, g.cost_per_follow_usd);
  const rev = status("higher", k.revenue_projection_monthly_usd, g.revenue_monthly_usd);
  $("tiles").replaceChildren(
    tile({ label: "Engagement rate", value: pct(k.engagement_rate, 2), goalText: `goal ${pct(g.engagement_rate, 0)}`, state: er, sub: `${num(k.inputs?.interactions)} interactions / ${num(k.inputs?.views)} views` }),
    tile({ label: "Cost per follow", value: usd(k.cost_per_follow_usd), goalText: `goal ${usd(g.cost_per_follow_usd)}`, state: cpf, sub: `${usd(k.cost_usd)} LLM spend` }),
    tile({ label: "Monthly revenue", value: usd(k.revenue_projection_monthly_usd), goalText: `goal ${usd(g.revenue_monthly_usd)}`, state: rev, sub: revenueSub(k) }),
    tile({ label: "Followers gained", value: k.followers_gained == null ? "—" : `${k.followers_gained >= 0 ? "+" : ""}${num(k.followers_gained)}`, sub: `last ${k.window.days} days` }),
    tile({ label: "Posts published", value: num(k.posts_published), sub: `last ${k.window.days} days` }),
  );
}

function revenueSub(k) {
  const m = k.inputs?.revenue?.model;
  if (!m) return "";
  const how = m.kind === "per_follower" ? `$${m.monthly_value_per_follower_usd}/follower/month` : `${pct(m.conversion_rate, 1)} × $${m.price_usd} on ${m.basis ?? "views"}`;
  return `projected · ${how}`;
}

function renderPosts(posts) {
  const body = $("posts");
  if (posts.length === 0) {
    body.replaceChildren(el("tr", {}, el("td", { colspan: 7, class: "empty", text: "No posts yet. Generate one above." })));
    return;
  }
  body.replaceChildren(
    ...posts.map((p) => {
      const m = p.metrics;
      const text = p.hook || p.text || "(empty)";
      return el(
        "tr",
        {},
        el("td", { class: "post-text", title: p.text ?? "" }, text.length > 110 ? `${text.slice(0, 110)}…` : text),
        el("td", { text: p.persona_id }),
        el("td", {}, el("span", { class: `badge badge-${p.status}`, text: p.status })),
        el("td", { text: p.published_at ? ago(p.published_at) : "—", title: p.published_at ? new Date(p.published_at).toISOString() : "" }),
        el("td", { class: "num", text: m ? num(m.views) : "—" }),
        el("td", { class: "num", text: m ? pct(m.engagement_rate, 2) : "—" }),
        el("td", { class: "num", text: usd(p.cost_usd) }),
      );
    }),
  );
}

function renderAlerts(alerts) {
  $("alerts-count").textContent = alerts.length === 0 ? "" : `${alerts.length} firing`;
  if (alerts.length === 0) {
    $("alerts").replaceChildren(el("li", { class: "empty ok", text: "All clear: nothing is firing." }));
    return;
  }
  $("alerts").replaceChildren(
    ...alerts.map((a) =>
      el(
        "li",
        { class: `alert alert-${a.severity}` },
        el("span", { class: `badge sev-${a.severity}`, text: a.severity }),
        el("div", { class: "alert-body" }, el("div", { text: a.summary }), el("div", { class: "hint", text: `${a.rule} · fired ${ago(a.first_fired_at)}` })),
        el("button", { class: "ghost small", type: "button", "aria-label": `Acknowledge: ${a.summary}`, onclick: () => ack(a.id) }, "Ack"),
      ),
    ),
  );
}

async function ack(id) {
  try {
    await apiJson(`/v1/alerts/${encodeURIComponent(id)}/ack`, { method: "POST" });
    setStatus("Alert acknowledged.");
    await section("alerts", loadAlerts);
  } catch (e) {
    if (!(e instanceof AuthError)) setStatus(`Could not acknowledge: ${e.message}`, true);
  }
}

function renderPersonas() {
  const opts = state.personas.map((p) => el("option", { value: p.id, text: p.name || p.id }));
  $("persona").replaceChildren(el("option", { value: "", text: "All personas" }), ...opts.map((o) => o.cloneNode(true)));
  $("persona").value = state.persona;
  $("task-persona").replaceChildren(...opts);
  $("task-submit").disabled = opts.length === 0;
  if (opts.length === 0) $("task-persona").append(el("option", { value: "", text: "No personas yet" }));
}

// ---- loading --------------------------------------------------------------------------------
function setStatus(text, isError = false) {
  $("status").textContent = text;
  $("status").classList.toggle("error", isError);
}

const loadKpis = async () => renderTiles(await apiJson(`/v1/kpis${qs({ persona_id: state.persona, window: state.window })}`));
async function loadSeries() {
  const { days } = await apiJson(`/v1/kpis/timeseries${qs({ persona_id: state.persona, window: state.window })}`);
  renderEngagementChart($("chart-engagement"), days, 0.06);
  renderCostChart($("chart-cost"), days);
}
const loadPosts = async () => renderPosts((await apiJson(`/v1/posts${qs({ limit: "20", persona_id: state.persona })}`)).data);
const loadAlerts = async () => renderAlerts((await apiJson("/v1/alerts?status=firing")).data);
async function loadPersonas() {
  state.personas = (await apiJson("/v1/personas")).data;
  renderPersonas();
}

// Each section fails on its own: one broken endpoint must not blank the whole page.
const failures = new Map();
async function section(name, load) {
  try {
    await load();
    failures.delete(name);
  } catch (e) {
    if (e instanceof AuthError) throw e;
    failures.set(name, e.message);
  }
}

async function loadAll() {
  if (!getKey()) return askForKey();
  if (state.loading) return;
  state.loading = true;
  setStatus("Loading…");
  try {
    await Promise.all([
      section("personas", loadPersonas),
      section("KPIs", loadKpis),
      section("charts", loadSeries),
      section("posts", loadPosts),
      section("alerts", loadAlerts),
    ]);
    setStatus(
      failures.size === 0 ? `Updated ${new Date().toLocaleTimeString()}` : `Some data failed to load: ${[...failures].map(([k, v]) => `${k} (${v})`).join("; ")}`,
      failures.size > 0,
    );
  } catch (e) {
    if (!(e instanceof AuthError)) setStatus(e.message, true);
    else setStatus("Waiting for an API key.");
  } finally {
    state.loading = false;
  }
}

// ---- wiring ---------------------------------------------------------------------------------
$("persona").addEventListener("change", (e) => {
  state.persona = e.target.value;
  loadAll();
});
for (const radio of document.querySelectorAll('input[name="window"]')) {
  radio.addEventListener("change", (e) => {
    state.window = e.target.value;
    loadAll();
  });
}
$("refresh").addEventListener("click", loadAll);
$("signout").addEventListener("click", () => {
  forgetKey();
  askForKey("Key forgotten. Enter an API key to continue.");
});
$("task-form").addEventListener("submit", (e) => {
  e.preventDefault();
  watchTask({ personaId: $("task-persona").value, topic: $("task-topic").value.trim(), onDone: () => section("posts", loadPosts) });
});

let resizeTimer;
new ResizeObserver(() => {
  clearTimeout(resizeTimer);
  resizeTimer = setTimeout(resizeCharts, 100);
}).observe(document.querySelector("main"));

// Refresh every minute while the tab is visible; a hidden tab costs nothing.
setInterval(() => document.visibilityState === "visible" && loadAll(), 60_000);
document.addEventListener("visibilitychange", () => document.visibilityState === "visible" && loadAll());

takeKeyFromFragment();
// uPlot is a deferred classic script; modules run after it, so it is ready here.
loadAll();
