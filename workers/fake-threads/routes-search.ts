// GET /v1.0/keyword_search, as documented (https://developers.facebook.com/documentation/threads/keyword-search,
// updated 2026-01-21): q (required), search_type TOP|RECENT, search_mode KEYWORD|TAG, since/until
// (Unix seconds), limit, fields. Answers {data: [media…]} with the requested fields; a post matches
// when it contains any word of q. Without
// threads_keyword_search approval only the user's own posts are searched; a user may send 2,200
// queries per rolling 24 h, and queries that find nothing do not count.
import type { Hono } from "hono";
import { authenticate, guarded, pick } from "./context.ts";
import type { FakeEnv } from "./context.ts";
import { E, graphErrorResponse } from "./graph-errors.ts";
import { mediaObject } from "./routes-read.ts";
import { getUsername, searchMedia } from "./store.ts";

const DAY_MS = 86_400_000;

export function registerSearch(app: Hono<FakeEnv>): void {
  app.get("/v1.0/keyword_search", async (c) => {
    const viewer = await authenticate(c);
    if (viewer instanceof Response) return viewer;
    return guarded(c, "keyword_search", async () => {
      const { db, now, opts, searches } = c.var.fake;
      const q = c.req.query("q")?.trim();
      if (!q) return graphErrorResponse(c, E.missingParam("q"));
      const type = c.req.query("search_type") ?? "TOP";
      const mode = c.req.query("search_mode") ?? "KEYWORD";
      if (type !== "TOP" && type !== "RECENT")
        return graphErrorResponse(c, E.invalidParam("search_type must be TOP or RECENT"));
      if (mode !== "KEYWORD" && mode !== "TAG")
        return graphErrorResponse(c, E.invalidParam("search_mode must be KEYWORD or TAG"));
      const log = (searches.get(viewer.userId) ?? []).filter((t) => t > now - DAY_MS);
      if (log.length >= opts.keywordQueriesPerDay) return graphErrorResponse(c, E.throttled(613));
      const limit = Math.min(100, Math.max(1, Number(c.req.query("limit") ?? 25) || 25));
      const seconds = (s: string | undefined) =>
        s !== undefined && Number.isFinite(Number(s)) ? Number(s) * 1000 : undefined;
      const rows = await searchMedia(db, {
        q,
        tag: mode === "TAG",
        ownerId: opts.keywordSearchApproved ? undefined : viewer.userId,
        since: seconds(c.req.query("since")),
        until: seconds(c.req.query("until")),
        limit,
        newestFirst: type === "RECENT",
      });
      if (rows.length > 0) log.push(now);
      searches.set(viewer.userId, log);
      const fields = c.req.query("fields");
      const data: Record<string, unknown>[] = [];
      for (const m of rows)
        data.push(pick(mediaObject(m, (await getUsername(db, m.userId)) ?? "fake_user"), fields, ["id"]));
      return c.json({ data });
    });
  });
}
