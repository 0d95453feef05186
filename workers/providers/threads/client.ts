// Threads Graph API client. Stateless: every call takes the user's token, so one client
// serves all personas. Base URL comes from THREADS_API_BASE so the fake Threads API
// (workers/fake-threads, mounted at /fake-threads) can stand in for graph.threads.net.
import { ThreadsApiError } from "./errors.ts";
import { callGraph } from "./http.ts";
import type { GraphCall, HttpDeps } from "./http.ts";
import * as oauth from "./oauth.ts";
import {
  dataArray,
  INSIGHT_METRICS,
  metricValue,
  optNumber,
  optString,
  reqString,
  toInsights,
  toPost,
  toReply,
} from "./parse.ts";
import type {
  AccountInsights,
  ContainerStatus,
  ContainerStatusResult,
  CreateContainerInput,
  LongLivedToken,
  PostInsights,
  PostPage,
  PublishingLimit,
  ReplyPageResult,
  ShortLivedToken,
  ThreadsClientOptions,
  ThreadsPost,
  ThreadsProfile,
} from "./types.ts";

export const DEFAULT_THREADS_API_BASE = "https://graph.threads.net";
/** The Authorization Window's host (https://developers.facebook.com/documentation/threads/get-started/get-access-tokens-and-permissions, updated 2026-08-12). */
export const DEFAULT_THREADS_AUTHORIZE_BASE = "https://threads.com";
const STATUSES: readonly ContainerStatus[] = ["IN_PROGRESS", "FINISHED", "PUBLISHED", "ERROR", "EXPIRED"];
const POST_FIELDS = ["id", "text", "timestamp", "permalink"];
/** Graph's page size when `limit` is not sent. */
const DEFAULT_PAGE_SIZE = 25;

export class ThreadsClient {
  private readonly base: string;
  private readonly graphBase: string;
  private readonly authorizeBase: string;
  private readonly deps: HttpDeps;
  private readonly now: () => number;

  constructor(opts: ThreadsClientOptions = {}) {
    this.base = oauth.trimSlash(opts.baseUrl || DEFAULT_THREADS_API_BASE);
    this.graphBase = `${this.base}/${opts.version ?? "v1.0"}`;
    this.authorizeBase = opts.authorizeBaseUrl ?? DEFAULT_THREADS_AUTHORIZE_BASE;
    this.deps = { fetch: opts.fetch ?? ((i, init) => fetch(i, init)), timeoutMs: opts.timeoutMs ?? 15_000 };
    this.now = opts.now ?? Date.now;
  }

