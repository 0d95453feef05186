import { Hono } from "hono";
import { loadConfig } from "../config.ts";
import { loadExperimentSettings } from "../experiments/settings.ts";
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
    const config = loadConfig(c.env);
    const problems = [...config.problems];
    loadExperimentSettings(c.env, problems);
    const checks: Record<string, Check> = {
      d1: await checkD1(c.env.DB),
      config: problems.length ? { ok: false, detail: problems.join("; ") } : { ok: true, detail: "valid" },
      api_key: c.env.API_KEY ? { ok: true, detail: "set" } : { ok: false, detail: "API_KEY is not set" },
      queue: c.env.GENERATE_QUEUE ? { ok: true, detail: "bound" } : { ok: false, detail: "GENERATE_QUEUE binding missing" },
      llm: { ok: true, detail: `${config.llmProvider} (hook ${config.hookModel}, body ${config.bodyModel})` },
    };
    const ready = Object.values(checks).every((ch) => ch.ok);
    return c.json({ status: ready ? "ready" : "not_ready", checks }, ready ? 200 : 503);
  });
