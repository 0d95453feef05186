import type { ApiScope } from "../db/schema/index.ts";

// The scope each authenticated route needs, in one place. The default follows the method (GET →
// read, anything else → write); the exceptions are listed here by the route's OpenAPI template.
// The app stamps the result on every operation of /openapi.json as `x-scope` (and `x-personas`:
// whether a persona-limited key may call it), and the authorization middleware reads the same
// table, so the spec and the enforcement cannot disagree, and a route added later gets a scope.

const ADMIN = [
  "POST /v1/personas",
  "PATCH /v1/personas/{id}",
  "DELETE /v1/personas/{id}",
  "PUT /v1/personas/{id}/threads-account",
  "DELETE /v1/personas/{id}/threads-account",
  "GET /v1/personas/{id}/threads-account/connect",
  "POST /v1/personas/{id}/dedup/reindex",
  "POST /v1/alerts/{id}/ack",
];
const ADMIN_PREFIXES = ["/v1/keys", "/v1/audit"];
/** POSTs that compute an answer and change nothing. */
const READ = [
  "POST /v1/search/trends",
  "POST /v1/search/competitive",
  "POST /v1/dedup/compare",
  "POST /v1/personas/{id}/dedup/check",
  "POST /v1/score",
  "GET /v1/me",
];
/** Operator-wide data no persona owns: a persona-limited key gets 404 there. */
const EVERY_PERSONA_ONLY = ["/v1/alerts"];

export const SCOPE_RANK: Record<ApiScope, number> = { read: 0, write: 1, admin: 2 };

export function scopeOf(method: string, template: string): ApiScope {
  const m = method.toUpperCase();
  const key = `${m} ${template}`;
  if (ADMIN.includes(key) || ADMIN_PREFIXES.some((p) => template === p || template.startsWith(`${p}/`))) return "admin";
  if (READ.includes(key)) return "read";
  return m === "GET" || m === "HEAD" ? "read" : "write";
}

/** Whether a key limited to some personas may call the route at all (else 404). */
export function personaLimitedAllowed(template: string): boolean {
  return !EVERY_PERSONA_ONLY.some((p) => template === p || template.startsWith(`${p}/`));
}

export interface RouteMatch {
  template: string;
  params: Record<string, string>;
}

interface Compiled {
  method: string;
  template: string;
  re: RegExp;
  names: string[];
  literal: number;
}

/** Matches a request's method and path to the spec's route templates (`/v1/posts/{id}`). */
export class RouteTable {
  private readonly routes: Compiled[];

  constructor(ops: { method: string; path: string }[]) {
    this.routes = ops
      .map(({ method, path }) => {
        const names: string[] = [];
        const source = path
          .split("/")
          .map((seg) => {
            const m = /^\{(\w+)\}$/.exec(seg);
            if (!m) return seg.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
            names.push(m[1]!);
            return "([^/]+)";
          })
          .join("/");
        return {
          method: method.toUpperCase(),
          template: path,
          re: new RegExp(`^${source}/?$`),
          names,
          literal: path.split("/").filter((s) => s && !s.startsWith("{")).length,
        };
      })
      // A literal segment wins over a parameter (/v1/kpis/timeseries before /v1/kpis/{x}).
      .sort((a, b) => b.literal - a.literal);
  }

  match(method: string, pathname: string): RouteMatch | null {
    const m = method.toUpperCase() === "HEAD" ? "GET" : method.toUpperCase();
    for (const r of this.routes) {
      if (r.method !== m) continue;
      const hit = r.re.exec(pathname);
      if (!hit) continue;
      const params: Record<string, string> = {};
      r.names.forEach((n, i) => {
        params[n] = decodeURIComponent(hit[i + 1]!);
      });
      return { template: r.template, params };
    }
    return null;
  }
}
