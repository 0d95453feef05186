// `threads-agent experiments …` against a stand-in for the experiments API contract (issue 11,
// item 7: POST/GET /v1/experiments, GET /v1/experiments/:id, POST /v1/experiments/:id/stop).
// Checks what the CLI sends and how it renders the answer; the real API is exercised by the
// operator test once it is on main.
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { createServer } from "node:http";
import { join } from "node:path";
import { test } from "node:test";
import { fileURLToPath } from "node:url";

const root = join(fileURLToPath(new URL(".", import.meta.url)), "..", "..");
const EXP = {
  id: "exp_1",
  name: "question vs statement",
  persona_id: "calm-founder",
  dimension: "hook_style",
  policy: "fixed",
  min_posts_per_arm: 20,
  status: "running",
  arms: [
    {
      arm: "question",
      posts: 24,
      views: 9100,
      interactions: 610,
      engagement_rate: 0.067,
      interval: [0.052, 0.083],
      chance_to_be_best: 0.91,
    },
    {
      arm: "statement",
      posts: 23,
      views: 8800,
      interactions: 400,
      engagement_rate: 0.045,
      interval: [0.033, 0.058],
      chance_to_be_best: 0.09,
    },
  ],
  decision: { status: "winner", winner: "question", p_value: 0.0123 },
};

async function withApi(fn) {
  const seen = [];
  const server = createServer((req, res) => {
    let body = "";
    req.on("data", (d) => (body += d));
    req.on("end", () => {
      seen.push({
        method: req.method,
        url: req.url,
        auth: req.headers.authorization,
        body: body ? JSON.parse(body) : null,
      });
      const send = (status, json) => (
        res.writeHead(status, { "content-type": "application/json" }), res.end(JSON.stringify(json))
      );
      if (req.method === "POST" && req.url === "/v1/experiments")
        return send(201, {
          ...EXP,
          ...JSON.parse(body),
          status: "running",
          decision: { status: "running", winner: null, p_value: null },
        });
      if (req.method === "GET" && (req.url.startsWith("/v1/experiments?") || req.url === "/v1/experiments"))
        return send(200, { data: [EXP] });
      if (req.method === "GET" && req.url === "/v1/experiments/exp_1") return send(200, EXP);
      if (req.method === "POST" && req.url === "/v1/experiments/exp_1/stop")
        return send(409, { error: { code: "conflict", message: "experiment 'exp_1' is already decided (winner)" } });
      return send(404, { error: { code: "not_found", message: `experiment not found` } });
    });
  });
  await new Promise((r) => server.listen(0, "127.0.0.1", r));
  const url = `http://127.0.0.1:${server.address().port}`;
  const ta = (args) =>
    new Promise((resolve) => {
      const child = spawn(
        process.execPath,
        [join(root, "cli", "threads-agent.mjs"), "--url", url, "--key", "k", ...args],
        { env: { ...process.env, NO_COLOR: "1" } },
      );
      let stdout = "";
      let stderr = "";
      child.stdout.on("data", (d) => (stdout += d));
      child.stderr.on("data", (d) => (stderr += d));
      child.on("exit", (code) => resolve({ code, stdout, stderr }));
    });
  try {
    await fn({ ta, seen });
  } finally {
    server.close();
  }
}

test("create sends the contract's body; show renders per-arm figures and the decision; stop reports a 409", async () => {
  await withApi(async ({ ta, seen }) => {
    const created = await ta([
      "experiments",
      "create",
      "question vs statement",
      "--dimension",
      "hook_style",
      "--arms",
      "question, statement",
      "--persona",
      "calm-founder",
      "--policy",
      "fixed",
      "--min-posts",
      "20",
      "--json",
    ]);
    assert.equal(created.code, 0, created.stderr);
    assert.deepEqual(seen.at(-1).body, {
      name: "question vs statement",
      dimension: "hook_style",
      arms: ["question", "statement"],
      persona_id: "calm-founder",
      policy: "fixed",
      min_posts_per_arm: 20,
    });
    assert.equal(seen.at(-1).auth, "Bearer k");

    const show = await ta(["experiments", "show", "exp_1"]);
    assert.equal(show.code, 0, show.stderr);
    assert.match(show.stdout, /decision\s+winner → winner question \(p=0\.0123\)/);
    assert.match(show.stdout, /question\s+24\s+9,100\s+610\s+6\.70%\s+5\.20%–8\.30%\s+91%/);
    assert.match(show.stdout, /statement\s+23\s+8,800\s+400\s+4\.50%/);

    const list = await ta(["experiments", "list", "--persona", "calm-founder"]);
    assert.match(
      list.stdout,
      /exp_1\s+question vs statement\s+calm-founder\s+hook_style\s+question,statement\s+winner/,
    );
    assert.equal(seen.at(-1).url, "/v1/experiments?persona_id=calm-founder");

    const stop = await ta(["experiments", "stop", "exp_1"]);
    assert.equal(stop.code, 1);
    assert.match(stop.stderr, /409 conflict: experiment 'exp_1' is already decided/);
  });
});

test("bad input is a usage error before any request", async () => {
  await withApi(async ({ ta, seen }) => {
    assert.equal((await ta(["experiments", "create", "x", "--dimension", "tone", "--arms", "warm"])).code, 2);
    assert.equal(
      (await ta(["experiments", "create", "x", "--dimension", "tone", "--arms", "warm,blunt", "--policy", "greedy"]))
        .code,
      2,
    );
    assert.equal((await ta(["experiments", "create", "x", "--arms", "warm,blunt"])).code, 2, "--dimension is required");
    assert.equal(seen.length, 0);
  });
});
