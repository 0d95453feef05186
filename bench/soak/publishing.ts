// Publishing in the soak, for builds that have it. Written against the publishing branch's
// API (PUT /v1/personas/:id/threads-account, POST /v1/posts/:id/publish, the fake Threads
// API at /fake-threads); on a build without those routes the soak checks generation only.
import type { ApiClient, PostView } from "../lib/api.ts";
import { sleep } from "../lib/api.ts";
import type { PublishedMedia } from "./verdict.ts";

/** True when the build routes POST /v1/posts/:id/publish (a missing post is 404 either way). */
export async function hasPublishing(api: ApiClient): Promise<boolean> {
  const res = await api.request("POST", "/v1/posts/pst_bench_probe/publish", {});
  const body = (await res.json().catch(() => ({}))) as { error?: { message?: string } };
  return !(res.status === 404 && /^no route for/.test(body.error?.message ?? ""));
}

// The fake accepts any `fake-…` token as a stable user of its own.
export const fakeToken = (personaId: string) => `fake-${personaId}-bench-token`;

/** Links each persona to its own fake Threads account; returns persona id -> Threads user id. */
export async function linkAccounts(api: ApiClient, personaIds: string[]): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const id of personaIds) {
    // The fake fails ~FAKE_THREADS_FAULT_RATE of calls, including the /me check on link.
    for (let attempt = 1; ; attempt++) {
      const res = await api.request("PUT", `/v1/personas/${id}/threads-account`, {
        user_id: "me",
        access_token: fakeToken(id),
      });
      if (res.ok) {
        out[id] = ((await res.json()) as { threads_user_id: string }).threads_user_id;
        break;
      }
      if (attempt >= 20)
        throw new Error(`could not link a Threads account to ${id}: ${res.status} ${await res.text()}`);
      await sleep(100);
    }
  }
  return out;
}

/** Fires the every-minute cron (due posts) the way `npm start` does; wrangler dev has no cron. */
export async function fireCron(baseUrl: string): Promise<void> {
  await fetch(`${baseUrl}/cdn-cgi/local/scheduled?cron=${encodeURIComponent("* * * * *")}`).catch(() => undefined);
}

/** Waits until no post is scheduled or publishing, firing the cron; gives up when none finished for `stallMs`. */
export async function waitForPublishing(
  api: ApiClient,
  allPosts: () => Promise<PostView[]>,
  stallMs: number,
): Promise<boolean> {
  let pendingBefore = Number.POSITIVE_INFINITY;
  let progressAt = Date.now();
  while (Date.now() - progressAt < stallMs) {
    const pending = (await allPosts()).filter((p) => p.status === "scheduled" || p.status === "publishing").length;
    if (pending === 0) return true;
    if (pending < pendingBefore) {
      pendingBefore = pending;
      progressAt = Date.now();
    }
    await fireCron(api.base);
    await sleep(2000);
  }
  return false;
}

interface MediaPage {
  data: { id: string; text?: string }[];
  paging?: { next?: string; cursors?: { after?: string } };
}

/** Everything the fake holds for one account, paging with `after`; retries its injected faults. */
export async function listMedia(api: ApiClient, personaId: string, userId: string): Promise<PublishedMedia[]> {
  const out: PublishedMedia[] = [];
  let after = "";
  for (let page = 0; page < 100; page++) {
    const url = `${api.base}/fake-threads/v1.0/${userId}/threads?fields=id,text&limit=100&access_token=${fakeToken(personaId)}${after ? `&after=${after}` : ""}`;
    let body: MediaPage | null = null;
    for (let attempt = 0; attempt < 30 && body === null; attempt++) {
      const res = await fetch(url).catch(() => null);
      if (res?.ok) body = (await res.json()) as MediaPage;
      else await sleep(50);
    }
    if (!body) throw new Error(`fake Threads kept failing to list ${userId}'s posts`);
    out.push(...body.data.map((m) => ({ account: userId, id: m.id, text: m.text ?? "" })));
    if (!body.paging?.next || !body.paging.cursors?.after) break;
    after = encodeURIComponent(body.paging.cursors.after);
  }
  return out;
}
