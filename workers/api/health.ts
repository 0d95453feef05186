import { createRoute, z } from "@hono/zod-openapi";
import { loadConfig } from "../config.ts";
import { json } from "./schemas/common.ts";
import { newRouter } from "./router.ts";

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

const CheckSchema = z.object({ ok: z.boolean(), detail: z.string() });
const Readiness = z
  .object({
    status: z.enum(["ready", "not_ready"]),
    checks: z.record(z.string(), CheckSchema).openapi({ description: "d1, config, api_key, queue, llm", example: { d1: { ok: true, detail: "reachable, schema present" } } }),
  })
  .openapi("Readiness");

export const healthApi = newRouter()
  .openapi(
    createRoute({
      method: "get",
      path: "/",
      tags: ["health"],
      description: "Liveness: the Worker answers. Public.",
      responses: { 200: { description: "Alive", ...json(z.object({ status: z.literal("ok") }).openapi("Liveness")) } },
    }),
    (c) => c.json({ status: "ok" as const }, 200),
  )
  .openapi(
    createRoute({
      method: "get",
      path: "/ready",
      tags: ["health"],
      description: "Readiness with a check per dependency (D1 schema, settings, API key, queue, LLM). Public; 503 when any check fails.",
      responses: { 200: { description: "Ready", ...json(Readiness) }, 503: { description: "Not ready; the failing checks say why", ...json(Readiness) } },
    }),
    async (c) => {
    const config = loadConfig(c.env);
    const checks: Record<string, Check> = {
      d1: await checkD1(c.env.DB),
      config: config.problems.length ? { ok: false, detail: config.problems.join("; ") } : { ok: true, detail: "valid" },
      api_key: c.env.API_KEY ? { ok: true, detail: "set" } : { ok: false, detail: "API_KEY is not set" },
      queue: c.env.GENERATE_QUEUE ? { ok: true, detail: "bound" } : { ok: false, detail: "GENERATE_QUEUE binding missing" },
      llm: { ok: true, detail: `${config.llmProvider} (hook ${config.hookModel}, body ${config.bodyModel})` },
    };
    const ready = Object.values(checks).every((ch) => ch.ok);
    return ready ? c.json({ status: "ready" as const, checks }, 200) : c.json({ status: "not_ready" as const, checks }, 503);
  },
  );
