import { buildApp } from "./app.ts";
import { isOAuthPath, oauthFetch } from "./api/oauth.ts";
import { runScheduled } from "./cron/index.ts";
import { cronPageSpec } from "./cron/pages.ts";
import { dispatcher, liveQueueConsumer } from "./durable/consumer.ts";
import { durableConsumers } from "./durable/consumers.ts";
import { QUEUE } from "./durable/queues.ts";
import { newId } from "./ids.ts";
import { withRequestId } from "./log.ts";
import type { GenerateMessage, PublishMessage } from "./durable/queues.ts";

export { PersonaAgent } from "../durable-objects/persona-agent.ts";

const app = buildApp();
const dispatchQueue = dispatcher({ ...durableConsumers, [QUEUE.cron]: liveQueueConsumer(cronPageSpec) });

export default {
  // /mcp and the OAuth endpoints go through the OAuth provider (workers/api/oauth.ts); the rest straight to the app.
  fetch: (request, env, ctx) =>
    isOAuthPath(new URL(request.url).pathname) ? oauthFetch(app, request, env, ctx) : app.fetch(request, env, ctx),
  // Log lines of a queue batch or a cron run carry its own id (workers/log.ts).
  queue: (batch, env) => withRequestId(newId("message"), () => dispatchQueue(batch, env)),
  scheduled: (controller, env) => withRequestId(newId("cron"), () => runScheduled(controller, env)),
} satisfies ExportedHandler<Env, GenerateMessage | PublishMessage>;