  /** Creates a TEXT container, or an IMAGE one when imageUrl is set. Returns the container id. */
  async createContainer(userId: string, token: string, input: CreateContainerInput): Promise<string> {
    if (input.topicTag !== undefined && !/^[^.&]{1,50}$/.test(input.topicTag)) {
      throw new ThreadsApiError({
        kind: "permanent",
        operation: "createContainer",
        message: "Threads createContainer failed: topicTag must be 1-50 characters without '.' or '&'",
      });
    }
    const { json } = await this.graph("POST", `${enc(userId)}/threads`, token, "createContainer", {
      media_type: input.imageUrl ? "IMAGE" : "TEXT",
      text: input.text,
      image_url: input.imageUrl,
      reply_control: input.replyControl,
      topic_tag: input.topicTag?.replace(/^#/, ""),
      reply_to_id: input.replyToId,
      poll_attachment: input.pollOptions ? JSON.stringify(pollAttachment(input.pollOptions)) : undefined,
      link_attachment: input.linkAttachment,
      quote_post_id: input.quotePostId,
    });
    return reqString(json, "id", "createContainer");
  }

  async getContainerStatus(containerId: string, token: string): Promise<ContainerStatusResult> {
    const op = "getContainerStatus";
    const { json } = await this.graph("GET", enc(containerId), token, op, { fields: "status,error_message" });
    const status = reqString(json, "status", op);
    if (!(STATUSES as readonly string[]).includes(status)) {
      throw new ThreadsApiError({
        kind: "transient",
        operation: op,
        message: `Threads ${op} failed: unknown status ${status}`,
      });
    }
    return {
      id: optString(json, "id") ?? containerId,
      status: status as ContainerStatus,
      errorMessage: optString(json, "error_message"),
    };
  }

  /** Publishes a FINISHED container; returns the media id of the post. */
  async publish(userId: string, token: string, containerId: string): Promise<string> {
    const { json } = await this.graph("POST", `${enc(userId)}/threads_publish`, token, "publish", {
      creation_id: containerId,
    });
    return reqString(json, "id", "publish");
  }

  async getPost(mediaId: string, token: string, fields: string[] = POST_FIELDS): Promise<ThreadsPost> {
    const { json } = await this.graph("GET", enc(mediaId), token, "getPost", { fields: fields.join(",") });
    return toPost(json);
  }

  /** The user's own posts, newest first. */
  async listPosts(
    userId: string,
    token: string,
    opts: { limit?: number; after?: string; since?: number } = {},
  ): Promise<PostPage> {
    const { json } = await this.graph("GET", `${enc(userId)}/threads`, token, "listPosts", {
      fields: [...POST_FIELDS, "media_type", "shortcode", "topic_tag"].join(","),
      limit: opts.limit?.toString(),
      after: opts.after,
      since: opts.since?.toString(),
    });
    const paging = json["paging"];
    const cursors = isRecord(paging) ? paging["cursors"] : undefined;
    const after = isRecord(cursors) ? optString(cursors, "after") : undefined;
    const posts = dataArray(json).map(toPost);
    // Threads may leave out paging.next although more posts follow: a full page with an `after`
    // cursor means "ask again"; only a short page (or no cursor) ends the list.
    const hasNext = isRecord(paging) && typeof paging["next"] === "string";
    const fullPage = posts.length >= (opts.limit ?? DEFAULT_PAGE_SIZE);
    return { posts, nextCursor: after && (hasNext || fullPage) ? after : undefined };
  }

  /**
   * Replies under a post: its top-level replies (`/replies`) or every reply at any depth
   * (`/conversation`), newest first, one page.
   */
  async listReplies(
    mediaId: string,
    token: string,
    opts: { depth: "top" | "all"; after?: string; limit?: number },
  ): Promise<ReplyPageResult> {
    const edge = opts.depth === "all" ? "conversation" : "replies";
    const { json } = await this.graph("GET", `${enc(mediaId)}/${edge}`, token, "listReplies", {
      fields: REPLY_FIELDS,
      reverse: "true",
      limit: opts.limit?.toString(),
      after: opts.after,
    });
    return replyPage(json);
  }

  /** Posts of others that mention the user (`/me/mentions`), one page. */
  async listMentions(token: string, opts: { after?: string; limit?: number } = {}): Promise<ReplyPageResult> {
    const { json } = await this.graph("GET", "me/mentions", token, "listMentions", {
      fields: REPLY_FIELDS,
      limit: opts.limit?.toString(),
      after: opts.after,
    });
    return replyPage(json);
  }

  /** Hides (or unhides) a top-level reply to one of the user's posts. */
  async manageReply(replyId: string, token: string, hide: boolean): Promise<void> {
    const { json } = await this.graph("POST", `${enc(replyId)}/manage_reply`, token, "manageReply", {
      hide: hide ? "true" : "false",
    });
    if (json["success"] !== true) {
      throw new ThreadsApiError({
        kind: "transient",
        operation: "manageReply",
        message: "Threads manageReply failed: no success",
      });
    }
  }

  async getPublishingLimit(userId: string, token: string): Promise<PublishingLimit> {
    const op = "getPublishingLimit";
    const { json } = await this.graph("GET", `${enc(userId)}/threads_publishing_limit`, token, op, {
      fields: "quota_usage,config,reply_quota_usage,reply_config",
    });
    const entry = dataArray(json)[0];
    const config = entry?.["config"];
    if (!entry || !isRecord(config)) {
      throw new ThreadsApiError({ kind: "transient", operation: op, message: `Threads ${op} failed: no quota data` });
    }
    return {
      quotaUsage: optNumber(entry, "quota_usage") ?? 0,
      quotaTotal: optNumber(config, "quota_total") ?? 250,
      quotaDurationSeconds: optNumber(config, "quota_duration") ?? 86_400,
      replyQuotaUsage: optNumber(entry, "reply_quota_usage"),
      replyQuotaTotal: isRecord(entry["reply_config"]) ? optNumber(entry["reply_config"], "quota_total") : undefined,
    };
  }

  async getMe(token: string): Promise<ThreadsProfile> {
    const { json } = await this.graph("GET", "me", token, "getMe", {
      fields: "id,username,name,threads_profile_picture_url,threads_biography",
    });
    return {
      id: reqString(json, "id", "getMe"),
      username: optString(json, "username"),
      name: optString(json, "name"),
      biography: optString(json, "threads_biography"),
      profilePictureUrl: optString(json, "threads_profile_picture_url"),
    };
  }

  async getPostInsights(mediaId: string, token: string): Promise<PostInsights> {
    const { json } = await this.graph("GET", `${enc(mediaId)}/insights`, token, "getPostInsights", {
      metric: INSIGHT_METRICS.join(","),
    });
    return toInsights(json);
  }

  async getAccountInsights(userId: string, token: string): Promise<AccountInsights> {
    const { json } = await this.graph("GET", `${enc(userId)}/threads_insights`, token, "getAccountInsights", {
      metric: "followers_count",
    });
    const entry = dataArray(json).find((e) => e["name"] === "followers_count");
    return { followersCount: entry ? metricValue(entry) : 0 };
  }

  authorizeUrl(input: oauth.AuthorizeUrlInput): string {
    return oauth.buildAuthorizeUrl(this.authorizeBase, input);
  }

  exchangeCode(input: oauth.CodeExchangeInput): Promise<ShortLivedToken> {
    return oauth.exchangeCode(this.deps, this.base, input);
  }

  exchangeForLongLived(shortToken: string, clientSecret: string): Promise<LongLivedToken> {
    return oauth.exchangeForLongLived(this.deps, this.base, this.now(), shortToken, clientSecret);
  }

  /** What Threads knows about `inputToken`, asked with `accessToken` (a tester's token of this app). */
  debugToken(accessToken: string, inputToken: string): Promise<oauth.TokenInfo> {
    return oauth.debugToken(this.deps, this.graphBase, accessToken, inputToken);
  }

  refreshLongLived(token: string): Promise<LongLivedToken> {
    return oauth.refreshLongLived(this.deps, this.base, this.now(), token);
  }

  private graph(
    method: GraphCall["method"],
    path: string,
    token: string,
    operation: string,
    params: GraphCall["params"],
  ) {
    return callGraph(this.deps, {
      method,
      url: `${this.graphBase}/${path}`,
      operation,
      secrets: [token],
      params: { ...params, access_token: token },
    });
  }
}

const enc = encodeURIComponent;

/** {option_a, option_b, option_c?, option_d?} (https://developers.facebook.com/documentation/threads/create-posts/polls). */
function pollAttachment(options: string[]): Record<string, string> {
  return Object.fromEntries(options.slice(0, 4).map((o, i) => [`option_${"abcd"[i]}`, o]));
}

const REPLY_FIELDS =
  "id,text,username,permalink,timestamp,media_type,shortcode,root_post,replied_to,is_reply,is_reply_owned_by_me,hide_status";

function replyPage(json: Record<string, unknown>): ReplyPageResult {
  const paging = json["paging"];
  const cursors = isRecord(paging) ? paging["cursors"] : undefined;
  const hasNext = isRecord(paging) && typeof paging["next"] === "string";
  const after = isRecord(cursors) ? optString(cursors, "after") : undefined;
  return { replies: dataArray(json).map(toReply), nextCursor: hasNext ? after : undefined };
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}
