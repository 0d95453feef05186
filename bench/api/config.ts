// The API benchmark measures the HTTP API alone. Locally the queue consumer runs in the same
// workerd isolate as the API, so every accepted task would start a generation that competes
// for the same CPU while autocannon is measuring; in production consumers run in their own
// invocations. So the API is served from a copy of wrangler.toml without [[queues.consumers]]:
// tasks are queued, not generated.
import { derivedConfig } from "../lib/config.ts";

export const apiOnlyConfig = (): string => derivedConfig({ name: "wrangler.api-only.toml", dropConsumers: true });
