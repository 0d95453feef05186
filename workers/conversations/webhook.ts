// Meta's Threads webhooks (https://developers.facebook.com/docs/threads/webhooks; the
// verification and signature rules are Meta's Graph webhook rules,
// https://developers.facebook.com/docs/graph-api/webhooks/getting-started): a GET with
// hub.mode=subscribe and our verify token is answered with hub.challenge; a POST is accepted only
// with X-Hub-Signature-256 = sha256=HMAC-SHA256(app secret, raw body), compared in constant time
// (crypto.subtle.verify). Unsigned: 401. Wrong signature, another app, or stale `time`: 403.
// Nothing is stored before all of that passed; a delivery seen before (same body) is answered
// 200 and changes nothing.
import type { Db } from "../db/client.ts";
import { recordDelivery, updateReply, getReplyByThreadsId, accountByThreadsUser } from "../db/replies.ts";
import { toReply } from "../providers/threads/parse.ts";
import type { Settings } from "../settings/index.ts";
import { ingestReply } from "./ingest.ts";

export type VerifyResult = { ok: true } | { ok: false; status: 401 | 403; message: string };

const SIGNATURE = /^sha256=([0-9a-f]{64})$/i;

function hexBytes(hex: string): Uint8Array {
  const out = new Uint8Array(hex.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = Number.parseInt(hex.slice(i * 2, i * 2 + 2), 16);
  return out;
}

/** Checks X-Hub-Signature-256 against the raw body; crypto.subtle.verify compares in constant time. */
export async function verifySignature(
  secret: string | null,
  header: string | undefined,
  body: ArrayBuffer,
): Promise<VerifyResult> {
  if (!header) return { ok: false, status: 401, message: "x-hub-signature-256: missing" };
  const m = SIGNATURE.exec(header.trim());
  if (!m?.[1]) return { ok: false, status: 401, message: "x-hub-signature-256: expected sha256=<64 hex digits>" };
  if (!secret) return { ok: false, status: 403, message: "webhooks need THREADS_APP_SECRET to verify signatures" };
  const key = await crypto.subtle.importKey(
    "raw",
    new TextEncoder().encode(secret),
    { name: "HMAC", hash: "SHA-256" },
    false,
    ["verify"],
  );
  const valid = await crypto.subtle.verify("HMAC", key, hexBytes(m[1]), body);
  return valid ? { ok: true } : { ok: false, status: 403, message: "x-hub-signature-256: signature does not match" };
}

interface Event {
  app_id?: unknown;
  topic?: unknown;
  target_id?: unknown;
  time?: unknown;
  values?: { value?: unknown; field?: unknown };
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);
const str = (v: unknown): string | undefined =>
  typeof v === "string" ? v : typeof v === "number" ? String(v) : undefined;

export type WebhookOutcome =
  | { status: 200; body: { received: true; duplicate: boolean; stored: number } }
  | { status: 400 | 403; error: { code: "bad_request" | "forbidden"; message: string } };

/** A verified POST: checked for app and age, deduplicated, then each event ingested. */
export async function handleWebhook(
  env: Pick<Env, "REPLY_QUEUE">,
  db: Db,
  s: Settings,
  raw: string,
  now: number,
): Promise<WebhookOutcome> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    return { status: 400, error: { code: "bad_request", message: "body: malformed JSON" } };
  }
  const events: Event[] = (Array.isArray(parsed) ? parsed : [parsed]).filter(isObject);
  if (events.length === 0) return { status: 400, error: { code: "bad_request", message: "body: no event" } };
  for (const e of events) {
    const appId = str(e.app_id);
    if (s.publishing.appId && appId !== s.publishing.appId) {
      return { status: 403, error: { code: "forbidden", message: "app_id: not this app's webhook" } };
    }
    const time = typeof e.time === "number" ? e.time * 1000 : Number.NaN;
    if (!Number.isFinite(time) || now - time > s.conversations.webhookMaxAgeMs || time - now > 300_000) {
      return { status: 403, error: { code: "forbidden", message: "time: stale or missing event time" } };
    }
  }
  const id = await sha256Hex(raw);
  const field = events.map((e) => str(e.values?.field) ?? "?").join(",");
  if (!(await recordDelivery(db, id, field, now))) {
    return { status: 200, body: { received: true, duplicate: true, stored: 0 } };
  }
  let stored = 0;
  for (const e of events) stored += await ingestEvent(env, db, e, now);
  return { status: 200, body: { received: true, duplicate: false, stored } };
}

async function ingestEvent(env: Pick<Env, "REPLY_QUEUE">, db: Db, e: Event, now: number): Promise<number> {
  const field = str(e.values?.field);
  const value = e.values?.value;
  if (!isObject(value)) return 0;
  const target = str(e.target_id);
  if (field === "replies" || field === "mentions") {
    const res = await ingestReply(
      env,
      db,
      {
        reply: toReply(value),
        kind: field === "replies" ? "reply" : "mention",
        source: "webhook",
        targetUserId: target,
      },
      now,
    );
    return "stored" in res ? 1 : 0;
  }
  if (field === "delete" && target) {
    // A reply (or our post) deleted on Threads: an unanswered inbox entry is dismissed.
    const account = await accountByThreadsUser(db, target);
    const threadsId = str(value["id"]);
    const row = account && threadsId ? await getReplyByThreadsId(db, account.personaId, threadsId) : undefined;
    if (row && row.status !== "answered")
      await updateReply(db, row.id, { status: "dismissed", error: "deleted on Threads" }, now);
  }
  // `publish` events report our own posts, which the publisher already recorded.
  return 0;
}

async function sha256Hex(text: string): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", new TextEncoder().encode(text)));
  return Array.from(digest, (b) => b.toString(16).padStart(2, "0")).join("");
}
