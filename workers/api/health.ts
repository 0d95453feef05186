import { Hono } from "hono";
import { loadSettings } from "../config.ts";
import { writerLanguageWarnings } from "../providers/llm/language-readiness.ts";
import { hasApiKey } from "./auth.ts";
import type { AppEnv } from "./router.ts";

interface Check {
  ok: boolean;
  detail: string;
}

async function checkD1(db: D1Database): Promise<Check> {
  try {
    const row = await db.prepare("SELECT count(*) AS n FROM sqlite_master WHERE type = 'table' AND name IN ('personas','tasks','posts')").first<{ n: number }>();
    return row?.n === 3 ? { ok: true, detail: "reachable, schema present" } : { ok: false, detail: "reachable, but migrations are not applied (run `npm run db:migrate`)" };
  } catch (err) {
    return { ok: false, detail: `unreachable: ${err instanceof Error ? err.message : String(err)}` };
  }
}

export const healthApi = new Hono<AppEnv>()
  .get("/", (c) => c.json({ status: "ok" }))
  .get("/ready", async (c) => {
    const { config, problems } = loadSettings(c.env);
    const limiterBound = Boolean((c.env as Partial<Pick<Env, "API_RATE_LIMITER">>).API_RATE_LIMITER);
    const checks: Record<string, Check> = {
      d1: await checkD1(c.env.DB),
      config: problems.length ? { ok: false, detail: problems.join("; ") } : { ok: true, detail: `valid (${config.environment})` },
      rate_limiter: limiterBound ? { ok: true, detail: "bound" } : { ok: false, detail: "API_RATE_LIMITER binding missing: requests per API key are not limited" },
      api_key: c.env.API_KEY ? { ok: true, detail: "set" } : { ok: false, detail: "API_KEY is not set" },
      queue: c.env.GENERATE_QUEUE ? { ok: true, detail: "bound" } : { ok: false, detail: "GENERATE_QUEUE binding missing" },
      llm: { ok: true, detail: `${config.llmProvider} (hook ${config.hookModel}, body ${config.bodyModel})` },
    };
    const ready = Object.values(checks).every((ch) => ch.ok);
    const status = ready ? "ready" : "not_ready";
    // Per-dependency details name providers, models and settings: only for the operator's key.
    // A load balancer needs no more than the status code.
    if (!(await hasApiKey(c.env, c.req.header("authorization")))) return c.json({ status, ready }, ready ? 200 : 503);
    // Warnings do not make the service unready (posts still go out), but the operator should know.
    const warnings = checks.d1?.ok ? await writerLanguageWarnings(c.env.DB, config.llmProvider) : [];
    return c.json({ status, ready, checks, warnings }, ready ? 200 : 503);
  });
