// Secrets and optional settings. `wrangler types` only sees [vars] (it is run with
// --env-file /dev/null so a local .dev.vars never changes the generated file), so these are
// declared here, once, and merge into the generated Env. Each is in the README's settings table.
interface OptionalEnv {
  API_KEY?: string;
  TOKEN_ENCRYPTION_KEY?: string;
  OPENAI_API_KEY?: string;
  OPENAI_BASE_URL?: string;
  HOOK_MODEL?: string;
  BODY_MODEL?: string;
  MODEL_PRICES?: string;
  OFFLINE_LLM_FAULT_RATE?: string;
  OFFLINE_LLM_LATENCY_MS?: string;
  QUEUE_RETRY_BASE_SECONDS?: string;
  QUEUE_RETRY_MAX_SECONDS?: string;
  THREADS_APP_SECRET?: string;
  REVENUE_MODEL?: string;
  DAILY_LLM_BUDGET_USD?: string;
  ALERT_P95_LATENCY_SECONDS?: string;
  ALERT_FAILURE_RATE?: string;
  SLACK_WEBHOOK_URL?: string;
  PAGERDUTY_ROUTING_KEY?: string;
  DASHBOARD_URL?: string;
}

// The generated file declares both a global Env and Cloudflare.Env; both get the optional settings.
interface Env extends OptionalEnv {}
declare namespace Cloudflare {
  interface Env extends OptionalEnv {}
}
