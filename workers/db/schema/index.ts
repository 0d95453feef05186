// Each table lives in its own file; this index is what drizzle and the queries import.
export * from "./post-metrics.ts";
export * from "./follower-snapshots.ts";
export * from "./metric-counters.ts";
export * from "./alerts.ts";
