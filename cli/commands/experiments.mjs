// experiments list|show|create|stop, against the experiments API (issue 11: /v1/experiments).
import { usageError } from "../client.mjs";
import { bold, clip, dim, fields, num, pct, table, when } from "../render.mjs";

const e = encodeURIComponent;
const POLICIES = ["fixed", "bandit"];

// An interval may come as [lo, hi] or {low, high}/{lower, upper}; show whichever the API sends.
function interval(a) {
  const ci = a.interval ?? a.ci ?? a.engagement_rate_interval;
  if (Array.isArray(ci) && ci.length === 2) return `${pct(ci[0])}–${pct(ci[1])}`;
  if (ci && typeof ci === "object") return `${pct(ci.low ?? ci.lower)}–${pct(ci.high ?? ci.upper)}`;
  return "—";
}

const decisionText = (x) => {
  const d = x.decision ?? {};
  const status = d.status ?? x.status;
  return `${status}${d.winner ? ` → winner ${bold(d.winner)}` : ""}${d.p_value != null ? dim(` (p=${Number(d.p_value).toPrecision(3)})`) : ""}`;
};

export function showExperiment(x) {
  const arms = Array.isArray(x.arms) ? x.arms : [];
  return [
    fields([
      ["id", bold(x.id)],
      ["name", x.name],
      ["persona", x.persona_id ?? "every persona"],
      ["dimension", x.dimension],
      ["policy", x.policy],
      ["min posts/arm", x.min_posts_per_arm],
      ["decision", decisionText(x)],
      ["reason", x.decision?.reason ?? undefined],
      [
        "sample ratio",
        x.decision?.srm
          ? `${x.decision.srm.flagged ? "MISMATCH" : "ok"} (p=${Number(x.decision.srm.p_value).toPrecision(3)})`
          : undefined,
      ],
      ["created", when(x.created_at)],
    ]),
    "",
    table(
      ["ARM", "POSTS", "VIEWS", "INTERACTIONS", "ER", "INTERVAL", "P(BEST)"],
      arms.map((a) =>
        typeof a === "string"
          ? [a]
          : [
              a.arm ?? a.name,
              num(a.posts),
              num(a.views),
              num(a.interactions),
              pct(a.engagement_rate),
              interval(a),
              a.chance_to_be_best == null ? "—" : pct(a.chance_to_be_best, 0),
            ],
      ),
    ),
  ].join("\n");
}

export function registerExperiments(program, ctx) {
  const ex = program
    .command("experiments")
    .description("A/B and bandit experiments on one dimension (hook_style, tone, length, emotion, format, post_hour)");

  ex.command("list")
    .option("--persona <id>")
    .option("--status <status>", "running | winner | no_difference | stopped")
    .action(async (o) => {
      const { client, print } = ctx();
      const p = new URLSearchParams({
        ...(o.persona ? { persona_id: o.persona } : {}),
        ...(o.status ? { status: o.status } : {}),
      });
      const r = await client.call("GET", `/v1/experiments${p.size ? `?${p}` : ""}`);
      print(r, () =>
        table(
          ["ID", "NAME", "PERSONA", "DIMENSION", "ARMS", "STATUS"],
          (r.data ?? []).map((x) => [
            x.id,
            clip(x.name, 30),
            x.persona_id ?? "*",
            x.dimension,
            (x.arms ?? []).map((a) => (typeof a === "string" ? a : (a.arm ?? a.name))).join(","),
            x.decision?.status ?? x.status,
          ]),
        ),
      );
    });

  ex.command("show <id>")
    .description("the experiment with per-arm figures and its decision")
    .action(async (id) => {
      const { client, print } = ctx();
      print(await client.call("GET", `/v1/experiments/${e(id)}`), showExperiment);
    });

  ex.command("create <name>")
    .description("start an experiment")
    .requiredOption("--dimension <dimension>", "hook_style | tone | length | emotion | format | post_hour")
    .requiredOption("--arms <list>", "comma-separated arms, at least two (e.g. question,statement)")
    .option("--persona <id>", "only this persona (default: every persona)")
    .option("--policy <policy>", "fixed (even split) | bandit (Thompson sampling)")
    .option("--min-posts <n>", "minimum posts per arm before deciding")
    .action(async (name, o) => {
      const arms = o.arms
        .split(",")
        .map((s) => s.trim())
        .filter(Boolean);
      if (arms.length < 2) throw usageError("--arms: give at least two arms, comma-separated");
      if (o.policy && !POLICIES.includes(o.policy))
        throw usageError(`--policy: expected fixed or bandit, got '${o.policy}'`);
      const min = o.minPosts === undefined ? undefined : Number(o.minPosts);
      if (min !== undefined && !Number.isInteger(min))
        throw usageError(`--min-posts: expected an integer, got '${o.minPosts}'`);
      const { client, print } = ctx();
      const body = {
        name,
        dimension: o.dimension,
        arms,
        ...(o.persona ? { persona_id: o.persona } : {}),
        ...(o.policy ? { policy: o.policy } : {}),
        ...(min !== undefined ? { min_posts_per_arm: min } : {}),
      };
      const x = await client.call("POST", "/v1/experiments", { body });
      print(x, () => `created experiment ${bold(x.id)}\n${showExperiment(x)}`);
    });

  ex.command("stop <id>")
    .description("stop a running experiment")
    .action(async (id) => {
      const { client, print } = ctx();
      const x = await client.call("POST", `/v1/experiments/${e(id)}/stop`);
      print(x, () => `stopped experiment ${x.id ?? id}: ${decisionText(x)}`);
    });
}
