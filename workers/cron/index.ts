import { autopilot } from "./autopilot.ts";
import { collectInsights } from "./collect-insights.ts";
import { evaluateAlerts } from "./evaluate-alerts.ts";
import { evaluateExperiments } from "./evaluate-experiments.ts";
import { pruneAuditLog } from "./prune-audit-log.ts";
import { pruneResearchCache } from "./prune-research-cache.ts";
import { publishDuePosts } from "./publish-due-posts.ts";
import { refreshTokens } from "./refresh-tokens.ts";
import { bestTimesSchedules } from "./best-times-schedules.ts";
import { refreshSources } from "./refresh-sources.ts";
import { requeueStaleHistory, requeueStalePublishing, requeueStaleTasks } from "../durable/sweep.ts";
import { logError } from "../log.ts";
import { pollReplies } from "../conversations/poll.ts";

export const CRON = {
  everyMinute: "* * * * *",
  everyQuarterHour: "*/15 * * * *",
  daily: "0 3 * * *",
} as const;

type Job = (env: Env, now: number) => Promise<unknown>;

// Named jobs per cron expression (the same expressions as wrangler.toml [triggers]).
export const JOBS: Record<string, Record<string, Job>> = {
  [CRON.everyMinute]: {
    requeueStaleTasks,
    publishDuePosts,
    requeueStalePublishing,
    requeueStaleHistory,
    autopilot,
    evaluateAlerts,
  },
  // Sequential: experiments, the score models and the best-times schedules read the insights this tick just collected.
  [CRON.everyQuarterHour]: {
    collectInsightsThenExperiments: async (env, now) => {
      const insights = await collectInsights(env, now).catch((err: unknown) => ({ error: String(err) }));
      const experiments = await evaluateExperiments(env, now);
      const bestTimes = await bestTimesSchedules(env, now).catch((err: unknown) => ({ error: String(err) }));
      return { insights, experiments, bestTimes };
    },
    refreshTokens,
    pollReplies,
    refreshSources,
  },
  [CRON.daily]: { pruneResearchCache, pruneAuditLog },
};

export async function runScheduled(controller: ScheduledController, env: Env): Promise<void> {
  const jobs = JOBS[controller.cron];
  if (!jobs) {
    logError("cron.unknown", { cron: controller.cron });
    return;
  }
  // Jobs are independent: one failing must not stop the others.
  const results = await Promise.allSettled(
    Object.entries(jobs).map(async ([name, job]) => [name, await job(env, controller.scheduledTime)] as const),
  );
  for (const r of results) {
    if (r.status === "rejected") logError("cron.job_failed", { cron: controller.cron, error: String(r.reason) });
  }
}
