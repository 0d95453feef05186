import { buildApp } from "./app.ts";
import { runScheduled } from "./cron/index.ts";
import { dispatchQueue } from "./queue/index.ts";
import type { GenerateMessage } from "./queue/messages.ts";
import type { PublishMessage } from "./queue/publish-messages.ts";

export { PersonaAgent } from "../durable-objects/persona-agent.ts";

const app = buildApp();

export default {
  fetch: (request, env, ctx) => app.fetch(request, env, ctx),
  queue: (batch, env) => dispatchQueue(batch, env),
  scheduled: (controller, env) => runScheduled(controller, env),
} satisfies ExportedHandler<Env, GenerateMessage | PublishMessage>;
