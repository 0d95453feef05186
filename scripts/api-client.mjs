// The operator scripts' client for a running instance (npm start, or a deployment with --url):
// API_KEY from the environment or .dev.vars, the base URL from --url or PORT.
import { existsSync, readFileSync } from "node:fs";

function apiKey() {
  if (process.env.API_KEY) return process.env.API_KEY;
  if (existsSync(".dev.vars")) {
    const line = readFileSync(".dev.vars", "utf8")
      .split("\n")
      .find((l) => l.startsWith("API_KEY="));
    if (line)
      return line
        .slice("API_KEY=".length)
        .trim()
        .replace(/^"(.*)"$/, "$1");
  }
  console.error("API_KEY is not set and .dev.vars has none");
  process.exit(2);
}

/** `call(method, path)`: the parsed JSON body, or an Error naming the status and the server's message. */
export function apiClient(url) {
  const base = (url ?? `http://127.0.0.1:${process.env.PORT ?? 8787}`).replace(/\/$/, "");
  const headers = { authorization: `Bearer ${apiKey()}` };
  return async function call(method, path) {
    const res = await fetch(`${base}${path}`, { method, headers }).catch((err) => {
      console.error(`cannot reach ${base}: ${err.message} (is \`npm start\` running?)`);
      process.exit(1);
    });
    const body = await res.json().catch(() => null);
    if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${body?.error?.message ?? ""}`);
    return body;
  };
}
