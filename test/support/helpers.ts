import { SELF, env } from "cloudflare:test";

export const API_KEY = "test-api-key";
export const BASE = "http://agent.test";

export function api(path: string, init: RequestInit & { json?: unknown; key?: string | null } = {}): Promise<Response> {
  const headers = new Headers(init.headers);
  if (init.key !== null) headers.set("authorization", `Bearer ${init.key ?? API_KEY}`);
  let body = init.body;
  if (init.json !== undefined) {
    headers.set("content-type", "application/json");
    body = JSON.stringify(init.json);
  }
  return SELF.fetch(`${BASE}${path}`, { ...init, headers, body });
}

export async function createPersona(over: Record<string, unknown> = {}): Promise<Record<string, unknown>> {
  const res = await api("/v1/personas", {
    method: "POST",
    json: { id: "calm-founder", name: "Calm Founder", tone: "warm", topics: ["bootstrapping", "pricing"], ...over },
  });
  if (res.status !== 201) throw new Error(`create persona: ${res.status} ${await res.text()}`);
  return res.json();
}

export interface TaskView {
  id: string;
  status: string;
  post_id: string | null;
  error: string | null;
  attempts: number;
  steps: {
    name: string;
    status: string;
    attempt: number;
    error: string | null;
    duration_ms: number | null;
    detail: Record<string, unknown> | null;
  }[];
}

export async function getTask(id: string): Promise<TaskView> {
  const res = await api(`/v1/tasks/${id}`);
  if (res.status !== 200) throw new Error(`get task: ${res.status}`);
  return res.json();
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** `SELECT count(*) AS n …` against the test D1. */
export async function count(sql: string, ...binds: unknown[]): Promise<number> {
  return (
    (await env.DB.prepare(sql)
      .bind(...binds)
      .first<number>("n")) ?? 0
  );
}

/** Polls `ok` until it holds; throws naming `what` after `timeoutMs`. */
export async function waitUntil(
  what: string,
  ok: () => Promise<boolean>,
  timeoutMs = 20_000,
  everyMs = 100,
): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!(await ok())) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await sleep(everyMs);
  }
}

const TERMINAL = ["succeeded", "duplicate", "rejected", "failed", "cancelled"];

/** Polls until the task is terminal; the queue consumer runs in the same workerd. */
export async function waitForTask(id: string, timeoutMs = 15_000): Promise<TaskView> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const task = await getTask(id);
    if (TERMINAL.includes(task.status)) return task;
    if (Date.now() > until)
      throw new Error(`task ${id} still ${task.status} after ${timeoutMs} ms: ${JSON.stringify(task)}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

export async function submitTask(body: Record<string, unknown>, headers: Record<string, string> = {}): Promise<string> {
  const res = await api("/v1/tasks", { method: "POST", json: body, headers });
  if (res.status !== 202) throw new Error(`submit: ${res.status} ${await res.text()}`);
  return ((await res.json()) as { task_id: string }).task_id;
}
