import { AuthError, apiJson } from "./api.js";
import { ago, el, num, pct, usd } from "./format.js";

// The post detail view: full text, facts, the task's steps with timings, score and experiment
// arms (when the API sends them), metrics over time, and the actions the post's status allows.
/** An element of index.html by id; typed loosely because they are inputs, dialogs and buttons. @type {(id: string) => any} */
const $ = (id) => document.getElementById(id);
const e = encodeURIComponent;
/** @type {(message?: string) => void} */
let onChanged = () => {};
let currentId = null;

const when = (iso) => (iso ? `${new Date(iso).toLocaleString()} (${ago(iso)})` : "—");
const took = (ms) => (ms == null ? "—" : ms < 1000 ? `${ms} ms` : `${(ms / 1000).toFixed(1)} s`);
// A score is {score, predicted_engagement_rate, measured_engagement_rate} (issue 11); a bare number is shown as is.
function scoreText(s) {
  if (s == null) return null;
  if (typeof s === "number") return s.toFixed(2);
  if (typeof s.score !== "number") return null;
  const predicted = s.predicted_engagement_rate != null ? ` · predicted ER ${pct(s.predicted_engagement_rate, 2)}` : "";
  const measured = s.measured_engagement_rate != null ? ` · measured ${pct(s.measured_engagement_rate, 2)}` : "";
  return `${s.score.toFixed(2)}${predicted}${measured}`;
}

function facts(p) {
  const rows = [
    ["Status", el("span", { class: `badge badge-${p.status}`, text: p.status })],
    p.origin === "imported"
      ? ["Origin", "imported from the account's history: never published or paid for by this service"]
      : null,
    ["Persona", p.persona_id],
    ["Topic", p.topic ?? "—"],
    p.sources?.length
      ? [
          "Written from",
          el(
            "span",
            {},
            ...p.sources.flatMap((src, i) => [
              i > 0 ? " · " : null,
              src.url
                ? el("a", { href: src.url, target: "_blank", rel: "noopener noreferrer", text: src.title ?? src.url })
                : (src.title ?? "notes"),
            ]),
          ),
        ]
      : null,
    ["Created", when(p.created_at)],
    p.scheduled_at && p.status !== "published" ? ["Scheduled for", when(p.scheduled_at)] : null,
    p.published_at ? ["Published", when(p.published_at)] : null,
    p.threads?.permalink
      ? [
          "On Threads",
          el("a", {
            href: p.threads.permalink,
            target: "_blank",
            rel: "noopener noreferrer",
            text: p.threads.permalink,
          }),
        ]
      : null,
    ["Cost", `${usd(p.usage?.cost_usd)} · ${num(p.usage?.prompt_tokens)} + ${num(p.usage?.completion_tokens)} tokens`],
    scoreText(p.score) ? ["Score", scoreText(p.score)] : null,
    p.experiments?.length
      ? ["Experiment arms", p.experiments.map((x) => `${x.dimension}: ${x.arm}`).join(" · ")]
      : null,
    p.error ? ["Error", p.error] : null,
  ].filter(Boolean);
  return el(
    "dl",
    { class: "facts", "data-testid": "post-facts" },
    ...rows.flatMap(([k, v]) => [el("dt", { text: k }), el("dd", {}, v)]),
  );
}

function stepsTable(task) {
  if (!task) return el("p", { class: "hint", text: "No task recorded for this post." });
  return el(
    "div",
    { class: "table-wrap" },
    el(
      "table",
      { class: "posts", "data-testid": "post-steps" },
      el(
        "thead",
        {},
        el("tr", {}, ...["Step", "Status", "Took", "Attempt"].map((h) => el("th", { scope: "col", text: h }))),
      ),
      el(
        "tbody",
        {},
        ...task.steps.map((s) =>
          el(
            "tr",
            { "data-step": s.name },
            el("td", { text: s.name.replace(/_/g, " ") }),
            el("td", { text: s.error ? `${s.status}: ${s.error}` : s.status }),
            el("td", { class: "num", text: took(s.duration_ms) }),
            el("td", { class: "num", text: String(s.attempt) }),
          ),
        ),
      ),
    ),
  );
}

function metricsTable(series) {
  if (series.length === 0)
    return el("p", {
      class: "hint",
      "data-testid": "post-metrics-empty",
      text: "No insights yet: Threads is polled 15 min after publishing, then on a schedule.",
    });
  return el(
    "div",
    { class: "table-wrap" },
    el(
      "table",
      { class: "posts", "data-testid": "post-metrics" },
      el(
        "thead",
        {},
        el(
          "tr",
          {},
          ...["Captured", "Views", "Likes", "Replies", "Reposts", "Engagement"].map((h, i) =>
            el("th", { scope: "col", class: i ? "num" : "", text: h }),
          ),
        ),
      ),
      el(
        "tbody",
        {},
        ...series.map((m) =>
          el(
            "tr",
            {},
            el("td", { text: new Date(m.captured_at).toLocaleString() }),
            el("td", { class: "num", text: num(m.views) }),
            el("td", { class: "num", text: num(m.likes) }),
            el("td", { class: "num", text: num(m.replies) }),
            el("td", { class: "num", text: num(m.reposts) }),
            el("td", { class: "num", text: pct(m.engagement_rate, 2) }),
          ),
        ),
      ),
    ),
  );
}

