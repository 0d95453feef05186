// The persona's reply settings with their defaults, and the limits of auto mode
// (docs/conversations.md, "Auto mode"): Meta's reply quota (1,000 replies per 24 h,
// reply_quota_usage), at most N answers per conversation and per hour, a quiet window, never to
// ourselves (such replies are not stored) and never to a hidden or flagged reply.
import type { Db } from "../db/client.ts";
import { countAnswersInConversation, countAnswersSince } from "../db/replies.ts";
import type { PersonaRow, ReplyRow, ReplyRules } from "../db/schema/index.ts";
import { inRange } from "../publishing/schedule.ts";
import { wallTime } from "../publishing/timezone.ts";

/** Meta: 1,000 replies per 24 hours per profile (threads_publishing_limit, reply_quota_usage). */
export const META_REPLY_QUOTA = 1000;

export interface ResolvedRules {
  auto_hide: boolean;
  max_per_conversation: number;
  max_per_hour: number;
  quiet_hours: { start: string; end: string } | null;
}

export const DEFAULT_RULES: ResolvedRules = {
  auto_hide: false,
  max_per_conversation: 2,
  max_per_hour: 10,
  quiet_hours: null,
};

export function rulesOf(persona: Pick<PersonaRow, "replyRules">): ResolvedRules {
  const r: ReplyRules = persona.replyRules ?? {};
  return {
    auto_hide: r.auto_hide ?? DEFAULT_RULES.auto_hide,
    max_per_conversation: r.max_per_conversation ?? DEFAULT_RULES.max_per_conversation,
    max_per_hour: r.max_per_hour ?? DEFAULT_RULES.max_per_hour,
    quiet_hours: r.quiet_hours ?? DEFAULT_RULES.quiet_hours,
  };
}

/** Why auto mode must not send this answer now (it stays a draft for the operator), or null. */
export async function autoModeBlock(
  db: Db,
  persona: Pick<PersonaRow, "id" | "timezone" | "replyRules">,
  reply: ReplyRow,
  now: number,
  replyQuota: { usage: number; total: number } | null,
): Promise<string | null> {
  const rules = rulesOf(persona);
  if (reply.category !== "ok") return `the reply was flagged (${reply.category})`;
  if (reply.hideStatus === "HIDDEN") return "the reply is hidden";
  if (rules.quiet_hours) {
    const t = wallTime(now, persona.timezone);
    if (inRange(t.hour * 60 + t.minute, rules.quiet_hours)) {
      return `quiet hours ${rules.quiet_hours.start}–${rules.quiet_hours.end} (${persona.timezone})`;
    }
  }
  const perHour = await countAnswersSince(db, persona.id, now - 3_600_000);
  if (perHour >= rules.max_per_hour) return `${perHour} answers in the last hour (max_per_hour ${rules.max_per_hour})`;
  if (reply.rootThreadsId) {
    const inConversation = await countAnswersInConversation(db, persona.id, reply.rootThreadsId);
    if (inConversation >= rules.max_per_conversation) {
      return `${inConversation} answers in this conversation already (max_per_conversation ${rules.max_per_conversation})`;
    }
  }
  if (replyQuota && replyQuota.usage >= replyQuota.total) {
    return `Threads reply quota used up (${replyQuota.usage}/${replyQuota.total} in 24 h)`;
  }
  return null;
}
