import { z } from "@hono/zod-openapi";
import type { ThreadsAccountRow } from "../../db/schema/index.ts";
import { ACCOUNT_STATUSES } from "../../db/schema/index.ts";
import { IsoTime, iso, safeString } from "./common.ts";

export const LinkAccount = z
  .object({
    user_id: safeString()
      .regex(/^(me|\d{1,30})$/, "must be the numeric Threads user id (or me)")
      .openapi({ example: "17841400000000000" }),
    access_token: safeString()
      .min(1)
      .max(2000)
      .openapi({ description: "A long-lived Threads user access token; stored encrypted, never returned" }),
    expires_at: z.iso.datetime({ offset: true }).optional().openapi({
      description:
        "When the token expires, if you know it. Otherwise Threads is asked (debug_token); a short-lived token is exchanged for a 60-day one when THREADS_APP_SECRET is set, else refused; an unknown expiry is refreshed at the first chance after 24 h",
    }),
  })
  .strict()
  .openapi("LinkThreadsAccount", { example: { user_id: "17841400000000000", access_token: "THQVJ…long-lived-token" } });

export const ThreadsAccount = z
  .object({
    persona_id: z.string(),
    threads_user_id: z.string(),
    username: z.string().nullable(),
    status: z.enum(ACCOUNT_STATUSES),
    status_reason: z.string().nullable(),
    token_issued_at: IsoTime,
    token_expires_at: IsoTime,
    token_expiry_known: z.boolean().openapi({
      description:
        "false: Threads did not say when the token expires; token_expires_at is an assumption and the token is refreshed at the first chance after 24 h",
    }),
    validated: z
      .boolean()
      .optional()
      .openapi({ description: "On link: whether Threads confirmed the token (false when it could not be reached)" }),
    history_job_id: z.string().nullable().optional().openapi({
      description:
        "On link: the history sync it started (GET /v1/personas/:id/history/jobs/:job_id); null when HISTORY_SYNC_ON_LINK is off",
    }),
    created_at: IsoTime,
    updated_at: IsoTime,
  })
  .openapi("ThreadsAccount");

// Deliberately field by field: the encrypted token column never reaches a response.
export const accountJson = (
  a: ThreadsAccountRow,
  validated?: boolean,
  historyJobId?: string | null,
): z.infer<typeof ThreadsAccount> => ({
  persona_id: a.personaId,
  threads_user_id: a.threadsUserId,
  username: a.username,
  status: a.status,
  status_reason: a.statusReason,
  token_issued_at: iso(a.tokenIssuedAt) ?? "",
  token_expires_at: iso(a.tokenExpiresAt) ?? "",
  token_expiry_known: a.tokenExpiryKnown,
  ...(validated === undefined ? {} : { validated }),
  ...(historyJobId === undefined ? {} : { history_job_id: historyJobId }),
  created_at: iso(a.createdAt) ?? "",
  updated_at: iso(a.updatedAt) ?? "",
});

export const ConnectStart = z
  .object({
    authorize_url: z.string().openapi({
      description: "Threads' approval page, for the browser that made this request (it holds the flow's cookie)",
    }),
    start_url: z.string().openapi({
      description:
        "Open this instead when the request came from a CLI: it gives your browser the flow's cookie, then goes to authorize_url. Keep it private until used.",
    }),
    redirect_uri: z.string(),
    state: z.string(),
    expires_at: IsoTime,
  })
  .openapi("ThreadsConnect");

export const ScheduleAt = z
  .object({ at: z.iso.datetime({ offset: true }).openapi({ example: "2026-11-24T09:00:00Z" }) })
  .strict()
  .openapi("ScheduleAt", { example: { at: "2026-11-24T09:00:00+01:00" } });

export const Slot = z.object({
  at: IsoTime,
  local_time: z.string().openapi({ example: "2026-11-24 10:00" }),
  post_id: z.string().nullable(),
});

export const UpcomingSchedule = z
  .object({
    persona_id: z.string(),
    timezone: z.string().nullable(),
    schedule: z.record(z.string(), z.unknown()).nullable(),
    autopilot: z.boolean(),
    slots: z
      .array(Slot)
      .openapi({ description: "The schedule's next slots; post_id is the post scheduled there, null when free" }),
    scheduled: z
      .array(z.object({ post_id: z.string(), at: IsoTime, status: z.string() }))
      .openapi({ description: "Posts waiting to go out, including ones set to times off the schedule" }),
  })
  .openapi("UpcomingSchedule");
