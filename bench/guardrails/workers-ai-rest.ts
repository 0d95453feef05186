// Workers AI over its REST API, as the AiRunner the Workers AI second opinion takes, so that the
// bench can measure that adapter from a machine (the AI binding exists only inside a deployed
// Worker). Needs CLOUDFLARE_ACCOUNT_ID and CLOUDFLARE_API_TOKEN (a token with Workers AI read);
// neither is printed. https://developers.cloudflare.com/workers-ai/get-started/rest-api/
import type { AiRunner } from "../../workers/providers/llm/workers-ai.ts";

export function workersAiRest(env: NodeJS.ProcessEnv = process.env): AiRunner | null {
  const account = env.CLOUDFLARE_ACCOUNT_ID;
  const token = env.CLOUDFLARE_API_TOKEN;
  if (!account || !token) return null;
  return {
    async run(model, inputs) {
      const res = await fetch(`https://api.cloudflare.com/client/v4/accounts/${account}/ai/run/${model}`, {
        method: "POST",
        headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
        body: JSON.stringify(inputs),
      });
      const body = (await res.json().catch(() => null)) as {
        success?: boolean;
        result?: unknown;
        errors?: { code?: number; message?: string }[];
      } | null;
      if (!res.ok || !body?.success) {
        const e = body?.errors?.[0];
        // The binding's message shape ("3040: Capacity temporarily exceeded"), so errors classify alike.
        throw new Error(`${e?.code ?? res.status}: ${e?.message ?? "Workers AI REST error"}`);
      }
      return body.result;
    },
  };
}