// datetime-local is in the browser's zone; the API wants an instant with an offset.
const localInputValue = (d) => new Date(d.getTime() - d.getTimezoneOffset() * 60_000).toISOString().slice(0, 16);

function actions(p) {
  const can = (...statuses) => statuses.includes(p.status);
  const box = el("div", { class: "actions", "data-testid": "post-actions" });
  const button = (label, action, cls = "") =>
    el("button", { type: "button", class: cls, "data-action": action, onclick: () => run(action, p) }, label);
  if (can("draft", "failed")) box.append(button("Approve: next free slot", "approve"));
  if (can("draft", "scheduled", "failed")) box.append(button("Publish now", "publish"));
  if (can("scheduled")) box.append(button("Unschedule", "unschedule", "ghost"));
  if (can("draft", "scheduled", "failed")) {
    const at = el("input", {
      type: "datetime-local",
      id: "post-at",
      "aria-label": "Schedule at (your local time)",
      value: localInputValue(
        new Date(p.scheduled_at && p.status === "scheduled" ? p.scheduled_at : Date.now() + 3_600_000),
      ),
    });
    box.append(el("span", { class: "schedule-at" }, at, button("Schedule", "schedule", "ghost")));
  }
  if (!can("publishing"))
    box.append(
      button(p.status === "published" ? "Delete here (stays on Threads)" : "Delete", "delete", "ghost danger"),
    );
  return box;
}

function say(text, bad = false) {
  $("post-msg").textContent = text;
  $("post-msg").className = `task-result ${bad ? "bad" : "ok"}`;
}

async function run(action, p) {
  const id = e(p.id);
  try {
    if (action === "delete") {
      const btn = /** @type {HTMLElement} */ (document.querySelector('#post-body [data-action="delete"]'));
      // Two clicks instead of confirm(): no blocking native dialog, and no deletion by a stray click.
      if (btn.dataset.armed !== "1") {
        btn.dataset.armed = "1";
        btn.textContent = "Click again to delete";
        return;
      }
      await apiJson(`/v1/posts/${id}`, { method: "DELETE" });
      $("post-dialog").close();
      onChanged(`Deleted post ${p.id}.`);
      return;
    }
    let updated;
    if (action === "publish") updated = await apiJson(`/v1/posts/${id}/publish`, { method: "POST" });
    if (action === "unschedule") updated = await apiJson(`/v1/posts/${id}/schedule`, { method: "DELETE" });
    if (action === "schedule" || action === "approve") {
      let at;
      if (action === "approve") {
        const { slots } = await apiJson(`/v1/personas/${e(p.persona_id)}/schedule`);
        at = slots.find((s) => s.post_id === null)?.at;
        if (!at) throw new Error(`persona ${p.persona_id} has no free slot; pick a time and press Schedule`);
      } else {
        const value = $("post-at").value;
        if (!value) throw new Error("pick a date and time first");
        at = new Date(value).toISOString();
      }
      updated = await apiJson(`/v1/posts/${id}/schedule`, { method: "POST", body: JSON.stringify({ at }) });
    }
    await render(updated ?? p);
    say(
      action === "publish"
        ? "Queued for publishing."
        : action === "unschedule"
          ? "Unscheduled: it is a draft again."
          : `Scheduled for ${new Date(updated.scheduled_at).toLocaleString()}.`,
    );
    onChanged();
  } catch (err) {
    if (!(err instanceof AuthError)) say(`Could not ${action}: ${err.message}`, true);
  }
}

async function render(post) {
  const [task, metrics] = await Promise.all([
    post.task_id ? apiJson(`/v1/tasks/${e(post.task_id)}`).catch(() => null) : null,
    apiJson(`/v1/posts/${e(post.id)}/metrics`),
  ]);
  if (currentId !== post.id) return;
  $("post-h").textContent = post.hook || "Post";
  $("post-body").replaceChildren(
    el("p", { class: "post-full", "data-testid": "post-text", text: post.text }),
    facts(post),
    actions(post),
    el("p", { id: "post-msg", class: "task-result", "aria-live": "polite" }),
    el("h3", { text: "Pipeline steps" }),
    stepsTable(task),
    el("h3", { text: "Metrics over time" }),
    metricsTable(metrics.data),
  );
}

export function setPostChangedHandler(fn) {
  onChanged = fn;
}

export async function openPost(id) {
  currentId = id;
  const dialog = $("post-dialog");
  $("post-h").textContent = "Loading…";
  $("post-body").replaceChildren();
  if (!dialog.open) dialog.showModal();
  try {
    await render(await apiJson(`/v1/posts/${e(id)}`));
  } catch (err) {
    if (!(err instanceof AuthError))
      $("post-body").replaceChildren(
        el("p", { class: "task-result bad", text: `Could not load post ${id}: ${err.message}` }),
      );
  }
}
