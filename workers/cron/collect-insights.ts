import { obsDb } from "../db/observability-db.ts";
import { getAccount } from "../db/threads-accounts.ts";
import { insightsJob } from "../observability/jobs.ts";
import { chainInsights } from "../insights/chain-insights.ts";
import { accountToken } from "../publishing/accounts.ts";
import { services } from "../services.ts";
import type { ThreadsAccountRow } from "../db/schema/index.ts";
import { logEvent } from "../log.ts";
import { personas } from "../db/schema/index.ts";
import { asc } from "drizzle-orm";
import { fanOut } from "./fan-out.ts";

/**
 * "*\/15 * * * *": pulls due post insights and follower counts from Threads with each persona's
 * token, one page of personas per invocation once there are more than one page (fan-out.ts).
 */
export async function collectInsights(env: Env, now: number): Promise<unknown> {
  const rows = await services(env).db.select({ id: personas.id }).from(personas).orderBy(asc(personas.id)).all();
  return fanOut(
    env,
    "insights",
    rows.map((r) => r.id),
    now,
    (page) => collectInsightsPage(env, page, now),
  );
}

/** Insights of one page of personas: their due posts (at most 40) and their follower counts. */
export async function collectInsightsPage(env: Env, personaIds: string[], now: number): Promise<unknown> {
  const db = services(env).db;
  const client = services(env).threads;
  // One account lookup and token decryption per persona per run.
  const accounts = new Map<string, Promise<{ row: ThreadsAccountRow; token: string }>>();
  const account = (personaId: string) => {
    let found = accounts.get(personaId);
    if (!found) {
      found = (async () => {
        const row = await getAccount(db, personaId);
        if (!row) throw new Error(`persona '${personaId}' has no linked Threads account`);
        if (row.status !== "active") throw new Error(`persona '${personaId}' must reconnect its Threads account`);
        return { row, token: await accountToken(env, row) };
      })();
      accounts.set(personaId, found);
    }
    return found;
  };
  const result = await insightsJob({
    db: obsDb(env.DB),
    now,
    personaIds,
    fetchPostInsights: async (post) => {
      const { token } = await account(post.persona_id);
      if (post.format === "chain")
        return chainInsights(db, post.post_id, (mediaId) => client.getPostInsights(mediaId, token), now);
      return client.getPostInsights(post.threads_media_id, token);
    },
    fetchFollowers: async (personaId) => {
      const { row, token } = await account(personaId);
      return (await client.getAccountInsights(row.threadsUserId, token)).followersCount;
    },
  });
  logEvent("cron.insights", { ...result });
  return result;
}
