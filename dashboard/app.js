import { AuthError, apiJson, forgetKey, getKey, setKey, setUnauthorizedHandler, takeKeyFromFragment } from "./api.js";
import { renderCostChart, renderEngagementChart, resizeCharts } from "./charts.js";
import { el } from "./format.js";
import { watchTask } from "./task.js";
import { openPost, setPostChangedHandler } from "./post-detail.js";
import { renderAlerts, renderPersonaList, renderPosts, renderTiles } from "./views.js";
import { loadSources, setSourcesMessageHandler } from "./sources.js";

/** An element of index.html by id; typed loosely because they are inputs, dialogs and buttons. @type {(id: string) => any} */
const $ = (id) => document.getElementById(id);
const state = { persona: "", window: "7d", personas: [], loading: false, again: false };

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
  // Names can repeat; the id is what the API (and the CLI) use, so both are shown.
  const opts = state.personas.map((p) =>
    el("option", { value: p.id, text: p.name && p.name !== p.id ? `${p.name} (${p.id})` : p.id }),
  );
  $("persona").replaceChildren(
    el("option", { value: "", text: "All personas" }),
    ...opts.map((o) => o.cloneNode(true)),
  );
  $("persona").value = state.persona;
  // Keep the operator's choice across refreshes; otherwise follow the persona filter.
  const chosen = $("task-persona").value || state.persona;
  $("task-persona").replaceChildren(...opts);
  if (state.personas.some((p) => p.id === chosen)) $("task-persona").value = chosen;
  $("task-submit").disabled = opts.length === 0;
  if (opts.length === 0) $("task-persona").append(el("option", { value: "", text: "No personas yet" }));
  renderPersonaList(state.personas);
}

// ---- loading --------------------------------------------------------------------------------
function setStatus(text, isError = false) {
  $("status").textContent = text;
  $("status").classList.toggle("error", isError);
}
setSourcesMessageHandler(setStatus);

const loadKpis = async () =>
  renderTiles(await apiJson(`/v1/kpis${qs({ persona_id: state.persona, window: state.window })}`));
async function loadSeries() {
  const { days } = await apiJson(`/v1/kpis/timeseries${qs({ persona_id: state.persona, window: state.window })}`);
  renderEngagementChart($("chart-engagement"), days, 0.06);
  renderCostChart($("chart-cost"), days);
}
const loadPosts = async () =>
  renderPosts((await apiJson(`/v1/posts${qs({ limit: "20", persona_id: state.persona })}`)).data, openPost);
setPostChangedHandler(async (message) => {
  await section("posts", loadPosts);
  if (message) setStatus(message);
});
const loadAlerts = async () => renderAlerts((await apiJson("/v1/alerts?status=firing")).data, ack);
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
  // A filter change during a load must not be dropped: load once more when this one ends.
  if (state.loading) {
    state.again = true;
    return;
  }
  state.loading = true;
  state.again = false;
  setStatus("Loading…");
  try {
    await Promise.all([
      section("personas", loadPersonas),
      section("KPIs", loadKpis),
      section("charts", loadSeries),
      section("posts", loadPosts),
      section("alerts", loadAlerts),
      section("sources", () => loadSources(state.persona)),
    ]);
    setStatus(
      failures.size === 0
        ? `Updated ${new Date().toLocaleTimeString()}`
        : `Some data failed to load: ${[...failures].map(([k, v]) => `${k} (${v})`).join("; ")}`,
      failures.size > 0,
    );
  } catch (e) {
    if (!(e instanceof AuthError)) setStatus(e.message, true);
    else setStatus("Waiting for an API key.");
  } finally {
    state.loading = false;
    if (state.again) loadAll();
  }
}

// ---- wiring ---------------------------------------------------------------------------------
$("persona").addEventListener("change", (e) => {
  state.persona = e.target.value;
  // Drafts are usually wanted for the persona being looked at.
  if (state.persona) $("task-persona").value = state.persona;
  loadAll();
});
for (const radio of document.querySelectorAll('input[name="window"]')) {
  radio.addEventListener("change", (e) => {
    state.window = /** @type {HTMLInputElement} */ (e.target).value;
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
  watchTask({
    personaId: $("task-persona").value,
    topic: $("task-topic").value.trim(),
    onDone: () => section("posts", loadPosts),
  });
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
