// The fake's outgoing webhooks, shaped and signed as Meta's
// (https://developers.facebook.com/docs/threads/webhooks): one POST per event, the body signed
// with HMAC-SHA256 under the app secret in X-Hub-Signature-256: sha256=<hex>. `replies` events
// belong to the `moderate` topic, `mentions` to `interaction`.
import { replyObject } from "./routes-replies.ts";
import type { ReplyRow } from "./store-replies.ts";
import { webhookSink } from "./webhook-sink.ts";

export interface WebhookTarget {
  appId: string;
  appSecret: string;
  /** Absent: the Worker's own /webhooks/threads, in-process. */
  url: string | null;
}

export function webhookBody(appId: string, r: ReplyRow, rootUsername: string, now: number): string {
  const mention = r.kind === "mention";
  const value = replyObject(r, null, false, rootUsername);
  delete value["is_reply_owned_by_me"];
  delete value["has_replies"];
  return JSON.stringify({
    app_id: appId,
    topic: mention ? "interaction" : "moderate",
    target_id: r.ownerId,
    time: Math.floor(now / 1000),
    subscription_id: `sub_${appId}`,
    has_uid_field: false,
    values: { value, field: mention ? "mentions" : "replies" },
  });
}

export async function signBody(secret: string, body: string): Promise<string> {
  const key = await crypto.subtle.importKey(
    "raw",
    new TextEncoder().encode(secret),
    { name: "HMAC", hash: "SHA-256" },
    false,
    ["sign"],
  );
  const mac = new Uint8Array(await crypto.subtle.sign("HMAC", key, new TextEncoder().encode(body)));
  return `sha256=${Array.from(mac, (b) => b.toString(16).padStart(2, "0")).join("")}`;
}

/** Delivers one event per row; a failed delivery is dropped, as Meta's would be after its retries (polling catches up). */
export async function deliverWebhooks(
  env: Env,
  target: WebhookTarget,
  rows: ReplyRow[],
  rootUsername: string,
  now: number,
): Promise<number> {
  let delivered = 0;
  for (const r of rows) {
    const body = webhookBody(target.appId, r, rootUsername, now);
    const headers = {
      "content-type": "application/json",
      "x-hub-signature-256": await signBody(target.appSecret, body),
    };
    try {
      const sink = webhookSink();
      const res = target.url
        ? await fetch(target.url, { method: "POST", headers, body })
        : sink
          ? await sink(new Request("http://in-process/webhooks/threads", { method: "POST", headers, body }), env)
          : null;
      if (res?.ok) delivered++;
    } catch {
      // dropped; the Worker's polling finds the reply
    }
  }
  return delivered;
}
