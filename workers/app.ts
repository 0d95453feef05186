import { OpenAPIHono } from "@hono/zod-openapi";
import { bodyLimit } from "hono/body-limit";
import { HTTPException } from "hono/http-exception";
import { alertsApi } from "./api/alerts.ts";
import { kpisApi } from "./api/kpis.ts";
import { dedupApi } from "./api/dedup.ts";
import { experimentsApi } from "./api/experiments.ts";
import { scoreApi } from "./api/score.ts";
import { personasApi } from "./api/personas.ts";
import { reportsApi } from "./api/reports.ts";
import { postsApi } from "./api/posts.ts";
import { searchApi } from "./api/search.ts";
import { tasksApi } from "./api/tasks.ts";
import { healthApi } from "./api/health.ts";
import { oauthCallbackApi } from "./api/oauth-callback.ts";
import { personaScheduleApi } from "./api/persona-schedule.ts";
import { postPublishingApi } from "./api/post-publishing.ts";
import { threadsAccountsApi } from "./api/threads-accounts.ts";
import { fakeThreadsApp } from "./fake-threads/index.ts";
import { requireApiKey } from "./api/auth.ts";
import { DOCS_HTML } from "./api/docs-page.ts";
import type { AppEnv } from "./api/router.ts";
import { loadConfig } from "./config.ts";
import { openDb } from "./db/client.ts";
import { AppError } from "./errors.ts";
import { EXPOSITION_CONTENT_TYPE } from "./metrics/exposition.ts";
import { renderMetrics } from "./metrics/scrape.ts";
import { requestMetrics } from "./metrics/telemetry.ts";
import { observabilityFromEnv } from "./observability/settings.ts";

const MAX_BODY_BYTES = 64 * 1024;

export function buildApp() {
  const app = new OpenAPIHono<AppEnv>();

  app.use("*", async (c, next) => {
    c.set("db", openDb(c.env.DB));
    c.set("config", loadConfig(c.env));
    await next();
  });

  app.use("*", requestMetrics());

  app.use(
    "/v1/*",
    bodyLimit({
      maxSize: MAX_BODY_BYTES,
      onError: () => {
        throw new AppError("payload_too_large", `request body over ${MAX_BODY_BYTES} bytes`, { field: "body", max_bytes: MAX_BODY_BYTES });
      },
    }),
  );
  app.use("/v1/*", requireApiKey);
  // Business numbers: Prometheus scrapes with `authorization: { credentials: <API_KEY> }`.
  app.use("/metrics", requireApiKey);

  app.route("/health", healthApi);
  app.route("/v1/personas", personasApi);
  app.route("/v1/personas", threadsAccountsApi);
  app.route("/v1/personas", personaScheduleApi);
  app.route("/v1/tasks", tasksApi);
  app.route("/v1/posts", postsApi);
  app.route("/v1/posts", postPublishingApi);
  app.route("/v1/search", searchApi);
  app.route("/v1", dedupApi); // /v1/dedup/compare and /v1/personas/:id/dedup/*
  app.route("/v1/experiments", experimentsApi);
  app.route("/v1", scoreApi); // /v1/score and /v1/personas/:id/score-model
  app.route("/v1/kpis", kpisApi);
  app.route("/v1/alerts", alertsApi);
  app.route("/v1/reports", reportsApi);
  app.route("/oauth/threads", oauthCallbackApi); // authorised by its one-time state, not the API key
  app.route("/fake-threads", fakeThreadsApp); // 404s unless FAKE_THREADS_ENABLED

  app.get("/metrics", async (c) => {
    const body = await renderMetrics({ db: c.var.db, now: Date.now(), revenueModel: observabilityFromEnv(c.env).revenueModel });
    return c.body(body, 200, { "content-type": EXPOSITION_CONTENT_TYPE });
  });

  app.openAPIRegistry.registerComponent("securitySchemes", "Bearer", { type: "http", scheme: "bearer", description: "the API_KEY secret" });
  app.doc31("/openapi.json", {
    openapi: "3.1.0",
    info: { title: "threads-agent", version: "1.0.0", description: "Writes, checks and publishes Threads posts for personas. Send Authorization: Bearer <API_KEY> on /v1 routes." },
  });
  app.get("/docs", (c) => c.html(DOCS_HTML));

  app.get("/", (c) => c.redirect("/dashboard/"));
  app.get("/dashboard", (c) => c.redirect("/dashboard/"));
  app.get("/dashboard/*", (c) => {
    // The dashboard folder is the assets root; strip the mount prefix before asking for the file.
    const url = new URL(c.req.url);
    url.pathname = url.pathname.slice("/dashboard".length) || "/";
    return c.env.ASSETS.fetch(new Request(url, c.req.raw));
  });

  app.notFound((c) => c.json({ error: { code: "not_found", message: `no route for ${c.req.method} ${new URL(c.req.url).pathname}` } }, 404));

  app.onError((err, c) => {
    if (err instanceof AppError) {
      return c.json({ error: { code: err.code, message: err.message, details: err.details } }, err.status);
    }
    if (err instanceof HTTPException && err.status < 500) {
      // Hono raises these for unreadable bodies (malformed JSON) before zod sees them.
      const message = /json/i.test(err.message) ? "body: malformed JSON" : err.message;
      return c.json({ error: { code: "bad_request", message, details: { field: "body" } } }, 400);
    }
    console.error(JSON.stringify({ event: "http.unhandled", method: c.req.method, path: new URL(c.req.url).pathname, error: err.message }));
    return c.json({ error: { code: "internal", message: "internal error" } }, 500);
  });

  return app;
}
