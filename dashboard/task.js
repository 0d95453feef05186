import { AuthError, apiJson } from "./api.js";
import { streamEvents } from "./sse.js";
import { el } from "./format.js";

// Submit a draft task and follow its Server-Sent Events: `step` events (the task's step objects,
// {name, status, attempt, started_at, finished_at, duration_ms, error, detail}), then one
// `done` {status, post_id, error}.
// The expected steps are drawn up front; rows for steps this pipeline version does not run are
// dropped when the task ends, and steps the list does not know are appended as they arrive.
const PIPELINE = [
  "ingest",
  "trend_research",
  "retrieve",
  "hook",
  "body",
  "guardrail",
  "format",
  "score",
  "dedup",
  "store",
];
/** An element of index.html by id; typed loosely because they are inputs, dialogs and buttons. @type {(id: string) => any} */
const $ = (id) => document.getElementById(id);
let current;

function stepRow(name) {
  return el(
    "li",
    { class: "step step-pending", "data-step": name },
    el("span", { class: "step-dot", "aria-hidden": "true" }),
    el("span", { class: "step-name", text: name.replace(/_/g, " ") }),
    el("span", { class: "step-meta", text: "pending" }),
  );
}

function updateStep(e) {
  const list = $("steps");
  let row = list.querySelector(`[data-step="${CSS.escape(e.name)}"]`);
  if (!row) list.append((row = stepRow(e.name)));
  row.className = `step step-${e.status}`;
  row.dataset.seen = "1";
  const took =
    e.duration_ms == null
      ? ""
      : e.duration_ms < 1000
        ? ` · ${e.duration_ms} ms`
        : ` · ${(e.duration_ms / 1000).toFixed(1)} s`;
  const meta = e.error ? `${e.status}: ${e.error}` : `${e.status}${took}`;
  row.querySelector(".step-meta").textContent = meta;
}

export async function watchTask({ personaId, topic, onDone }) {
  current?.abort();
  const controller = new AbortController();
  current = controller;
  const button = $("task-submit");
  button.disabled = true;
  $("steps").replaceChildren(...PIPELINE.map(stepRow));
  $("task-result").className = "task-result";
  $("task-result").textContent = "Queued…";
  try {
    const body = { persona_id: personaId, publish: "draft", ...(topic ? { topic } : {}) };
    const { task_id } = await apiJson("/v1/tasks", { method: "POST", body: JSON.stringify(body) });
    $("task-result").textContent = `Task ${task_id} running…`;
    let finished = false;
    await streamEvents(
      `/v1/tasks/${encodeURIComponent(task_id)}/events`,
      (event, data) => {
        let payload;
        try {
          payload = JSON.parse(data);
        } catch {
          return;
        }
        if (event === "step") updateStep(payload);
        if (event === "done") {
          finished = true;
          const ok = payload.status === "succeeded";
          for (const row of $("steps").querySelectorAll(".step:not([data-seen])")) {
            if (ok) row.remove();
            else {
              row.className = "step step-notrun";
              row.querySelector(".step-meta").textContent = "not run";
            }
          }
          $("task-result").className = `task-result ${ok ? "ok" : "bad"}`;
          $("task-result").textContent = ok
            ? `Done: draft ${payload.post_id} saved.`
            : `Finished as ${payload.status}${payload.error ? `: ${payload.error}` : ""}.`;
          controller.abort(); // the terminal event ends the stream for us
          onDone?.();
        }
      },
      controller.signal,
    ).catch((e) => {
      if (!finished) throw e;
    });
    if (!finished)
      $("task-result").textContent = "The event stream closed before the task finished; check Recent posts.";
  } catch (e) {
    if (e.name === "AbortError" && current !== controller) return;
    if (!(e instanceof AuthError) && e.name !== "AbortError") {
      $("task-result").className = "task-result bad";
      $("task-result").textContent = `Could not run the task: ${e.message}`;
    }
  } finally {
    if (current === controller) button.disabled = false;
  }
}
