// trends, competitive, dedup: research and calibration.
import { usageError } from "../client.mjs";
import { bold, clip, dim, num, pct, table } from "../render.mjs";

const TIMEFRAMES = ["day", "week", "month", "year"];
const int = (name) => (v) => {
  const n = Number(v);
  if (!Number.isInteger(n)) throw usageError(`${name}: expected an integer, got '${v}'`);
  return n;
};
const timeframe = (v) => {
  if (!TIMEFRAMES.includes(v)) throw usageError(`--timeframe: expected one of ${TIMEFRAMES.join(", ")}, got '${v}'`);
  return v;
};
const origin = (r) =>
  dim(
    `source ${r.source}${r.cached ? " (cached)" : ""}${r.stale ? " (stale)" : ""}${r.warnings.length ? ` · ${r.warnings.join("; ")}` : ""}`,
  );

export function registerResearch(program, ctx) {
  program
    .command("trends <topic>")
    .description("what is trending about a topic (trend check)")
    .option("--limit <n>", "1–50", int("--limit"), 10)
    .option("--timeframe <range>", TIMEFRAMES.join(" | "), timeframe, "week")
    .option("--strict", "fail on a search outage instead of falling back")
    .action(async (topic, o) => {
      const { client, print } = ctx();
      const r = await client.call("POST", "/v1/search/trends", {
        body: { topic, limit: o.limit, timeframe: o.timeframe, strict: Boolean(o.strict) },
      });
      print(r, () =>
        [
          `${bold(`Trends for "${r.topic}"`)} (${r.timeframe}) ${origin(r)}`,
          table(
            ["SCORE", "MENTIONS", "TREND"],
            r.trends.map((t) => [t.score.toFixed(2), t.mentions, t.topic]),
          ),
          r.suggestions.length ? `\nsuggestions: ${r.suggestions.join(" · ")}` : "",
        ].join("\n"),
      );
    });

  program
    .command("competitive <topic>")
    .description("what already works for a topic: viral examples, hook patterns, keywords")
    .option("--examples <n>", "1–20", int("--examples"), 5)
    .option("--timeframe <range>", TIMEFRAMES.join(" | "), timeframe, "week")
    .option("--strict", "fail on a search outage instead of falling back")
    .action(async (topic, o) => {
      const { client, print } = ctx();
      const r = await client.call("POST", "/v1/search/competitive", {
        body: { topic, examples: o.examples, timeframe: o.timeframe, strict: Boolean(o.strict) },
      });
      print(r, () =>
        [
          `${bold(`Competitive analysis for "${r.topic}"`)}: ${r.sample_size} results ${origin(r)}`,
          "",
          bold("Hook patterns"),
          table(
            ["PATTERN", "COUNT", "SHARE", "EXAMPLE"],
            r.hook_patterns.map((h) => [h.pattern, h.count, pct(h.share, 0), clip(h.example?.text ?? "", 60)]),
          ),
          "",
          bold("Viral examples"),
          table(
            ["PATTERN", "SCORE", "HOOK"],
            r.viral_examples.map((v) => [v.pattern, v.score == null ? "—" : v.score.toFixed(2), clip(v.hook, 70)]),
          ),
          ...(r.common_keywords.length
            ? ["", `${bold("Keywords")}: ${r.common_keywords.map((k) => `${k.keyword} (${num(k.count)})`).join(", ")}`]
            : []),
        ].join("\n"),
      );
    });

  program
    .command("dedup <a> <b>")
    .description("how similar two texts are, against the duplicate threshold (to calibrate it)")
    .option("--persona <id>", "use this persona's dedup_threshold")
    .action(async (a, b, o) => {
      const { client, print } = ctx();
      const r = await client.call("POST", "/v1/dedup/compare", {
        body: { a, b, ...(o.persona ? { persona_id: o.persona } : {}) },
      });
      print(
        r,
        `similarity ${r.similarity.toFixed(3)} vs threshold ${r.threshold} → ${r.duplicate ? "duplicate" : "distinct"} ${dim(`(${r.embedder})`)}`,
      );
    });
}
