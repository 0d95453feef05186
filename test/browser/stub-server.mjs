// A tiny Node server for the dashboard browser test: serves dashboard/ at /dashboard/ and
// answers the API the dashboard calls with seeded data, enforcing the Bearer key like the
// Worker does. Key "test-key" gets the seeded data, "empty-key" an empty deployment,
// anything else a 401.
import { readFile } from "node:fs/promises";
import { createServer } from "node:http";
import { extname, join, normalize } from "node:path";

const TYPES = { ".html": "text/html; charset=utf-8", ".js": "text/javascript; charset=utf-8", ".css": "text/css; charset=utf-8", ".png": "image/png" };
const DAY = 86_400_000;

function seeded(now) {
  const days = Array.from({ length: 30 }, (_, i) => {
    const date = new Date(now - (29 - i) * DAY).toISOString().slice(0, 10);
    const views = 1800 + Math.round(900 * Math.sin(i / 3) + i * 60);
    const rate = 0.042 + 0.02 * Math.sin(i / 4) + i * 0.0006;
    return { date, views, interactions: Math.round(views * rate), engagement_rate: rate, cost_usd: 0.18 + 0.08 * Math.cos(i / 2), followers: 1200 + i * 37 };
  });
  const hooks = [
    "Most pricing advice is wrong for solo founders. Here's why.",
    "I shipped 12 side projects. Only one made money — the boring one.",
    "Stop asking for feedback. Ask for a payment instead.",
    "The cheapest growth channel nobody talks about: your changelog.",
    "Your landing page has one job. It's not to explain everything.",
    "3 signs your SaaS idea is a feature, not a product.",
  ];
  const posts = hooks.map((hook, i) => ({
    id: `post_${i}`, persona_id: i % 2 ? "indie-hacker" : "growth-coach", hook, text: `${hook}\n\nBody…`,
    status: i === 4 ? "failed" : i === 5 ? "draft" : "published", cost_usd: 0.0031 + i * 0.0004,
    published_at: i >= 4 ? null : now - (i + 1) * 5 * 3_600_000, created_at: now - (i + 1) * 5 * 3_600_000 - 60_000,
    metrics: i >= 4 ? null : { views: 4200 - i * 900, likes: 180 - i * 30, replies: 22 - i * 4, reposts: 9, quotes: 2, shares: 5, engagement_rate: (218 - i * 34) / (4200 - i * 900) },
  }));
  return {
    personas: [{ id: "growth-coach", name: "Growth Coach" }, { id: "indie-hacker", name: "Indie Hacker" }],
    kpis: (window) => ({
      window: { label: window, days: window === "30d" ? 30 : 7, start: now - 7 * DAY, end: now },
      persona_id: null, engagement_rate: 0.0523, followers_gained: 412, cost_usd: 3.37, cost_per_follow_usd: 0.0082,
      posts_published: 19, revenue_projection_monthly_usd: 1468.4,
      goals: { engagement_rate: 0.06, cost_per_follow_usd: 0.01, revenue_monthly_usd: 20000 },
      inputs: { views: 48210, interactions: 2521, revenue: { model: { kind: "per_follower", monthly_value_per_follower_usd: 0.05 } } },
    }),
    days, posts,
    alerts: [
      { id: "alrt_1", rule: "median_engagement_low", severity: "business", status: "firing", fingerprint: "median_engagement_low:indie-hacker", first_fired_at: now - 3 * 3_600_000, summary: "Median engagement of indie-hacker is 3.1% over 9 posts (floor 4.0%)", details: {} },
      { id: "alrt_2", rule: "daily_llm_cost", severity: "warning", status: "firing", fingerprint: "daily_llm_cost:x", first_fired_at: now - 40 * 60_000, summary: "LLM spend today $5.40 is over the daily budget $5.00", details: {} },
    ],
  };
}

