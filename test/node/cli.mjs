// The threads-agent CLI as a user runs it: a child process against the real Worker.
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

/** Runs the CLI; resolves {code, stdout, stderr}. `node` picks the interpreter (default: this one). */
function cli(root, args, { env = {}, cwd = root, node = process.execPath, timeoutMs = 60_000 } = {}) {
  return new Promise((resolve, reject) => {
    const clean = { ...process.env };
    for (const k of ["THREADS_AGENT_URL", "THREADS_AGENT_KEY", "PORT"]) delete clean[k];
    const child = spawn(node, [join(root, "cli", "threads-agent.mjs"), ...args], {
      cwd,
      env: { ...clean, NO_COLOR: "1", ...env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => (stdout += d));
    child.stderr.on("data", (d) => (stderr += d));
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error(`threads-agent ${args.join(" ")} timed out\n${stdout}\n${stderr}`));
    }, timeoutMs);
    child.on("error", (e) => {
      clearTimeout(timer);
      reject(e);
    });
    child.on("exit", (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

export async function cliChecks({ run, root, worker }) {
  const target = { THREADS_AGENT_URL: worker.base, THREADS_AGENT_KEY: worker.apiKey };
  const ta = (args, opts = {}) => cli(root, args, { ...opts, env: { ...target, ...opts.env } });
  const jsonOf = (r) => {
    assert.equal(r.code, 0, `exit ${r.code}: ${r.stderr}`);
    return JSON.parse(r.stdout);
  };

  await run.check("cli: personas add/list/show through the API, --json is the API's JSON", async () => {
    const added = jsonOf(
      await ta([
        "personas",
        "add",
        "cli-founder",
        "--name",
        "CLI Founder",
        "--topics",
        "pricing,hiring",
        "--times",
        "09:00,17:30",
        "--timezone",
        "Europe/Berlin",
        "--json",
      ]),
    );
    assert.equal(added.id, "cli-founder");
    assert.deepEqual(added.topics, ["pricing", "hiring"]);
    assert.deepEqual(added.schedule.times, ["09:00", "17:30"]);
    const list = await ta(["personas", "list"]);
    assert.equal(list.code, 0);
    assert.match(list.stdout, /^ID\s+NAME/m);
    assert.match(list.stdout, /cli-founder\s+CLI Founder\s+pricing, hiring\s+off/);
    const show = jsonOf(await ta(["personas", "show", "cli-founder", "--json"]));
    assert.equal(show.name, "CLI Founder");
  });

  let postId;
  await run.check("cli: post follows every pipeline step live (SSE) and --json prints the stored post", async () => {
    const r = await ta(["post", "cli-founder", "--topic", "raising prices calmly", "--json"]);
    const post = jsonOf(r);
    postId = post.id;
    assert.match(post.id, /^pst_/);
    assert.equal(post.status, "draft");
    assert.equal(post.topic, "raising prices calmly");
    for (const step of [
      "ingest",
      "trend_research",
      "retrieve",
      "hook",
      "body",
      "guardrail",
      "format",
      "dedup",
      "store",
    ])
      assert.match(r.stderr, new RegExp(`✓ ${step}\\s+succeeded`), `progress line for ${step}`);
    const stored = await fetch(`${worker.base}/v1/posts/${post.id}`, {
      headers: { authorization: `Bearer ${worker.apiKey}` },
    }).then((x) => x.json());
    assert.deepEqual(post, stored, "the CLI prints exactly the stored post");
  });

  await run.check("cli: schedule at the next free slot, unschedule, then publish to the fake Threads", async () => {
    const linked = await ta(["account", "link", "cli-founder", "--user-id", "me", "--token", "fake-cli-founder"]);
    assert.equal(linked.code, 0, linked.stderr);
    const slots = jsonOf(await ta(["slots", "cli-founder", "--json"]));
    const scheduled = jsonOf(await ta(["schedule", postId, "--json"]));
    assert.equal(scheduled.status, "scheduled");
    assert.equal(
      scheduled.scheduled_at,
      slots.slots.find((s) => s.post_id === null).at,
      "the persona's next free slot",
    );
    assert.equal(jsonOf(await ta(["unschedule", postId, "--json"])).status, "draft");
    const at = new Date(Date.now() + 3 * 86_400_000).toISOString();
    assert.equal(jsonOf(await ta(["schedule", postId, "--at", at, "--json"])).scheduled_at, at);
    const published = jsonOf(await ta(["publish", postId, "--json"]));
    assert.ok(["publishing", "published", "scheduled"].includes(published.status), published.status);
    const again = await ta(["posts", "show", postId]);
    assert.match(again.stdout, new RegExp(`id\\s+${postId}`));
  });

  await run.check("cli: trends, competitive, dedup, today and kpis print readable text and JSON", async () => {
    const trends = jsonOf(await ta(["trends", "remote work", "--limit", "3", "--json"]));
    assert.ok(trends.trends.length > 0 && trends.trends.length <= 3);
    const trendsText = await ta(["trends", "remote work", "--limit", "3"]);
    assert.match(trendsText.stdout, /Trends for "remote work"[\s\S]*SCORE\s+MENTIONS\s+TREND/);
    const comp = await ta(["competitive", "remote work"]);
    assert.equal(comp.code, 0, comp.stderr);
    assert.match(comp.stdout, /Hook patterns[\s\S]*Viral examples/);
    const dedup = jsonOf(
      await ta(["dedup", "Stop checking email first thing.", "Do not open your inbox at 8am.", "--json"]),
    );
    assert.equal(typeof dedup.similarity, "number");
    const today = await ta(["today"]);
    assert.equal(today.code, 0, today.stderr);
    assert.match(today.stdout, /engagement rate[\s\S]*cost per follow[\s\S]*tasks\s+\d+/);
    const both = jsonOf(await ta(["today", "--json"]));
    assert.equal(both.report.date, new Date().toISOString().slice(0, 10));
    assert.ok(both.report.tasks.total >= 1, "today's task is in today's report");
    assert.equal(typeof both.kpis.window.days, "number");
    const metrics = await ta(["metrics"]);
    assert.match(metrics.stdout, /# TYPE request_latency_seconds histogram/);
  });

  await run.check("cli: score and score-model print the score, the gate verdict and the held-out check", async () => {
    const text = await ta(["score", "Three things I learned shipping alone.", "--persona", "cli-founder"]);
    assert.equal(text.code, 0, text.stderr);
    assert.match(text.stdout, /score\s+\d\.\d{3} (passes|fails) the gate[\s\S]*learned model\s+\d\.\d{3}/);
    const json = jsonOf(await ta(["score", "Three things I learned shipping alone.", "--json"]));
    assert.equal(json.model, "features");
    const blank = await ta(["score", "   "]);
    assert.equal(blank.code, 2);
    assert.match(blank.stderr, /text: /);
    const model = await ta(["score-model", "cli-founder"]);
    assert.equal(model.code, 0, model.stderr);
    assert.match(model.stdout, /learned model\s+\d+ posts with metrics \(the gate uses it from \d+/);
    assert.equal(jsonOf(await ta(["score-model", "cli-founder", "--json"])).persona_id, "cli-founder");
  });

  await run.check("cli: autopilot on|off patches the persona; a bad state is a usage error (exit 2)", async () => {
    assert.equal(jsonOf(await ta(["autopilot", "cli-founder", "on", "--json"])).autopilot, true);
    assert.equal(jsonOf(await ta(["autopilot", "cli-founder", "off", "--json"])).autopilot, false);
    const best = jsonOf(await ta(["autopilot", "cli-founder", "on", "--best-times", "--json"]));
    assert.equal(best.autopilot_best_times, true);
    const fixed = await ta(["autopilot", "cli-founder", "off", "--fixed-times"]);
    assert.match(fixed.stdout, /^autopilot off for cli-founder\n?$/);
    const bad = await ta(["autopilot", "cli-founder", "maybe"]);
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /state: expected on or off/);
  });

  await run.check(
    "cli: exit codes: API error 1 with the API's message, usage 2 (a body the API's schema rejects too), connection 3, no post 4",
    async () => {
      const missing = await ta(["personas", "show", "nobody"]);
      assert.equal(missing.code, 1);
      assert.match(missing.stderr, /404 not_found: persona 'nobody' not found/);
      const badInput = await ta(["post", "cli-founder", "--topic", "x".repeat(300)]);
      // Checked against the API's own schema before sending (cli/request-schemas.mjs): a usage error naming the field.
      assert.equal(badInput.code, 2, badInput.stderr);
      assert.match(badInput.stderr, /the API would reject this request: topic:/, "the field is named");
      assert.equal((await ta(["post", "cli-founder", "--publish", "later"])).code, 2);
      assert.equal((await ta(["frobnicate"])).code, 2);
      const wrongKey = await ta(["personas", "list"], { env: { THREADS_AGENT_KEY: "wrong" } });
      assert.equal(wrongKey.code, 1);
      assert.match(wrongKey.stderr, /401 unauthorized: API key is not valid/);
      const down = await ta(["personas", "list", "--url", "http://127.0.0.1:9"]);
      assert.equal(down.code, 3);
      assert.match(down.stderr, /cannot reach http:\/\/127\.0\.0\.1:9/);
      // A task that ends without a post: the same text again is a duplicate.
      const dupTopic = ["post", "cli-founder", "--topic", "raising prices calmly"];
      const first = await ta(dupTopic);
      const second = first.code === 0 ? await ta(dupTopic) : first;
      assert.equal(second.code, 4, `${second.stdout}\n${second.stderr}`);
      assert.match(second.stderr, /ended (duplicate|rejected)/);
    },
  );

  await run.check(
    "cli: with no flags or env it finds the key in ./.dev.vars and the port in PORT; runs under the machine's Node 20 too",
    async () => {
      const dir = mkdtempSync(join(tmpdir(), "threads-agent-cli-"));
      try {
        writeFileSync(join(dir, ".dev.vars"), `# local\nAPI_KEY="${worker.apiKey}"\n`);
        const port = new URL(worker.base).port;
        const r = await cli(root, ["personas", "list", "--json"], { cwd: dir, env: { PORT: port } });
        assert.equal(r.code, 0, r.stderr);
        assert.ok(JSON.parse(r.stdout).data.some((p) => p.id === "cli-founder"));
        const system = ["/usr/bin/node", "/usr/local/bin/node"].find((p) => p !== process.execPath);
        const old = await cli(root, ["--version"], { node: system }).catch(() => null);
        if (old) assert.equal(old.code, 0, `${system}: ${old.stderr}`);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  );

  await run.check(
    "cli: the README's tour, run as written (npx threads-agent → this CLI), succeeds end to end",
    async () => {
      const readme = readFileSync(join(root, "README.md"), "utf8");
      const tour = /With the CLI[\s\S]*?```sh\n([\s\S]*?)```/.exec(readme)?.[1];
      assert.ok(
        tour && tour.split("\n").filter((l) => l.includes("npx threads-agent")).length >= 12,
        "the tour has its CLI block",
      );
      const script = `set -euo pipefail\nthreads_agent() { "${process.execPath}" "${join(root, "cli", "threads-agent.mjs")}" "$@"; }\n${tour.replaceAll("npx threads-agent", "threads_agent")}`;
      const r = await new Promise((resolve, reject) => {
        const child = spawn("bash", ["-c", script], {
          cwd: root,
          env: { ...process.env, NO_COLOR: "1", ...target },
          stdio: ["ignore", "pipe", "pipe"],
        });
        let out = "";
        child.stdout.on("data", (d) => (out += d));
        child.stderr.on("data", (d) => (out += d));
        const timer = setTimeout(
          () => (child.kill("SIGKILL"), reject(new Error(`tour timed out\n${out.slice(-2000)}`))),
          120_000,
        );
        child.on("exit", (code) => (clearTimeout(timer), resolve({ code, out })));
      });
      assert.equal(r.code, 0, r.out.slice(-3000));
      assert.match(r.out, /created persona calm-founder/);
      assert.match(r.out, /queued for publishing/);
      assert.match(r.out, /autopilot on for calm-founder/);
      assert.match(r.out, /Trends for "remote work"/);
    },
  );

  await run.check("cli: personas rm deletes the persona", async () => {
    assert.equal((await ta(["personas", "add", "cli-temp"])).code, 0);
    assert.equal((await ta(["personas", "rm", "cli-temp"])).code, 0);
    assert.equal((await ta(["personas", "show", "cli-temp"])).code, 1);
  });

  await run.check("cli: keys create/list/revoke and audit; a read key is refused a write (exit 1, 403)", async () => {
    const made = jsonOf(await ta(["keys", "create", "cli reader", "--scopes", "read", "--json"]));
    assert.match(made.secret, /^ta_/);
    const listed = await ta(["keys", "list"]);
    assert.equal(listed.code, 0, listed.stderr);
    assert.match(listed.stdout, new RegExp(`${made.id}\\s+cli reader\\s+read`));
    assert.ok(!listed.stdout.includes(made.secret), "keys list must not print a secret");
    const asReader = { env: { THREADS_AGENT_KEY: made.secret } };
    assert.equal((await ta(["personas", "list"], asReader)).code, 0);
    const refused = await ta(["personas", "add", "cli-denied"], asReader);
    assert.equal(refused.code, 1);
    assert.match(refused.stderr, /needs admin/);
    const audit = jsonOf(await ta(["audit", "--key-id", made.id, "--json"]));
    assert.deepEqual(
      audit.data.map((a) => [a.method, a.route, a.status]),
      [["POST", "/v1/personas", 403]],
    );
    assert.equal((await ta(["keys", "revoke", made.id])).code, 0);
    assert.equal((await ta(["personas", "list"], asReader)).code, 1);
    const human = await ta(["audit", "--limit", "5"]);
    assert.equal(human.code, 0, human.stderr);
    assert.match(human.stdout, /DELETE\s+\/v1\/keys\/\{id\}/);
  });
}
