// A small client for the product API: what the benchmarks need and nothing more.
export const BENCH_API_KEY = "bench-api-key";

export interface TaskStep {
  name: string;
  status: string;
  attempt: number;
  started_at?: string | null;
  finished_at?: string | null;
  duration_ms: number | null;
  error: string | null;
  detail: Record<string, unknown> | null;
}

export interface TaskView {
  id: string;
  persona_id: string;
  status: "queued" | "running" | "succeeded" | "duplicate" | "rejected" | "failed";
  post_id: string | null;
  error: string | null;
  attempts: number;
  created_at: string;
  started_at: string | null;
  finished_at: string | null;
  steps: TaskStep[];
}

export interface PostView {
  id: string;
  persona_id: string;
  task_id: string | null;
  hook: string;
  status: string;
  /** GET /v1/posts nests the Threads ids: {container_id, media_id, permalink}. */
  threads?: { media_id: string | null } | null;
  [field: string]: unknown;
}

export const TERMINAL = new Set<TaskView["status"]>(["succeeded", "duplicate", "rejected", "failed"]);

export class ApiClient {
  readonly base: string;
  /** How long a read keeps retrying a server that does not answer (the crash soak restarts it). */
  readonly patienceMs: number;

  constructor(base: string, opts: { patienceMs?: number } = {}) {
    this.base = base;
    this.patienceMs = opts.patienceMs ?? 0;
  }

  headers(extra: Record<string, string> = {}): Record<string, string> {
    return { authorization: `Bearer ${BENCH_API_KEY}`, "content-type": "application/json", ...extra };
  }

  async request(method: string, path: string, body?: unknown, extra?: Record<string, string>): Promise<Response> {
    const init = { method, headers: this.headers(extra), body: body === undefined ? undefined : JSON.stringify(body) };
    // A kept-alive socket the server has just closed fails the request before it is sent
    // ("other side closed"); a read is safe to repeat, a write is retried by its caller.
    const giveUpAt = Date.now() + this.patienceMs;
    for (let attempt = 1; ; attempt++) {
      try {
        const res = await fetch(`${this.base}${path}`, init);
        // A server coming back up answers 5xx for a moment; a read can wait for it.
        if (method === "GET" && res.status >= 500 && Date.now() < giveUpAt) throw new Error(`${res.status}`);
        return res;
      } catch (err) {
        if (method !== "GET" || (attempt >= 3 && Date.now() >= giveUpAt)) throw err;
        await sleep(Math.min(1000, 100 * attempt));
      }
    }
  }

  async json<T>(method: string, path: string, body?: unknown, extra?: Record<string, string>): Promise<T> {
    const res = await this.request(method, path, body, extra);
    const text = await res.text();
    if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${text.slice(0, 300)}`);
    return JSON.parse(text) as T;
  }

  getTask(id: string): Promise<TaskView> {
    return this.json<TaskView>("GET", `/v1/tasks/${id}`);
  }

  /** Whether any task is still queued or running, from two one-row pages. Checking queued first
   * matters: tasks only move queued -> running -> terminal, so none can slip between the reads. */
  /**
   * Tasks queued or running: their count (exact up to 100 per status, a lower bound above) and
   * a signature of the ids seen, which changes whenever one of them moves on even while the
   * count is capped.
   */
  async unfinished(): Promise<{ count: number; signature: string }> {
    const ids: string[] = [];
    for (const status of ["queued", "running"])
      ids.push(
        ...(await this.json<{ data: { id: string }[] }>("GET", `/v1/tasks?status=${status}&limit=100`)).data.map(
          (t) => `${status}:${t.id}`,
        ),
      );
    return { count: ids.length, signature: ids.sort().join(",") };
  }

  async anyUnfinished(): Promise<boolean> {
    for (const status of ["queued", "running"]) {
      const page = await this.json<{ data: unknown[] }>("GET", `/v1/tasks?status=${status}&limit=1`);
      if (page.data.length > 0) return true;
    }
    return false;
  }

  /** Every post of a persona, following next_cursor. */
  async allPosts(personaId: string): Promise<PostView[]> {
    const out: PostView[] = [];
    let cursor: string | null = null;
    for (let page = 0; page < 1000; page++) {
      const q: string = `/v1/posts?persona_id=${encodeURIComponent(personaId)}&limit=100${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ""}`;
      const res: { data: PostView[]; next_cursor: string | null } = await this.json("GET", q);
      out.push(...res.data);
      cursor = res.next_cursor;
      if (!cursor) break;
    }
    return out;
  }
}

/** Runs `fn` over items with at most `limit` in flight; results keep the input order. */
export async function mapLimit<T, R>(
  items: readonly T[],
  limit: number,
  fn: (item: T, index: number) => Promise<R>,
): Promise<R[]> {
  const out = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i] as T, i);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));
