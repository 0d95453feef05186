// Optional secrets. `wrangler types` only sees the required ones ([secrets] in wrangler.toml),
// so the optional ones are declared here, once, and merge into the generated Env.
declare namespace Cloudflare {
  interface Env {
    OPENAI_API_KEY?: string;
    THREADS_APP_SECRET?: string;
  }
}
