// today (the daily report and KPIs), kpis, alerts, metrics.
import { usageError } from "../client.mjs";
import { bold, clip, dim, green, num, pct, red, table, usd, yellow } from "../render.mjs";

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const WINDOWS = ["7d", "30d"];
const ms = (x) => (x == null ? "—" : x < 1000 ? `${Math.round(x)} ms` : `${(x / 1000).toFixed(1)} s`);
const q = (o) => {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(o)) if (v) p.set(k, v);
  const s = p.toString();
  return s ? `?${s}` : "";
};
const window = (v) => {
  if (!WINDOWS.includes(v)) throw usageError(`--window: expected 7d or 30d, got '${v}'`);
  return v;
};

// Same colours as the dashboard tiles: green at goal, amber within a third (or 2× for costs), red beyond.
function goal(kind, value, target) {
  if (value == null) return dim("no data yet");
  const good = kind === "higher" ? value >= target : value <= target;
  const near = kind === "higher" ? value >= (target * 2) / 3 : value <= target * 2;
  return good ? green("on goal") : near ? yellow("near goal") : red("off goal");
}

export function kpiLines(k) {
  const g = k.goals;
  return table(
    ["KPI", `LAST ${k.window.days} DAYS`, "GOAL", ""],
    [
      [
        "engagement rate",
        pct(k.engagement_rate),
        pct(g.engagement_rate, 0),
        goal("higher", k.engagement_rate, g.engagement_rate),
      ],
      [
        "cost per follow",
        usd(k.cost_per_follow_usd),
        usd(g.cost_per_follow_usd),
        goal("lower", k.cost_per_follow_usd, g.cost_per_follow_usd),
      ],
      [
        "monthly revenue (projected)",
        usd(k.revenue_projection_monthly_usd),
        usd(g.revenue_monthly_usd),
        goal("higher", k.revenue_projection_monthly_usd, g.revenue_monthly_usd),
      ],
      [
        "followers gained",
        k.followers_gained == null ? "—" : `${k.followers_gained >= 0 ? "+" : ""}${num(k.followers_gained)}`,
        "",
        "",
      ],
      ["posts published", num(k.posts_published), "", ""],
      ["LLM spend", usd(k.cost_usd), "", ""],
    ],
  );
}

export function dailyLines(r) {
  const t = r.tasks;
  const statuses =
    Object.entries(t.by_status)
      .map(([s, n]) => `${n} ${s}`)
      .join(", ") || "none";
  const ranked = (rows) =>
    table(
      ["ER", "VIEWS", "PERSONA", "HOOK"],
      rows.map((p) => [pct(p.engagement_rate), num(p.views), p.persona_id, clip(p.hook, 60)]),
    );
  const alerts = r.alerts.open_at_end;
  return [
    `${bold("tasks")}     ${t.total} (${statuses}) · success ${pct(t.success_rate, 0)} · failure ${pct(t.failure_rate, 0)}`,
    `${bold("latency")}   p50 ${ms(r.latency.p50_ms)} · p95 ${ms(r.latency.p95_ms)} · max ${ms(r.latency.max_ms)} over ${r.latency.samples} tasks`,
    `${bold("spend")}     ${usd(r.costs.llm_usd)} for ${r.costs.posts_created} posts (${num(r.costs.prompt_tokens)} prompt + ${num(r.costs.completion_tokens)} completion tokens)`,
    `${bold("posts")}     ${r.posts.published} published · ${r.posts.failed} failed`,
    ...(r.replies
      ? [
          `${bold("replies")}   ${r.replies.received} received (${r.replies.flagged} flagged) · ${r.replies.answers_sent} answers sent · reply rate ${pct(r.replies.reply_rate, 0)} · median answer ${r.replies.response_time_median_seconds == null ? "—" : `${Math.round(r.replies.response_time_median_seconds / 60)} min`}`,
        ]
      : []),
    `${bold("alerts")}    ${r.alerts.fired.length} fired · ${alerts.length} open${alerts.length ? `: ${alerts.map((a) => `[${a.severity}] ${a.summary}`).join("; ")}` : ""}`,
    "",
    bold(`Top posts (last 7 days, ≥ ${r.engagement.min_views} views)`),
    ranked(r.engagement.top),
    ...(r.engagement.bottom.length ? ["", bold("Bottom posts"), ranked(r.engagement.bottom)] : []),
  ].join("\n");
}

export function registerReports(program, ctx) {
  program
    .command("today")
    .description("the daily report (UTC day) and the KPIs, in one screen")
    .option("--date <YYYY-MM-DD>", "another UTC day (default: today)")
    .option("--persona <id>")
    .option("--window <window>", "KPI window: 7d | 30d", window, "7d")
    .action(async (o) => {
      if (o.date && !DATE.test(o.date)) throw usageError(`--date: expected YYYY-MM-DD, got '${o.date}'`);
      const { client, print } = ctx();
      const date = o.date ?? new Date().toISOString().slice(0, 10);
      const [report, kpis] = await Promise.all([
        client.call("GET", `/v1/reports/daily${q({ date, persona_id: o.persona })}`),
        client.call("GET", `/v1/kpis${q({ window: o.window, persona_id: o.persona })}`),
      ]);
      print({ report, kpis }, () =>
        [
          bold(`threads-agent · ${date}${o.persona ? ` · ${o.persona}` : ""}`),
          "",
          kpiLines(kpis),
          "",
          dailyLines(report),
        ].join("\n"),
      );
    });

  program
    .command("kpis")
    .description("engagement rate, cost per follow, projected revenue, against their goals")
    .option("--persona <id>")
    .option("--window <window>", "7d | 30d", window, "7d")
    .action(async (o) => {
      const { client, print } = ctx();
      print(await client.call("GET", `/v1/kpis${q({ window: o.window, persona_id: o.persona })}`), kpiLines);
    });

  program
    .command("alerts")
    .description("open alerts (firing or acknowledged)")
    .option("--status <status>", "firing | acknowledged | resolved | open", "open")
    .action(async (o) => {
      const { client, print } = ctx();
      print(await client.call("GET", `/v1/alerts${q({ status: o.status })}`), (r) =>
        table(
          ["ID", "SEVERITY", "STATUS", "SUMMARY"],
          r.data.map((a) => [a.id, a.severity, a.status, clip(a.summary, 70)]),
        ),
      );
    });

  program
    .command("metrics")
    .description("the Prometheus exposition of /metrics")
    .action(async () => {
      const { client, json } = ctx();
      const text = await client.call("GET", "/metrics", { accept: "text/plain" });
      process.stdout.write(json ? `${JSON.stringify({ metrics: text })}\n` : text);
    });
}
