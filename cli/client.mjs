// How the CLI reaches the API: where (URL, key) and what a failure means (exit code).
import { existsSync, readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

/** Documented in docs/cli.md; scripts rely on them. */
export const EXIT = { ok: 0, api: 1, usage: 2, connection: 3, task: 4 };

export class CliError extends Error {
  constructor(message, code, body) {
    super(message);
    this.code = code;
    this.body = body;
  }
}

export const usageError = (message) => new CliError(message, EXIT.usage);

const repoRoot = join(dirname(fileURLToPath(import.meta.url)), "..");

/** KEY=value lines; quotes around the value are dropped, as wrangler reads .dev.vars. */
export function parseDotenv(text) {
  /** @type {Record<string, string>} */
  const out = {};
  for (const line of text.split(/\r?\n/)) {
    const m = /^\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(.*)\s*$/.exec(line);
    if (!m) continue;
    out[m[1] ?? ""] = (m[2] ?? "").replace(/^(["'])(.*)\1$/, "$2");
  }
  return out;
}

function localDevVars() {
  for (const dir of [process.cwd(), repoRoot]) {
    const file = resolve(dir, ".dev.vars");
    if (existsSync(file)) return { file, vars: parseDotenv(readFileSync(file, "utf8")) };
  }
  return null;
}

/** --url/--key, else THREADS_AGENT_URL/THREADS_AGENT_KEY, else the local .dev.vars and PORT (what `npm start` runs). */
export function resolveTarget(opts, env = process.env) {
  const local = opts.url || env.THREADS_AGENT_URL ? null : localDevVars();
  const url = opts.url ?? env.THREADS_AGENT_URL ?? `http://127.0.0.1:${env.PORT ?? 8787}`;
  let key = opts.key ?? env.THREADS_AGENT_KEY;
  if (!key) key = (local ?? localDevVars())?.vars.API_KEY;
  try {
    new URL(url);
  } catch {
    throw usageError(`--url: not a URL: '${url}'`);
  }
  return { url: url.replace(/\/+$/, ""), key: key ?? null };
}

/** A small API client: JSON in and out, the API's error message on failure, exit codes by cause. */
export function createClient({ url, key }, { timeoutMs = 30_000 } = {}) {
  /**
   * @param {string} method
   * @param {string} path
   * @param {{ body?: unknown, raw?: BodyInit, headers?: Record<string, string>, accept?: string, signal?: AbortSignal }} [options]
   */
  async function request(method, path, { body, raw, headers = {}, accept = "application/json", signal } = {}) {
    if (body !== undefined) {
      const { bodyProblems } = await import("./request-schemas.mjs");
      const problems = bodyProblems(method, path, body);
      if (problems.length) throw usageError(`the API would reject this request: ${problems.join("; ")}`);
    }
    /** @type {Record<string, string>} */
    const h = { accept, ...headers };
    if (key) h.authorization = `Bearer ${key}`;
    if (body !== undefined) h["content-type"] = "application/json";
    // `raw`: a body sent as is, with its own content-type header (a CSV history import).
    let res;
    try {
      res = await fetch(`${url}${path}`, {
        method,
        headers: h,
        body: raw ?? (body === undefined ? undefined : JSON.stringify(body)),
        signal: signal ?? AbortSignal.timeout(timeoutMs),
      });
    } catch (/** @type {any} */ e) {
      const why =
        e?.name === "TimeoutError"
          ? `no answer within ${timeoutMs / 1000} s`
          : (e?.cause?.code ?? e?.cause?.message ?? e.message);
      throw new CliError(
        `cannot reach ${url} (${why}). Is it running? Start it with \`npm start\`, or pass --url / set THREADS_AGENT_URL.`,
        EXIT.connection,
      );
    }
    return res;
  }

  async function call(method, path, opts = {}) {
    const res = await request(method, path, opts);
    if (res.status === 204) return null;
    const text = await res.text();
    let json = null;
    try {
      json = text ? JSON.parse(text) : null;
    } catch {
      // not JSON (e.g. /metrics): returned as text below
    }
    if (!res.ok) {
      const message = json?.error?.message ?? (text.slice(0, 300) || res.statusText);
      const hint =
        res.status === 401 && !key
          ? " (no API key found: pass --key, set THREADS_AGENT_KEY, or run from the repository with its .dev.vars)"
          : "";
      throw new CliError(
        `${res.status} ${json?.error?.code ?? ""}: ${message}${hint}`.replace(/ +:/, ":"),
        EXIT.api,
        json,
      );
    }
    return json ?? text;
  }

  return { url, request, call };
}