function empty(now) {
  const days = Array.from({ length: 7 }, (_, i) => ({ date: new Date(now - (6 - i) * DAY).toISOString().slice(0, 10), engagement_rate: null, views: 0, interactions: 0, cost_usd: 0, followers: null }));
  return {
    personas: [], days, posts: [], alerts: [],
    kpis: (window) => ({ window: { label: window, days: 7, start: now - 7 * DAY, end: now }, persona_id: null, engagement_rate: null, followers_gained: null, cost_usd: 0, cost_per_follow_usd: null, posts_published: 0, revenue_projection_monthly_usd: null, goals: { engagement_rate: 0.06, cost_per_follow_usd: 0.01, revenue_monthly_usd: 20000 }, inputs: { views: 0, interactions: 0, revenue: { model: { kind: "per_follower", monthly_value_per_follower_usd: 0.05 } } } }),
  };
}

const json = (res, status, body) => {
  res.writeHead(status, { "content-type": "application/json" });
  res.end(JSON.stringify(body));
};
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

export function startStubServer({ root }) {
  const log = [];
  const now = Date.now();
  const data = { "test-key": seeded(now), "empty-key": empty(now) };
  const server = createServer(async (req, res) => {
    const url = new URL(req.url ?? "/", "http://localhost");
    if (url.pathname === "/dashboard") return res.writeHead(301, { location: "/dashboard/" }).end();
    if (url.pathname.startsWith("/dashboard/")) {
      const rel = normalize(url.pathname.slice("/dashboard/".length) || "index.html");
      if (rel.startsWith("..")) return res.writeHead(400).end();
      try {
        const body = await readFile(join(root, rel));
        res.writeHead(200, { "content-type": TYPES[extname(rel)] ?? "application/octet-stream" });
        return res.end(body);
      } catch {
        return res.writeHead(404).end("not found");
      }
    }
    const auth = req.headers.authorization ?? "";
    log.push({ method: req.method, path: url.pathname + url.search, auth });
    const d = data[auth.replace(/^Bearer /, "")];
    if (!d) return json(res, 401, { error: { code: "unauthorized", message: "bad key" } });
    const route = `${req.method} ${url.pathname}`;
    if (route === "GET /v1/personas") return json(res, 200, { data: d.personas });
    if (route === "GET /v1/kpis") return json(res, 200, d.kpis(url.searchParams.get("window") ?? "7d"));
    if (route === "GET /v1/kpis/timeseries") return json(res, 200, { days: d.days });
    if (route === "GET /v1/posts") return json(res, 200, { data: d.posts, next_cursor: null });
    if (route === "GET /v1/alerts") return json(res, 200, { data: d.alerts.filter((a) => a.status === "firing") });
    const ack = /^POST \/v1\/alerts\/([^/]+)\/ack$/.exec(route);
    if (ack) {
      const a = d.alerts.find((x) => x.id === ack[1]);
      if (!a) return json(res, 404, { error: { code: "not_found", message: "no alert" } });
      a.status = "acknowledged";
      return json(res, 200, a);
    }
    if (route === "POST /v1/tasks") return json(res, 202, { task_id: "task_1", status: "queued" });
    if (route === "GET /v1/tasks/task_1/events") {
      res.writeHead(200, { "content-type": "text/event-stream", "cache-control": "no-cache" });
      res.write(": stream open\n\n");
      let t = Date.now();
      for (const step of ["ingest", "trend_research", "hook", "body", "guardrail", "format", "dedup"]) {
        await sleep(40);
        const started = t;
        t += 350;
        res.write(`event: step\ndata: ${JSON.stringify({ step, status: "succeeded", started_at: started, finished_at: t, duration_ms: t - started, error: null })}\n\n`);
      }
      res.write(`event: done\ndata: ${JSON.stringify({ status: "succeeded", post_id: "post_new", error: null })}\n\n`);
      return res.end();
    }
    return json(res, 404, { error: { code: "not_found", message: route } });
  });
  return new Promise((resolve) => server.listen(0, "127.0.0.1", () => resolve({ server, log, port: server.address().port })));
}
