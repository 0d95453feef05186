// Each table lives in its own file; this index is what drizzle and the queries import.
export * from "./personas.ts";
export * from "./tasks.ts";
export * from "./posts.ts";
export * from "./research-cache.ts";
export * from "./post-metrics.ts";
export * from "./follower-snapshots.ts";
export * from "./metric-counters.ts";
export * from "./alerts.ts";
export * from "./threads-accounts.ts";
export * from "./experiments.ts";
export * from "./scores.ts";
export * from "./llm-spend.ts";
export * from "./dedup-calibrations.ts";
export * from "./replies.ts";
export * from "./access.ts";
export * from "./history-jobs.ts";
export * from "./sources.ts";
