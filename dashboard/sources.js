// The persona view's sources: the selected persona's pages, feeds and notes (docs/sources.md),
// with status, items, last fetch and last error; add a URL or notes, refresh, remove.
import { AuthError, apiJson } from "./api.js";
import { ago, el, num } from "./format.js";

/** @type {(id: string) => any} */
const $ = (id) => document.getElementById(id);
const e = encodeURIComponent;
let persona = "";
let onMessage = (/** @type {string} */ _text, /** @type {boolean} */ _error) => {};

export function setSourcesMessageHandler(fn) {
  onMessage = fn;
}

function row(s) {
  const action = (label, fn) =>
    el(
      "button",
      { class: "ghost small", type: "button", "aria-label": `${label}: ${s.title ?? s.url ?? s.id}`, onclick: fn },
      label,
    );
  return el(
    "tr",
    { "data-source": s.id },
    el("td", { text: s.kind }),
    el(
      "td",
      {},
      s.url
        ? el("a", { href: s.url, rel: "noopener noreferrer", target: "_blank", text: s.title ?? s.url })
        : (s.title ?? s.id),
    ),
    el("td", {}, el("span", { class: `badge src-${s.status}`, text: s.status })),
    el("td", { class: "num", text: num(s.items) }),
    el("td", { class: "num", text: num(s.chunks) }),
    el("td", { text: s.kind === "text" ? "—" : ago(s.last_fetched_at) }),
    el("td", {
      class: "hint",
      text: s.last_error ?? (s.dropped ? `${s.dropped} paragraphs dropped by the guardrails` : ""),
    }),
    el(
      "td",
      {},
      s.kind === "text" ? null : action("Refresh", () => act("POST", `/${e(s.id)}/refresh`, "Refreshed")),
      action("Remove", () => act("DELETE", `/${e(s.id)}`, "Removed")),
    ),
  );
}

async function act(method, path, done) {
  try {
    await apiJson(`/v1/personas/${e(persona)}/sources${path}`, { method });
    onMessage(`${done}.`, false);
    await loadSources(persona);
  } catch (err) {
    if (!(err instanceof AuthError)) onMessage(`Source: ${err.message}`, true);
  }
}

/** Shows the persona's sources; without a persona, a hint to choose one. */
export async function loadSources(personaId) {
  persona = personaId;
  $("sources-form").hidden = !persona;
  if (!persona) {
    $("sources-count").textContent = "";
    $("sources-list").replaceChildren(
      el(
        "tr",
        {},
        el("td", { colspan: 8, class: "empty", text: "Choose a persona above to see and add its sources." }),
      ),
    );
    return;
  }
  const { data } = await apiJson(`/v1/personas/${e(persona)}/sources?limit=100`);
  $("sources-count").textContent = data.length ? `${data.length}` : "";
  $("sources-list").replaceChildren(
    ...(data.length
      ? data.map(row)
      : [
          el(
            "tr",
            {},
            el("td", {
              colspan: 8,
              class: "empty",
              text: "No sources yet: add a blog page, an RSS/Atom feed or notes; posts are then written from them.",
            }),
          ),
        ]),
  );
}

$("sources-form").addEventListener("submit", async (/** @type {Event} */ ev) => {
  ev.preventDefault();
  const url = $("source-url").value.trim();
  const text = $("source-text").value.trim();
  const title = $("source-title").value.trim();
  const body = url ? { url } : { text, title };
  $("source-add").disabled = true;
  try {
    const s = await apiJson(`/v1/personas/${e(persona)}/sources`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(body),
    });
    onMessage(
      s.status === "failed"
        ? `Added, but the fetch failed: ${s.last_error}`
        : `Added ${s.kind}: ${num(s.chunks)} passages.`,
      s.status === "failed",
    );
    $("source-url").value = "";
    $("source-text").value = "";
    $("source-title").value = "";
    await loadSources(persona);
  } catch (err) {
    if (!(err instanceof AuthError)) onMessage(`Source: ${err.message}`, true);
  } finally {
    $("source-add").disabled = false;
  }
});
