// Dependency rules for `npm run check` (dependency-cruiser). Type-only imports count: the graph is
// built before TypeScript drops them (tsPreCompilationDeps), so a cycle through `import type` fails too.
//
// Layers, highest first; a module may import its own layer and any lower one, never a higher one:
//   http     workers/api/, workers/mcp/, workers/app.ts, workers/index.ts (the Worker's entry)
//   domain   everything else under workers/ and durable-objects/ (pipeline, publishing, cron,
//            experiments, ..., and workers/services.ts, which picks the adapters)
//   durable  workers/durable/ (queues, consumer skeleton, sweep, step store, memo, mutex)
//   adapters workers/providers/ (real services) and stand-ins (workers/fake-threads/,
//            workers/providers/**/offline*): one level, both implement the same ports; a real
//            adapter must not import a stand-in (stand-ins stay out of the production path)
//   storage  workers/db/ (D1) and durable-objects/storage-schema.ts (Durable Object SQLite)
//   shared   leaf helpers any layer may use: errors, ids, log, per-object memo, settings, text,
//            telemetry event types, RPC result
// Breaches that existed when the rules came in are listed in .dependency-cruiser-known-violations.json
// (written by `npx depcruise-baseline workers durable-objects -f .dependency-cruiser-known-violations.json`;
// its format allows no comments, so why each group is there is said here); only new ones fail:
//   storage → domain: db/ and db/schema/ type their JSON columns and scores with domain types
//     (experiment arms, schedules, score features, insights rows). Fix: move those types to db/schema/.
//   shared → higher: the settings registry takes defaults from the modules that own the constants
//     (container timing, Threads client, SearXNG, offline embedder, revenue model); metrics/events.ts
//     also writes the metric registry and D1. Fix: constants into settings/, events.ts split in two.
//   real adapter → stand-in: language readiness reports the languages the offline writer speaks.
//   durable → domain: the consumer skeleton and the sweep reach the Durable Object and telemetry through
//     services(env), the generate consumer calls the pipeline runner, the step store is typed by step outputs.
//   adapter → domain: the search-backed trend source runs workers/research/ (cache, counters, phrases);
//     the LLM brief and the offline writer read experiment dimensions; the fake Threads reuses the API's
//     JSON input limits.
// Fixing one: delete its entry (or re-run the baseline command); never add one for new code.
const SHARED =
  "^workers/(errors|ids|log|per-object|rpc-result)\\.ts$|^workers/settings/|^workers/text/|^workers/metrics/events\\.ts$|\\.d\\.ts$";
const HTTP = "^workers/(api|mcp)/|^workers/(app|index)\\.ts$";
const DURABLE = "^workers/durable/";
const STAND_IN = "^workers/fake-threads/|^workers/providers/.*/offline[^/]*\\.ts$";
const ADAPTER = "^workers/providers/";
const STORAGE = "^workers/db/|^durable-objects/storage-schema\\.ts$";
const DOMAIN_NOT = [SHARED, HTTP, DURABLE, ADAPTER, STAND_IN, STORAGE].join("|");
const DOMAIN = "^(workers|durable-objects)/";

/** A rule: modules in `from` (minus `fromNot`) must not import modules in `to` (minus `toNot`). */
const breach = (name, comment, from, to, fromNot, toNot) => ({
  name,
  comment,
  severity: "error",
  from: fromNot ? { path: from, pathNot: fromNot } : { path: from },
  to: toNot ? { path: to, pathNot: toNot } : { path: to },
});

module.exports = {
  forbidden: [
    {
      name: "no-cycle",
      comment: "An import cycle, type-only imports included.",
      severity: "error",
      from: {},
      to: { circular: true },
    },
    breach("layer-domain-imports-http", "Domain code must not import the HTTP layer.", DOMAIN, HTTP, DOMAIN_NOT),
    breach("layer-durable-imports-higher", "workers/durable/ must not import the domain or HTTP.", DURABLE, DOMAIN, undefined, `${DURABLE}|${ADAPTER}|${STAND_IN}|${STORAGE}|${SHARED}`),
    breach("layer-adapter-imports-higher", "Adapters and stand-ins must not import durable, domain or HTTP code.", ADAPTER + "|" + STAND_IN, DOMAIN, undefined, `${ADAPTER}|${STAND_IN}|${STORAGE}|${SHARED}`),
    breach("layer-real-adapter-imports-stand-in", "A real adapter must not import a stand-in.", ADAPTER, STAND_IN, STAND_IN),
    breach("layer-storage-imports-higher", "Storage must import only storage and shared helpers.", STORAGE, DOMAIN, undefined, `${STORAGE}|${SHARED}`),
    breach("layer-shared-imports-higher", "Shared helpers must import only shared helpers.", SHARED, DOMAIN, undefined, SHARED),
    {
      name: "not-to-unresolvable",
      comment: "An import that resolves to no file.",
      severity: "error",
      from: {},
      to: { couldNotResolve: true, pathNot: "^cloudflare:" },
    },
  ],
  options: {
    doNotFollow: { path: "node_modules" },
    exclude: { path: "^node_modules/" },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: "tsconfig.json" },
    enhancedResolveOptions: { exportsFields: ["exports"], conditionNames: ["import", "require", "node", "default", "types"] },
  },
};
