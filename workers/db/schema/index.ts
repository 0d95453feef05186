// Each table lives in its own file; this index is what drizzle and the queries import.
export * from "./research-cache.ts";
