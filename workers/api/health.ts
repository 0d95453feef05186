import { createRoute, z } from "@hono/zod-openapi";
import { settings } from "../settings/index.ts";
import { writerLanguageWarnings } from "../providers/llm/language-readiness.ts";
import { dedupReadiness, DedupReadiness } from "./dedup-readiness.ts";
import { hasApiKey } from "./auth.ts";
import { json } from "./schemas/common.ts";
import { newRouter } from "./router.ts";

interface Check {
  ok: boolean;
  detail: string;
}

async function checkD1(db: D1Database): Promise<Check> {
  try {
    const row = await db
      .prepare("SELECT count(*) AS n FROM sqlite_master WHERE type = 'table' AND name IN ('personas','tasks','posts')")
      .first<{ n: number }>();
    return row?.n === 3
      ? { ok: true, detail: "reachable, schema present" }
      : { ok: false, detail: "reachable, but migrations are not applied (run `npm run db:migrate`)" };
  } catch (err) {
    return { ok: false, detail: `unreachable: ${err instanceof Error ? err.message : String(err)}` };
  }
}

const CheckSchema = z.object({ ok: z.boolean(), detail: z.string() });
const Readiness = z
  .object({
    status: z.enum(["ready", "not_ready"]),
    ready: z.boolean(),
    checks: z
      .record(z.string(), CheckSchema)
      .optional()
      .openapi({
        description: "d1, config, rate_limiter, api_key, queue, llm; only with the API key",
        example: { d1: { ok: true, detail: "reachable, schema present" } },
      }),
    dedup: DedupReadiness.optional(),
    warnings: z.array(z.string()).optional().openapi({
      description:
        "things that work but not as configured (a persona language the offline writer writes in English); only with the API key",
    }),
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
      description:
        "Readiness: 200 when every dependency check passes (D1 schema, settings, rate limiter, API key, queue, LLM), else 503. Public; the per-check details and the dedup threshold in use (with its calibration) only with the API key.",
      responses: {
        200: { description: "Ready", ...json(Readiness) },
        503: { description: "Not ready; with the key, the failing checks say why", ...json(Readiness) },
      },
    }),
    async (c) => {
      const { environment, generation, problems } = settings(c.env);
      const limiterBound = Boolean((c.env as Partial<Pick<Env, "API_RATE_LIMITER">>).API_RATE_LIMITER);
      const checks: Record<string, Check> = {
        d1: await checkD1(c.env.DB),
        config: problems.length
          ? { ok: false, detail: problems.join("; ") }
          : { ok: true, detail: `valid (${environment})` },
        rate_limiter: limiterBound
          ? { ok: true, detail: "bound" }
          : { ok: false, detail: "API_RATE_LIMITER binding missing: requests per API key are not limited" },
        api_key: c.env.API_KEY ? { ok: true, detail: "set" } : { ok: false, detail: "API_KEY is not set" },
        queue: c.env.GENERATE_QUEUE
          ? { ok: true, detail: "bound" }
          : { ok: false, detail: "GENERATE_QUEUE binding missing" },
        llm: {
          ok: true,
          detail: `${generation.llmProvider} (hook ${generation.hookModel}, body ${generation.bodyModel})`,
        },
      };
      const ready = Object.values(checks).every((ch) => ch.ok);
      const status = ready ? ("ready" as const) : ("not_ready" as const);
      // Per-dependency details name providers, models and settings: only for the operator's key.
      // A load balancer needs no more than the status code.
      // Warnings do not make the service unready (posts still go out), but the operator should know.
      const withKey = hasApiKey(c.env, c.req.header("authorization"));
      const warnings = withKey && checks.d1?.ok ? await writerLanguageWarnings(c.env.DB, generation.llmProvider) : [];
      const dedup =
        withKey && checks.d1?.ok ? await dedupReadiness(c.var.db, c.var.settings.dedup, c.var.services) : undefined;
      const body = withKey ? { status, ready, checks, ...(dedup ? { dedup } : {}), warnings } : { status, ready };
      return ready ? c.json(body, 200) : c.json(body, 503);
    },
  );
