import { buildApp } from "./app.ts";
import { runScheduled } from "./cron/index.ts";
import { dispatchQueue } from "./durable/consumers.ts";
import { newRunId, withRequestId } from "./log.ts";
import type { GenerateMessage, PublishMessage } from "./durable/queues.ts";

export { PersonaAgent } from "../durable-objects/persona-agent.ts";

const app = buildApp();

export default {
  fetch: (request, env, ctx) => app.fetch(request, env, ctx),
  // Log lines of a queue batch or a cron run carry its own id (workers/log.ts).
  queue: (batch, env) => withRequestId(newRunId("msg"), () => dispatchQueue(batch, env)),
  scheduled: (controller, env) => withRequestId(newRunId("cron"), () => runScheduled(controller, env)),
} satisfies ExportedHandler<Env, GenerateMessage | PublishMessage>;
