import { ago, el, num, pct, STATUS_TEXT, status, usd } from "./format.js";

// Rendering of the KPI tiles, the posts table and the alerts list (pure DOM, no state).
/** An element of index.html by id; typed loosely because they are inputs, dialogs and buttons. @type {(id: string) => any} */
const $ = (id) => document.getElementById(id);

/** @param {{ label: string, value: string, goalText?: string, state?: string, sub?: string }} t */
function tile({ label, value, goalText, state: st, sub }) {
  return el(
    "div",
    { class: `tile ${st ? `tile-${st}` : ""}`, "data-testid": "kpi-tile" },
    el("div", { class: "tile-label", text: label }),
    el("div", { class: "tile-value", text: value }),
    goalText
      ? el(
          "div",
          { class: "tile-goal" },
          el("span", { class: `dot dot-${st}`, "aria-hidden": "true" }),
          `${STATUS_TEXT[st]} · ${goalText}`,
        )
      : null,
    sub ? el("div", { class: "tile-sub", text: sub }) : null,
  );
}

export function renderTiles(k) {
  const g = k.goals;
  const er = status("higher", k.engagement_rate, g.engagement_rate);
  const cpf = status("lower", k.cost_per_follow_usd, g.cost_per_follow_usd);
  const rev = status("higher", k.revenue_projection_monthly_usd, g.revenue_monthly_usd);
  $("tiles").replaceChildren(
    tile({
      label: "Engagement rate",
      value: pct(k.engagement_rate, 2),
      goalText: `goal ${pct(g.engagement_rate, 0)}`,
      state: er,
      sub: `${num(k.inputs?.interactions)} interactions / ${num(k.inputs?.views)} views`,
    }),
    tile({
      label: "Cost per follow",
      value: usd(k.cost_per_follow_usd),
      goalText: `goal ${usd(g.cost_per_follow_usd)}`,
      state: cpf,
      sub: `${usd(k.cost_usd)} LLM spend`,
    }),
    tile({
      label: "Monthly revenue",
      value: usd(k.revenue_projection_monthly_usd),
      goalText: `goal ${usd(g.revenue_monthly_usd)}`,
      state: rev,
      sub: revenueSub(k),
    }),
    tile({
      label: "Followers gained",
      value: k.followers_gained == null ? "—" : `${k.followers_gained >= 0 ? "+" : ""}${num(k.followers_gained)}`,
      sub: `last ${k.window.days} days`,
    }),
    tile({
      label: "Reply rate",
      value: pct(k.replies?.reply_rate, 0),
      sub: repliesSub(k.replies),
    }),
    tile({ label: "Posts published", value: num(k.posts_published), sub: `last ${k.window.days} days` }),
  );
}

/** Our response time and answers per day (docs/conversations.md, "Measure"). */
function repliesSub(r) {
  if (!r) return "";
  const t = r.response_time_median_seconds;
  const time =
    t == null
      ? "no answers yet"
      : t < 3600
        ? `${Math.round(t / 60)} min median answer`
        : `${(t / 3600).toFixed(1)} h median answer`;
  return `${num(r.answered)} of ${num(r.received - r.flagged)} answered · ${time} · ${r.answers_per_day.toFixed(1)}/day`;
}

function revenueSub(k) {
  const m = k.inputs?.revenue?.model;
  if (!m) return "";
  const how =
    m.kind === "per_follower"
      ? `$${m.monthly_value_per_follower_usd}/follower/month`
      : `${pct(m.conversion_rate, 1)} × $${m.price_usd} on ${m.basis ?? "views"}`;
  return `projected · ${how}`;
}

// The "when" cell: published time, or the time a scheduled post will go out.
function whenCell(p) {
  if (p.published_at) return el("td", { text: ago(p.published_at), title: new Date(p.published_at).toISOString() });
  if (p.status === "scheduled" && p.scheduled_at)
    return el("td", {
      class: "scheduled-at",
      title: new Date(p.scheduled_at).toISOString(),
      text: `scheduled ${new Date(p.scheduled_at).toLocaleString([], { dateStyle: "short", timeStyle: "short" })}`,
    });
  return el("td", { text: "—" });
}

const scoreOf = (s) => (s == null ? null : typeof s === "number" ? s : typeof s.score === "number" ? s.score : null);

export function renderPosts(posts, onOpen) {
  const body = $("posts");
  if (posts.length === 0) {
    body.replaceChildren(
      el("tr", {}, el("td", { colspan: 8, class: "empty", text: "No posts yet. Generate one above." })),
    );
    return;
  }
  body.replaceChildren(
    ...posts.map((p) => {
      const m = p.metrics;
      const text = p.hook || p.text || "(empty)";
      const score = scoreOf(p.score);
      return el(
        "tr",
        { "data-post": p.id },
        el(
          "td",
          { class: "post-text", title: p.text ?? "" },
          el(
            "button",
            {
              type: "button",
              class: "linkish",
              "aria-label": `Open post: ${text.slice(0, 80)}`,
              onclick: () => onOpen(p.id),
            },
            text.length > 110 ? `${text.slice(0, 110)}…` : text,
          ),
        ),
        el("td", { text: p.persona_id }),
        el(
          "td",
          {},
          el("span", { class: `badge badge-${p.status}`, text: p.status }),
          p.origin === "imported"
            ? el("span", {
                class: "badge badge-imported",
                title: "imported from the account's history",
                text: "imported",
              })
            : null,
        ),
        whenCell(p),
        el("td", { class: "num", text: m ? num(m.views) : "—" }),
        el("td", { class: "num", text: m ? pct(m.engagement_rate, 2) : "—" }),
        el("td", { class: "num", text: usd(p.usage?.cost_usd) }),
        el("td", { class: "num", text: score == null ? "—" : score.toFixed(2) }),
      );
    }),
  );
}

export function renderPersonaList(personas) {
  $("personas-count").textContent = personas.length ? `${personas.length}` : "";
  if (personas.length === 0) {
    $("personas-list").replaceChildren(
      el(
        "tr",
        {},
        el("td", {
          colspan: 4,
          class: "empty",
          text: "No personas yet: add one with the API or `npx threads-agent personas add`.",
        }),
      ),
    );
    return;
  }
  $("personas-list").replaceChildren(
    ...personas.map((p) =>
      el(
        "tr",
        { "data-persona": p.id },
        el("td", { text: p.name }),
        el("td", {}, el("code", { text: p.id })),
        el("td", { text: p.topics.join(", ") || "—" }),
        el("td", { text: p.autopilot ? "on" : "off" }),
      ),
    ),
  );
}

export function renderAlerts(alerts, onAck) {
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
        el(
          "div",
          { class: "alert-body" },
          el("div", { text: a.summary }),
          el("div", { class: "hint", text: `${a.rule} · fired ${ago(a.first_fired_at)}` }),
        ),
        el(
          "button",
          {
            class: "ghost small",
            type: "button",
            "data-needs": "admin",
            "aria-label": `Acknowledge: ${a.summary}`,
            onclick: () => onAck(a.id),
          },
          "Ack",
        ),
      ),
    ),
  );
}
