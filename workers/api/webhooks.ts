// /webhooks/threads: Meta's Threads webhooks (workers/conversations/webhook.ts). Outside /v1 and
// the API key: Meta authenticates by the verify token (GET) and the app secret's signature (POST).
import { Hono } from "hono";
import { handleWebhook, verifySignature } from "../conversations/webhook.ts";
import { errorJson } from "./error-body.ts";
import type { AppEnv } from "./router.ts";

const MAX_BODY_BYTES = 64 * 1024;

export const webhooksApi = new Hono<AppEnv>()
  .get("/threads", (c) => {
    const token = c.var.settings.conversations.webhookVerifyToken;
    const mode = c.req.query("hub.mode");
    const challenge = c.req.query("hub.challenge") ?? "";
    if (mode !== "subscribe")
      return errorJson(c, "bad_request", "hub.mode: must be subscribe", { details: { field: "hub.mode" } });
    if (!token || c.req.query("hub.verify_token") !== token) {
      return errorJson(c, "forbidden", "hub.verify_token: does not match THREADS_WEBHOOK_VERIFY_TOKEN");
    }
    // Meta expects the challenge back verbatim, as plain text.
    return c.text(challenge.slice(0, 200), 200);
  })
  .post("/threads", async (c) => {
    const body = await c.req.arrayBuffer();
    if (body.byteLength > MAX_BODY_BYTES)
      return errorJson(c, "payload_too_large", `body: over ${MAX_BODY_BYTES} bytes`);
    const verdict = await verifySignature(
      c.var.settings.publishing.appSecret,
      c.req.header("x-hub-signature-256"),
      body,
    );
    if (!verdict.ok) return errorJson(c, verdict.status === 401 ? "unauthorized" : "forbidden", verdict.message);
    const raw = new TextDecoder().decode(body);
    const out = await handleWebhook(c.env, c.var.db, c.var.settings, raw, Date.now());
    if (out.status !== 200) return errorJson(c, out.error.code, out.error.message);
    return c.json(out.body, 200);
  });
