// What POST /v1/tasks and GET /v1/posts cannot avoid doing, written with the raw D1 API and no
// framework: the anchor for bench/api's `... vs limit worker ratio`. POST checks the key,
// parses the JSON body, reads the persona row, inserts the task row and sends one queue
// message; GET checks the key and runs one indexed page query. No validation messages,
// idempotency, metrics or OpenAPI: whatever the product costs above this is its own overhead.
// No types from workerd here: the file is also type-checked with the Node-side bench code.
interface Statement {
  bind(...values: unknown[]): Statement;
  first<T>(): Promise<T | null>;
  all<T>(): Promise<{ results: T[] }>;
  run(): Promise<unknown>;
}
interface LimitEnv {
  DB: { prepare(sql: string): Statement };
  GENERATE_QUEUE: { send(body: unknown, opts?: { contentType: "json" }): Promise<void> };
  API_KEY?: string;
}

const json = (body: unknown, status = 200) =>
  new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json" } });

async function postTask(request: Request, env: LimitEnv): Promise<Response> {
  const body = (await request.json()) as { persona_id?: string; topic?: string; publish?: string };
  const persona = await env.DB.prepare("SELECT id FROM personas WHERE id = ?")
    .bind(body.persona_id ?? "")
    .first<{ id: string }>();
  if (!persona) return json({ error: "persona" }, 404);
  const id = `tsk_${crypto.randomUUID().replaceAll("-", "")}`;
  const now = Date.now();
  await env.DB.prepare(
    "INSERT INTO tasks (id, persona_id, status, publish, input, attempts, created_at, updated_at) VALUES (?, ?, 'queued', ?, ?, 0, ?, ?)",
  )
    .bind(id, persona.id, body.publish ?? "draft", JSON.stringify({ topic: body.topic ?? null }), now, now)
    .run();
  await env.GENERATE_QUEUE.send({ task_id: id, persona_id: persona.id }, { contentType: "json" });
  return json({ task_id: id, status: "queued" }, 202);
}

async function listPosts(url: URL, env: LimitEnv): Promise<Response> {
  const limit = Math.min(100, Number(url.searchParams.get("limit") ?? 20) || 20);
  const { results } = await env.DB.prepare("SELECT * FROM posts ORDER BY created_at DESC, id DESC LIMIT ?")
    .bind(limit + 1)
    .all<Record<string, unknown>>();
  return json({ data: results.slice(0, limit), next_cursor: results.length > limit ? "more" : null });
}

export default {
  async fetch(request: Request, env: LimitEnv): Promise<Response> {
    const url = new URL(request.url);
    if (url.pathname === "/health") return json({ ok: true });
    if (!env.API_KEY || request.headers.get("authorization") !== `Bearer ${env.API_KEY}`)
      return json({ error: "unauthorized" }, 401);
    if (request.method === "POST" && url.pathname === "/v1/tasks") return postTask(request, env);
    if (request.method === "GET" && url.pathname === "/v1/posts") return listPosts(url, env);
    return json({ error: "not found" }, 404);
  },
};
