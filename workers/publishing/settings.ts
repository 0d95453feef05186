// Publishing settings, read from env in one place (docs/publishing.md lists each).
// Kept apart from workers/config.ts so the generation settings and these evolve independently.
import { DEFAULT_THREADS_API_BASE } from "../providers/threads/index.ts";
import { numberSetting, str, type Vars } from "../settings.ts";

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
export const THREADS_SCOPES = ["threads_basic", "threads_content_publish", "threads_read_replies", "threads_manage_insights", "threads_keyword_search"];
/** The Authorization Window's host (https://developers.facebook.com/documentation/threads/get-started/get-access-tokens-and-permissions, updated 2026-08-12). */
export const THREADS_AUTHORIZE_BASE = "https://threads.com";

export function loadPublishingSettings(env: object): PublishingSettings {
  const vars = env as Vars;
  const apiBase = (str(vars.THREADS_API_BASE) ?? DEFAULT_THREADS_API_BASE).replace(/\/+$/, "");
  const fakeEnabled = /^(1|true|yes|on)$/i.test(str(vars.FAKE_THREADS_ENABLED) ?? "");
  const pointsAtFake = /\/fake-threads$/.test(apiBase);
  const usesLocalFake = fakeEnabled && pointsAtFake;
  return {
    apiBase,
    authorizeBase: pointsAtFake ? apiBase : THREADS_AUTHORIZE_BASE,
    fakeEnabled,
    usesLocalFake,
    // The fake accepts any app credentials, so local runs need none configured.
    appId: str(vars.THREADS_APP_ID) ?? (usesLocalFake ? "fake-app" : null),
    appSecret: str(vars.THREADS_APP_SECRET) ?? (usesLocalFake ? "fake-secret" : null),
    redirectUri: str(vars.THREADS_REDIRECT_URI),
    // Not reported in a problems list (publishing settings have none); an invalid value means 120.
    autopilotLeadMs: numberSetting(vars, "AUTOPILOT_LEAD_MINUTES", 120, { min: 1, max: 7 * 1440 }, []) * 60_000,
  };
}
