// Rate-limit usage headers. Threads counts calls per app-and-user over a rolling 24 h
// (https://developers.facebook.com/documentation/threads/overview, "Rate limiting") and, like the
// Graph API, reports usage in headers rather than Retry-After
// (https://developers.facebook.com/docs/graph-api/overview/rate-limiting/):
//   X-App-Usage: {"call_count":28,"total_time":25,"total_cputime":25}          (percent of the limit)
//   X-Business-Use-Case-Usage: {"<id>":[{"type":"…","call_count":100,"total_cputime":..,
//     "total_time":..,"estimated_time_to_regain_access":17}]}                   (minutes)

export interface RateUsage {
  /** Highest reported percentage across call_count / total_time / total_cputime (0–100+). */
  percent: number;
  /** From estimated_time_to_regain_access (minutes), when a header gives it. */
  regainAfterMs?: number;
}

/** Without an estimate, a full rolling-24 h window frees capacity gradually: look again after this. */
export const FULL_USAGE_RECHECK_MS = 3_600_000;

export function parseRateUsage(headers: Headers): RateUsage | undefined {
  const app = parseJson(headers.get("x-app-usage"));
  const buc = parseJson(headers.get("x-business-use-case-usage"));
  if (app === undefined && buc === undefined) return undefined;
  let percent = 0;
  let regainMinutes: number | undefined;
  const visit = (entry: unknown) => {
    if (typeof entry !== "object" || entry === null) return;
    const e = entry as Record<string, unknown>;
    for (const k of ["call_count", "total_time", "total_cputime"]) {
      const v = e[k];
      if (typeof v === "number" && Number.isFinite(v)) percent = Math.max(percent, v);
    }
    const regain = e["estimated_time_to_regain_access"];
    if (typeof regain === "number" && Number.isFinite(regain) && regain > 0)
      regainMinutes = Math.max(regainMinutes ?? 0, regain);
  };
  visit(app);
  if (typeof buc === "object" && buc !== null) {
    for (const list of Object.values(buc as Record<string, unknown>)) if (Array.isArray(list)) list.forEach(visit);
  }
  return { percent, ...(regainMinutes === undefined ? {} : { regainAfterMs: regainMinutes * 60_000 }) };
}

/** How long to leave the app-and-user alone, or undefined when the headers do not say it is throttled. */
export function throttleWaitMs(usage: RateUsage | undefined): number | undefined {
  if (!usage) return undefined;
  if (usage.regainAfterMs !== undefined) return usage.regainAfterMs;
  return usage.percent >= 100 ? FULL_USAGE_RECHECK_MS : undefined;
}

function parseJson(raw: string | null): unknown {
  if (!raw) return undefined;
  try {
    return JSON.parse(raw);
  } catch {
    return undefined;
  }
}
