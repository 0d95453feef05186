// Where the fake delivers its webhooks when FAKE_THREADS_WEBHOOK_URL is not set: the Worker's own
// app, in-process (a Worker calling its own hostname is not reliable outside `wrangler dev`).
// workers/app.ts registers it; nothing else does.
type Sink = (request: Request, env: Env) => Promise<Response>;

let sink: Sink | null = null;

export function setWebhookSink(s: Sink): void {
  sink = s;
}

export function webhookSink(): Sink | null {
  return sink;
}
