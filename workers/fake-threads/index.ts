// Public surface of the fake Threads API.
export { createFakeThreadsApp, fakeThreadsApp, inProcessFakeFetch } from "./app.ts";
export { optionsFromVars, parseFaults } from "./options.ts";
export type { FakeThreadsOptions, FakeThreadsOverrides, FakeThreadsVars, FaultRule, FaultAction } from "./options.ts";
export { audienceFor, parseAudience, parseAudiences, PRESETS, randomTaste } from "./audience.ts";
export type { Audience, AudienceTable, Taste } from "./audience.ts";
export { contentScore, engagementAt, followersFor, interactions, BASE_VIEWS, REACH_TAU_HOURS } from "./engagement.ts";
export type { PostMetrics } from "./engagement.ts";
export { CONTAINER_TTL_MS, containerStatus } from "./status.ts";
export { stableUserId } from "./prng.ts";
