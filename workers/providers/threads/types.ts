// Shapes of the Threads Graph API as this project uses them. Wire names (snake_case) stay
// in client.ts; callers see these camelCase results.

export type ContainerStatus = "IN_PROGRESS" | "FINISHED" | "PUBLISHED" | "ERROR" | "EXPIRED";

/** Who may reply; the Graph `reply_control` values. */
export type ReplyControl =
  | "everyone"
  | "accounts_you_follow"
  | "mentioned_only"
  | "parent_post_author_only"
  | "followers_only";

export interface CreateContainerInput {
  text: string;
  /** A public https URL; makes an IMAGE container (Threads downloads it). */
  imageUrl?: string;
  replyControl?: ReplyControl;
  /** One topic tag, without '#'. */
  topicTag?: string;
  /** Makes the post a reply to this media id (a chain's next part). */
  replyToId?: string;
  /** 2–4 options (poll_attachment option_a…option_d); text posts only. */
  pollOptions?: string[];
  /** A URL shown as a link preview (link_attachment); text posts only. */
  linkAttachment?: string;
  /** Quotes this media id (quote_post_id). */
  quotePostId?: string;
}

/** A reply or a mention as Threads describes it (webhook `value`, /replies, /conversation, /me/mentions). */
export interface ThreadsReply {
  id: string;
  text?: string;
  username?: string;
  timestamp?: string;
  permalink?: string;
  /** The post at the top of the conversation, with its owner. */
  rootPostId?: string;
  rootOwnerId?: string;
  repliedToId?: string;
  hideStatus?: string;
  isReplyOwnedByMe?: boolean;
}

export interface ReplyPageResult {
  replies: ThreadsReply[];
  nextCursor?: string;
}

export interface ContainerStatusResult {
  id: string;
  status: ContainerStatus;
  errorMessage?: string;
}

export interface ThreadsPost {
  id: string;
  text?: string;
  /** ISO 8601 as Graph returns it, e.g. 2026-11-20T09:00:00+0000. */
  timestamp?: string;
  permalink?: string;
  mediaType?: string;
  shortcode?: string;
  username?: string;
  /** The post's topic tag (Threads may take it from the first #tag of the text). */
  topicTag?: string;
}

export interface PostPage {
  posts: ThreadsPost[];
  /** Pass back as `after` for the next page; absent on the last page. */
  nextCursor?: string;
}

export interface PublishingLimit {
  quotaUsage: number;
  quotaTotal: number;
  quotaDurationSeconds: number;
  /** Replies published in the last 24 h and their limit (1,000), when Threads reports them. */
  replyQuotaUsage?: number;
  replyQuotaTotal?: number;
}

export interface ThreadsProfile {
  id: string;
  username?: string;
  name?: string;
  biography?: string;
  profilePictureUrl?: string;
}

export interface PostInsights {
  views: number;
  likes: number;
  replies: number;
  reposts: number;
  quotes: number;
  shares: number;
}

export interface AccountInsights {
  followersCount: number;
}

export interface ShortLivedToken {
  accessToken: string;
  /** Kept as a string: Threads user ids exceed Number.MAX_SAFE_INTEGER. */
  userId: string;
}

export interface LongLivedToken {
  accessToken: string;
  tokenType: string;
  expiresInSeconds: number;
  /** now + expires_in, by the client's clock. */
  expiresAt: number;
}

export type FetchLike = (input: RequestInfo | URL, init?: RequestInit) => Promise<Response>;

export interface ThreadsClientOptions {
  /** THREADS_API_BASE; default https://graph.threads.net. No trailing version. */
  baseUrl?: string;
  /** Where users authorize the app; default https://threads.com (the documented Authorization Window host). */
  authorizeBaseUrl?: string;
  /** Graph version path; default v1.0. */
  version?: string;
  fetch?: FetchLike;
  /** Per-request timeout; default 15 s. */
  timeoutMs?: number;
  now?: () => number;
}
