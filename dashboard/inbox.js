// The reply inbox (docs/conversations.md): replies and mentions of the selected persona (or all),
// filtered by state, each with the guardrail's verdict and our answer, and the operator's
// actions: write a draft, approve it, send an own answer, dismiss, hide or unhide. A reply is a
// stranger's text: it is only ever set as textContent. Self-contained like experiments.js: it
// loads with the page, on Refresh, on a persona change and every minute.
import { AuthError, apiJson, getKey } from "./api.js";
import { ago, el } from "./format.js";

/** An element of index.html by id; typed loosely because they are inputs and buttons. @type {(id: string) => any} */
const $ = (id) => document.getElementById(id);
const LABEL = {
  new: "New",
  drafted: "Draft ready",
  queued: "Sending",
  answered: "Answered",
  dismissed: "Dismissed",
  flagged: "Flagged",
  failed: "Failed",
};
let loading = false;

const topLevel = (r) => r.kind === "reply" && r.parent_threads_id !== null && r.parent_threads_id === r.root_threads_id;

async function act(r, path, body) {
  const msg = $("inbox-status");
  try {
    await apiJson(`/v1/replies/${encodeURIComponent(r.id)}/${path}`, {
      method: "POST",
      ...(body ? { body: JSON.stringify(body), headers: { "content-type": "application/json" } } : {}),
    });
    msg.textContent = `${path}: done for the reply from ${r.author ? `@${r.author}` : "someone"}.`;
    msg.classList.remove("error");
    // The queue works in the background: look again shortly.
    setTimeout(load, 1500);
    await load();
  } catch (e) {
    if (e instanceof AuthError) return;
    msg.textContent = `${path} failed: ${e.message}`;
    msg.classList.add("error");
  }
}

function replyCard(r) {
  const open = ["new", "drafted", "failed", "flagged"].includes(r.status);
  const answer = el("textarea", {
    class: "inbox-answer",
    rows: 2,
    maxlength: 500,
    "aria-label": `Answer to ${r.author ?? "this reply"}`,
    placeholder: "Your answer (checked by the guardrail)",
  });
  answer.value = r.answer.text ?? "";
  const buttons = [];
  if (r.status === "new")
    buttons.push(
      el("button", { type: "button", class: "small ghost", text: "Write draft", onclick: () => act(r, "respond") }),
    );
  if ((r.status === "drafted" || r.status === "failed") && r.answer.text)
    buttons.push(el("button", { type: "button", class: "small", text: "Approve", onclick: () => act(r, "approve") }));
  if (open) {
    buttons.push(
      el("button", {
        type: "button",
        class: "small ghost",
        text: "Send my answer",
        onclick: () => answer.value.trim() && act(r, "respond", { text: answer.value.trim() }),
      }),
      el("button", { type: "button", class: "small ghost", text: "Dismiss", onclick: () => act(r, "dismiss") }),
    );
  }
  if (topLevel(r)) {
    const hidden = r.hide_status === "HIDDEN";
    buttons.push(
      el("button", {
        type: "button",
        class: "small ghost",
        text: hidden ? "Unhide" : "Hide",
        onclick: () => act(r, hidden ? "unhide" : "hide"),
      }),
    );
  }
  return el(
    "li",
    { class: `inbox-item inbox-${r.status}`, "data-testid": "inbox-item", "data-id": r.id },
    el(
      "div",
      { class: "inbox-meta" },
      el("strong", { text: r.author ? `@${r.author}` : "someone" }),
      el("span", {
        class: "hint",
        text: `${r.kind === "mention" ? "mentioned you" : "replied"} · ${ago(r.replied_at)}`,
      }),
      el("span", { class: `badge badge-reply-${r.status}`, text: LABEL[r.status] ?? r.status }),
      r.category !== "ok"
        ? el("span", { class: "badge badge-failed", text: r.category, title: r.flags.join("; ") })
        : null,
      r.hide_status === "HIDDEN" ? el("span", { class: "badge", text: "hidden" }) : null,
    ),
    el("p", { class: "inbox-text", text: r.text }),
    r.status === "answered"
      ? el("p", { class: "inbox-sent", text: `Our answer: ${r.answer.text ?? ""}` })
      : r.category === "ok" && open
        ? answer
        : null,
    r.error ? el("p", { class: "hint inbox-error", text: r.error }) : null,
    buttons.length ? el("div", { class: "inbox-actions" }, ...buttons) : null,
  );
}

async function load() {
  if (!getKey() || loading) return;
  loading = true;
  const persona = $("persona")?.value ?? "";
  const status = $("inbox-filter")?.value ?? "";
  const q = new URLSearchParams({ limit: "30" });
  if (persona) q.set("persona_id", persona);
  if (status) q.set("status", status);
  try {
    const page = await apiJson(`/v1/replies?${q}`);
    $("inbox").replaceChildren(
      ...(page.data.length
        ? page.data.map(replyCard)
        : [
            el("li", {
              class: "empty",
              text: status
                ? "No replies in this state."
                : "No replies yet. They arrive by webhook or polling once a post is published.",
            }),
          ]),
    );
    $("inbox-count").textContent = `${page.data.length}${page.next_cursor ? "+" : ""} shown`;
  } catch (e) {
    if (!(e instanceof AuthError)) {
      $("inbox-status").textContent = `Inbox failed to load: ${e.message}`;
      $("inbox-status").classList.add("error");
    }
  } finally {
    loading = false;
  }
}

$("refresh")?.addEventListener("click", load);
$("persona")?.addEventListener("change", load);
$("inbox-filter")?.addEventListener("change", load);
$("key-form")?.addEventListener("submit", () => setTimeout(load, 0));
setInterval(() => document.visibilityState === "visible" && load(), 60_000);
load();
