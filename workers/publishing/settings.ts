// Publishing settings: the publishing section of the one settings schema (workers/settings.ts,
// resolved in workers/config.ts); docs/publishing.md lists each.
import { loadSettings } from "../config.ts";

export interface PublishingSettings {
  /** graph.threads.net, or …/fake-threads for local runs and tests. */
  apiBase: string;
  /** Where users approve the app: threads.com, or the fake's own /oauth/authorize. */
  authorizeBase: string;
  fakeEnabled: boolean;
  /** The API base is the fake mounted in this Worker: serve it in-process. */
  usesLocalFake: boolean;
  appId: string | null;
  appSecret: string | null;
  redirectUri: string | null;
  /** How far ahead of a free slot autopilot creates its generation task. */
  autopilotLeadMs: number;
}

// threads_keyword_search: the research step's keyword search (GET /keyword_search) needs it.
// https://developers.facebook.com/documentation/threads/keyword-search (updated 2026-01-21).
export const THREADS_SCOPES = [
  "threads_basic",
  "threads_content_publish",
  "threads_read_replies",
  "threads_manage_insights",
  "threads_keyword_search",
];

export function loadPublishingSettings(env: object): PublishingSettings {
  return loadSettings(env).publishing;
}
