// Browser test of the operator dashboard against the real Worker (a Node script, not vitest):
//   npm run test:browser          (needs Debian's chromium: apt-get install -y chromium)
// Without Chromium it prints "skipped: …" and exits 0, unless CI is set (then it fails).
// Starts `wrangler dev --local` on a throwaway D1 (worker.mjs), seeds it through the API and
// D1 (seed.mjs), drives headless Chromium with playwright-core, and writes
// test/artifacts/dashboard*.png. Prints one line per check, then "N passed, N failed".
import assert from "node:assert/strict";
import { existsSync, mkdirSync, readdirSync, rmSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";
import { apiClient, PERSONAS, seed, waitForTask } from "./seed.mjs";
import { startWorker } from "./worker.mjs";

const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
const artifacts = join(root, "test", "artifacts");
// BROWSER_TEST_TIMEOUT_MS raises the budget on a loaded machine (wrangler start-up alone can take a minute).
const TOTAL_TIMEOUT_MS = Number(process.env.BROWSER_TEST_TIMEOUT_MS) || 200_000;
const started = Date.now();
const secs = () => `${((Date.now() - started) / 1000).toFixed(1)} s`;

const chromiumPath = [process.env.CHROMIUM_PATH, "/usr/bin/chromium", "/usr/bin/chromium-browser"].find(
  (p) => p && existsSync(p),
);
if (!chromiumPath) {
  if (process.env.CI && !/^(0|false)$/i.test(process.env.CI)) {
    console.log(
      "not ok - Chromium not found (looked at $CHROMIUM_PATH, /usr/bin/chromium, /usr/bin/chromium-browser): CI must install it (apt-get install -y chromium)",
    );
    console.log("0 passed, 1 failed");
    process.exit(1);
  }
  console.log("skipped: install chromium (apt-get install chromium) to run the dashboard browser test");
  process.exit(0);
}
mkdirSync(artifacts, { recursive: true });
for (const f of readdirSync(artifacts)) if (/^failed-\d+\.png$/.test(f)) rmSync(join(artifacts, f));

let passed = 0;
let failed = 0;
const ok = (name) => {
  passed++;
  console.log(`ok - ${name}`);
};
const notOk = (name, e) => {
  failed++;
  console.log(
    `not ok - ${name}\n  ${String(e?.stack ?? e)
      .split("\n")
      .join("\n  ")}`,
  );
};

let worker;
let browser;
let finishing = false;
async function finish(code) {
  if (finishing) return;
  finishing = true;
  await browser?.close().catch(() => undefined);
  await worker?.stop().catch(() => undefined);
  console.log(`${passed} passed, ${failed} failed`);
  process.exit(code ?? (failed === 0 ? 0 : 1));
}
// Whatever happens, wrangler (its own process group) and Chromium go away with us.
process.on("exit", () => worker?.stopNow());
for (const sig of ["SIGINT", "SIGTERM"]) process.on(sig, () => (failed++, void finish(1)));
setTimeout(() => {
  notOk(`whole test finished within ${TOTAL_TIMEOUT_MS / 1000} s`, new Error("timed out"));
  void finish(1);
}, TOTAL_TIMEOUT_MS).unref();

// ---- the real Worker, seeded ------------------------------------------------------------------
let data;
let api;
try {
  [worker, browser] = await Promise.all([
    startWorker({ root, timeoutMs: 180_000 }),
    chromium.launch({
      executablePath: chromiumPath,
      timeout: 20_000,
      args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"],
    }),
  ]);
  api = apiClient(worker.base, worker.apiKey);
  const ready = await fetch(`${worker.base}/health/ready`).then((r) => r.json());
  assert.equal(ready.status, "ready", JSON.stringify(ready));
  ok(`real Worker up: D1 migrations applied, wrangler dev --local answers /health and /health/ready (${secs()})`);
  data = await seed({ api, d1: worker.d1, dir: worker.dir });
  ok(
    `seeded ${PERSONAS.length} personas and ${data.jobs.length} offline-model drafts via the API, ${data.published.length} published with insights, follower snapshots and a firing alert in D1 (${secs()})`,
  );
} catch (e) {
  notOk("start and seed the real Worker", e);
  if (worker) console.log(`  --- wrangler dev output ---\n  ${worker.log().slice(-2000).split("\n").join("\n  ")}`);
  await finish(1);
}

const base = `${worker.base}/dashboard/`;
const key = worker.apiKey;
const DEFAULT_TIMEOUT = 15_000;

// A session is one browser tab; several checks run in it one after another, as an operator
// would use the page (each page load of the real Worker costs seconds on a busy machine).
async function session(fn) {
  const context = await browser.newContext({ viewport: { width: 1360, height: 900 }, colorScheme: "light" });
  const page = await context.newPage();
  page.setDefaultTimeout(DEFAULT_TIMEOUT);
  const tab = { page, errors: [], requests: [] };
  page.on("console", (m) => m.type() === "error" && tab.errors.push(m.text()));
  page.on("pageerror", (e) => tab.errors.push(String(e)));
  page.on("request", (r) =>
    tab.requests.push({
      url: r.url(),
      method: r.method(),
      host: new URL(r.url()).host,
      path: new URL(r.url()).pathname,
      auth: r.headers().authorization,
    }),
  );
  try {
    await fn(tab);
  } finally {
    await context.close();
  }
}

async function check(tab, name, fn) {
  const t0 = Date.now();
  try {
    await fn(tab);
    ok(`${name} (${((Date.now() - t0) / 1000).toFixed(1)} s)`);
  } catch (e) {
    notOk(name, e);
    await tab.page
      .screenshot({ path: join(artifacts, `failed-${passed + failed}.png`), fullPage: true })
      .catch(() => undefined);
  }
}

/** Console errors and uncaught exceptions since the last call. */
const noNewErrors = (tab) => assert.deepEqual(tab.errors.splice(0), [], "no console errors");

const tiles = (page) => page.locator('[data-testid="kpi-tile"]');
const tile = (page, label) => tiles(page).filter({ hasText: label });
const pct2 = (x) => `${(x * 100).toFixed(2)}%`;
const idle = (page) =>
  page.waitForFunction(() => /^Updated /.test(document.getElementById("status").textContent ?? ""));
const re = (text) => new RegExp(text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"));

// ---- checks ---------------------------------------------------------------------------------
const all = data.expected();

await session(async (tab) => {
  const { page } = tab;
  await check(
    tab,
    "loads with #key=…, keeps the key in this tab only, removes it from the URL, no console errors",
    async ({ requests }) => {
      await page.goto(`${base}#key=${key}`);
      await page.waitForSelector('[data-testid="kpi-tile"]');
      await idle(page);
      assert.equal(new URL(page.url()).hash, "", "key removed from the address bar");
      assert.equal(await page.evaluate(() => sessionStorage.getItem("threads-agent.api-key")), key);
      const v1 = requests.filter((r) => r.path.startsWith("/v1/"));
      assert.ok(v1.length >= 5, `dashboard called the API (${v1.length} calls)`);
      assert.ok(
        v1.every((r) => r.auth === `Bearer ${key}`),
        "every API call carries the Bearer key",
      );
      noNewErrors(tab);
    },
  );

  await check(
    tab,
    `KPI tiles show the seeded 7-day numbers (engagement ${pct2(all.engagement_rate)}, +${all.followers_gained} followers, ${all.posts_published} posts)`,
    async () => {
      assert.equal(await tiles(page).count(), 6);
      // The seeded inbox: 3 received, 1 flagged, none answered yet.
      assert.match(await tile(page, "Reply rate").innerText(), /0%[\s\S]*0 of 2 answered · no answers yet/);
      const er = await tile(page, "Engagement rate").innerText();
      assert.match(er, new RegExp(`${re(pct2(all.engagement_rate)).source}[\\s\\S]*goal 6%`));
      assert.match(
        er,
        re(`${all.interactions.toLocaleString("en-US")} interactions / ${all.views.toLocaleString("en-US")} views`),
      );
      // 4%–6% is "near goal" (amber), as the seed intends.
      assert.ok(all.engagement_rate > 0.04 && all.engagement_rate < 0.06);
      assert.ok(
        await tile(page, "Engagement rate").evaluate((n) => n.classList.contains("tile-warn")),
        "engagement tile is amber",
      );
      assert.match(
        await tile(page, "Followers gained").innerText(),
        re(`+${all.followers_gained.toLocaleString("en-US")}\n`),
      );
      assert.match(
        await tile(page, "Posts published").innerText(),
        new RegExp(`^POSTS PUBLISHED\\s+${all.posts_published}\\s`, "i"),
      );
      assert.match(await tile(page, "Monthly revenue").innerText(), re(`$${all.revenue_monthly_usd.toFixed(2)}`));
      assert.ok(
        await tile(page, "Monthly revenue").evaluate((n) => n.classList.contains("tile-bad")),
        "revenue far under the $20,000 goal is red",
      );
      // The offline model is free, so spend and cost per follow are $0 (on goal).
      assert.match(await tile(page, "Cost per follow").innerText(), /\$0\.00[\s\S]*On goal/);
      noNewErrors(tab);
    },
  );

  await check(tab, "charts render from the seeded series (two uPlot canvases with drawn series)", async () => {
    await page.waitForSelector("#chart-engagement canvas");
    await page.waitForSelector("#chart-cost canvas");
    const label = await page.locator("#chart-engagement").getAttribute("aria-label");
    assert.match(label ?? "", /latest \d+\.\d\d% on \d{4}-\d\d-\d\d, goal 6%/);
    const painted = (sel) =>
      page.locator(sel).evaluate((c) => {
        const px = c.getContext("2d").getImageData(0, 0, c.width, c.height).data;
        let n = 0;
        for (let i = 3; i < px.length; i += 4) if (px[i] > 0) n++;
        return n;
      });
    assert.ok((await painted("#chart-engagement canvas")) > 500, "engagement chart is not blank");
    assert.ok((await painted("#chart-cost canvas")) > 500, "cost/followers chart is not blank");
    // With the cursor away, the legend shows the latest day rather than dashes.
    assert.match(await page.locator("#chart-engagement .u-legend").innerText(), /Engagement\s*\d+\.\d\d%/);
    await page.screenshot({ path: join(artifacts, "dashboard.png"), fullPage: true });
    noNewErrors(tab);
  });

  await check(tab, "recent posts list every seeded post with its latest views and engagement", async () => {
    const rows = await page
      .locator("#posts tr")
      .evaluateAll((trs) => trs.map((tr) => [...tr.cells].map((c) => c.textContent.trim())));
    assert.equal(rows.length, data.jobs.length, "one row per seeded post");
    const posts = (await api("GET", "/v1/posts?limit=20")).data;
    for (const p of data.published) {
      const post = posts.find((x) => x.id === p.id);
      const row = rows.find((r) => r[0].startsWith(post.hook.slice(0, 60)) && r[1] === p.persona_id);
      assert.ok(row, `row for ${p.id}`);
      assert.equal(row[2], "published");
      assert.match(row[3], /\d+ (h|d) ago/);
      assert.equal(row[4], p.latest.views.toLocaleString("en-US"));
      const inter = p.latest.likes + p.latest.replies + p.latest.reposts + p.latest.quotes + p.latest.shares;
      assert.equal(row[5], pct2(inter / p.latest.views));
    }
    const drafts = rows.filter((r) => r[2] === "draft");
    assert.equal(drafts.length, 1);
    assert.deepEqual(drafts[0].slice(3, 6), ["—", "—", "—"], "a draft has no publish time or metrics");
    noNewErrors(tab);
  });

  await check(tab, "the firing alert is listed and acknowledging it clears it (through the API)", async () => {
    const alerts = page.locator("#alerts li.alert");
    assert.equal(await alerts.count(), 1);
    assert.match(await alerts.first().innerText(), re(data.alert.summary));
    assert.match(await page.locator("#alerts-count").innerText(), /1 firing/);
    await alerts.first().locator("button").click();
    await page.waitForSelector("#alerts li.empty.ok");
    const acked = (await api("GET", "/v1/alerts?status=acknowledged")).data;
    assert.deepEqual(
      acked.map((a) => a.id),
      [data.alert.id],
    );
    noNewErrors(tab);
  });

  await check(
    tab,
    "the task form runs a real draft and follows every pipeline step over SSE to the end",
    async ({ requests }) => {
      await page.selectOption("#task-persona", "calm-founder");
      // A topic none of the seeded calm-founder posts covers: a pricing one is (rightly) a duplicate now.
      await page.fill("#task-topic", "taking a real vacation as a solo founder");
      await page.click("#task-submit");
      await page.waitForSelector(".task-result.ok", { timeout: 30_000 });
      const result = await page.locator("#task-result").innerText();
      const postId = /draft (\S+) saved/.exec(result)?.[1];
      assert.ok(postId, result);
      const post = await api("GET", `/v1/posts/${postId}`);
      const task = await waitForTask(api, post.task_id);
      assert.equal(task.status, "succeeded");
      const steps = await page
        .locator("#steps li.step")
        .evaluateAll((lis) => lis.map((li) => [li.dataset.step, li.className]));
      assert.deepEqual(
        steps.map((s) => s[0]),
        task.steps.map((s) => s.name),
        "one row per pipeline step, in order, named as the API names them",
      );
      assert.ok(
        steps.every(([, cls]) => /step-(succeeded|skipped)/.test(cls)),
        JSON.stringify(steps),
      );
      assert.ok(
        requests.some((r) => r.path === `/v1/tasks/${task.id}/events` && r.auth === `Bearer ${key}`),
        "SSE read with the Bearer header",
      );
      await page.waitForFunction(
        (hook) => document.getElementById("posts").textContent.includes(hook.slice(0, 40)),
        post.hook,
      );
      await page.locator("#task-h").scrollIntoViewIfNeeded();
      await page.screenshot({ path: join(artifacts, "dashboard-task.png") });
      noNewErrors(tab);
    },
  );
});

await session(async (tab) => {
  const { page } = tab;
  await check(
    tab,
    "the experiments panel shows each arm's engagement rate and interval (chart and table), the status, and each post's score",
    async () => {
      const posts = (await api("GET", "/v1/posts?limit=10")).data;
      await page.goto(`${base}#key=${key}`);
      await idle(page);
      await page.waitForFunction(
        (n) => document.querySelectorAll("#post-scores tr[data-post]").length === n,
        posts.length,
      );
      const exp = await api("GET", `/v1/experiments/${data.experiment.id}`);
      const card = page.locator(`[data-testid="experiment"][data-id="${exp.id}"]`);
      await card.waitFor();
      assert.equal(
        (await card.locator('[data-testid="experiment-status"]').textContent())?.trim(),
        { running: "Running", winner: "Winner", no_difference: "No difference" }[exp.status],
      );
      for (const a of exp.arms) {
        const cells = (await card.locator(`tr[data-arm="${a.arm}"] td`).allTextContents()).map((t) => t.trim());
        assert.equal(cells[0], String(a.posts), `${a.arm} posts`);
        assert.equal(cells[1], pct2(a.engagement_rate), `${a.arm} ER`);
        assert.ok(a.interval, `${a.arm} has an interval`);
        assert.equal(cells[2], `${pct2(a.interval[0])} – ${pct2(a.interval[1])}`, `${a.arm} interval`);
      }
      assert.deepEqual(exp.arms.map((a) => a.posts).sort(), [2, 3], "the five published posts split 3/2");
      const canvas = card.locator("canvas");
      await canvas.waitFor();
      const painted = await canvas.evaluate((c) => {
        const px = c.getContext("2d").getImageData(0, 0, c.width, c.height).data;
        let n = 0;
        for (let i = 3; i < px.length; i += 4) if (px[i] > 0) n++;
        return n;
      });
      assert.ok(painted > 300, "interval chart is not blank");
      assert.match((await card.locator('[role="img"]').getAttribute("aria-label")) ?? "", /question \d+\.\d\d% \(/);
      const rows = await page
        .locator("#post-scores tr")
        .evaluateAll((trs) => trs.map((tr) => [tr.dataset.post, ...[...tr.cells].map((c) => c.textContent.trim())]));
      assert.equal(rows.length, posts.length);
      for (const p of posts) {
        const row = rows.find((r) => r[0] === p.id);
        assert.ok(row && p.score, `score row for ${p.id}`);
        assert.equal(row[2], p.score.score.toFixed(2));
        assert.match(row[5], /^hook_style: (question|statement)$/);
      }
      noNewErrors(tab);
    },
  );

  await check(
    tab,
    "persona filter and 30-day window re-query the API (indie-hacker's own KPIs and posts)",
    async () => {
      await page.goto(`${base}#key=${key}`);
      await idle(page);
      const own = data.expected("indie-hacker");
      await page.selectOption("#persona", "indie-hacker");
      await page.waitForFunction(
        (text) => document.querySelector('[data-testid="kpi-tile"]')?.textContent.includes(text),
        pct2(own.engagement_rate),
      );
      await idle(page);
      assert.equal(await page.locator("#posts tr").count(), 3);
      // The experiments panel shows what this persona's learned score knows, from its score-model route.
      const model = await api("GET", "/v1/personas/indie-hacker/score-model");
      await page.waitForFunction(
        (text) => document.getElementById("score-model")?.textContent.includes(text),
        `Learned score of indie-hacker: fitted on ${model.learned.n} posts with metrics`,
      );
      assert.match(
        (await page.locator("#score-model").textContent()) ?? "",
        model.learned.used_by_gate
          ? /the quality gate uses it/
          : new RegExp(`gate uses it from ${model.learned.min_posts} posts`),
      );
      assert.ok(
        await tile(page, "Engagement rate").evaluate((n) => n.classList.contains("tile-bad")),
        `indie-hacker at ${pct2(own.engagement_rate)} is red`,
      );
      assert.match(await tile(page, "Followers gained").innerText(), re(`+${own.followers_gained}\n`));
      await page.click('label[for="w30"]');
      await page.waitForFunction(() =>
        document.querySelector('[data-testid="kpi-tile"]:last-child')?.textContent.includes("last 30 days"),
      );
      noNewErrors(tab);
    },
  );

  await check(tab, "a persona with no activity shows the empty states", async () => {
    await page.selectOption("#persona", "night-owl");
    await page.waitForFunction(() => /No posts yet/.test(document.getElementById("posts").textContent));
    await idle(page);
    assert.match(await tile(page, "Engagement rate").innerText(), /—[\s\S]*No data yet/);
    assert.match(await page.locator("#chart-engagement").innerText(), /No engagement data/);
    assert.match(await page.locator("#chart-cost").innerText(), /No spend or follower data/);
    assert.equal(
      await page.locator("#task-persona").inputValue(),
      "night-owl",
      "the draft form follows the persona filter",
    );
    await page.screenshot({ path: join(artifacts, "dashboard-empty.png"), fullPage: true });
    noNewErrors(tab);
  });
});

await session(async (tab) => {
  await check(tab, "a rejected key asks for a new one, and the new key is used", async ({ page, requests }) => {
    await page.goto(`${base}#key=not-the-key`);
    await page.waitForSelector("#key-dialog[open]");
    assert.match(await page.locator("#key-msg").innerText(), /rejected/);
    assert.equal(
      await page.evaluate(() => sessionStorage.getItem("threads-agent.api-key")),
      null,
      "the bad key is forgotten",
    );
    await page.fill("#key-input", key);
    await page.click("#key-form button[type=submit]");
    await page.waitForSelector('[data-testid="kpi-tile"]');
    await idle(page);
    assert.ok(requests.some((r) => r.path === "/v1/kpis" && r.auth === `Bearer ${key}`));
  });
});

await session(async (tab) => {
  await check(tab, "a read key sees no action buttons; sign out forgets the key", async ({ page }) => {
    const reader = await api("POST", "/v1/keys", { name: "dashboard reader", scopes: ["read"] });
    await page.goto(`${base}#key=${reader.secret}`);
    await page.waitForSelector('[data-testid="kpi-tile"]');
    await idle(page);
    assert.match(await page.locator("#whoami").innerText(), /dashboard reader \(read\)/);
    assert.equal(await page.locator("#task-form").isVisible(), false, "no draft form for a read key");
    await page.locator("td.post-text button").first().click();
    await page.waitForSelector("#post-dialog[open]");
    // The detail view renders once the post has loaded: its actions exist, hidden for this key.
    await page.locator('#post-dialog [data-testid="post-actions"]').waitFor({ state: "attached" });
    assert.ok((await page.locator("#post-dialog [data-action]").count()) > 0, "the post has actions");
    assert.equal(await page.locator('#post-dialog [data-testid="post-actions"]').isVisible(), false);
    await page.keyboard.press("Escape");
    await page.click("#signout");
    await page.waitForSelector("#key-dialog[open]");
    assert.equal(await page.evaluate(() => sessionStorage.getItem("threads-agent.api-key")), null);
  });
});

// ---- acting from the dashboard: the post detail view ------------------------------------------
await session(async (tab) => {
  const { page } = tab;
  const dialog = page.locator("#post-dialog");
  const action = (name) => dialog.locator(`[data-action="${name}"]`);
  const published = data.published[0];
  await check(tab, "personas are listed by name and id; the persona pickers show both", async () => {
    await page.goto(`${base}#key=${key}`);
    await idle(page);
    const rows = await page
      .locator("#personas-list tr")
      .evaluateAll((trs) => trs.map((tr) => [...tr.cells].slice(0, 2).map((c) => c.textContent.trim())));
    assert.deepEqual(
      rows,
      PERSONAS.map((p) => [p.name ?? p.id, p.id]),
    );
    assert.equal(
      await page.locator('#persona option[value="calm-founder"]').innerText(),
      "Calm Founder (calm-founder)",
    );
    noNewErrors(tab);
  });

  await check(
    tab,
    "a published post opens in a detail view: full text, steps with timings, metrics over time",
    async () => {
      const post = await api("GET", `/v1/posts/${published.id}`);
      const task = await api("GET", `/v1/tasks/${post.task_id}`);
      const series = (await api("GET", `/v1/posts/${published.id}/metrics`)).data;
      assert.ok(series.length >= 2, "the seed wrote several insights readings");
      await page.locator(`#posts tr[data-post="${published.id}"] button.linkish`).click();
      await page.waitForSelector('#post-dialog[open] [data-testid="post-metrics"]');
      assert.equal(await dialog.locator('[data-testid="post-text"]').innerText(), post.text);
      const steps = await dialog
        .locator('[data-testid="post-steps"] tbody tr')
        .evaluateAll((trs) => trs.map((tr) => tr.dataset.step));
      assert.deepEqual(
        steps,
        task.steps.map((x) => x.name),
      );
      assert.match(
        await dialog.locator('[data-testid="post-steps"] tbody tr').first().innerText(),
        /succeeded\s+\d+(\.\d)? m?s/,
      );
      const views = await dialog.locator('[data-testid="post-metrics"] tbody tr td:nth-child(2)').allInnerTexts();
      assert.deepEqual(
        views,
        series.map((m) => m.views.toLocaleString("en-US")),
        "one row per reading, oldest first",
      );
      assert.match(await dialog.locator('[data-testid="post-facts"]').innerText(), /Published[\s\S]*ago/);
      assert.equal(await action("publish").count(), 0, "a published post cannot be published again");
      await page.screenshot({ path: join(artifacts, "dashboard-post.png") });
      await dialog.locator("form[method=dialog] button").click();
      noNewErrors(tab);
    },
  );

  await check(
    tab,
    "a draft: approve (next free slot), unschedule, schedule at a time, publish now, delete, each through the API",
    async ({ requests }) => {
      // Two drafts of our own: one from the pipeline for night-owl (no earlier posts, so never a
      // duplicate) to schedule and publish, and the seed's calm-founder draft to delete.
      await api("PATCH", "/v1/personas/night-owl", { schedule: { kind: "times", times: ["09:00", "17:30"] } });
      const queued = await api("POST", "/v1/tasks", {
        persona_id: "night-owl",
        topic: "late-night debugging rituals",
        publish: "draft",
      });
      const made = await waitForTask(api, queued.task_id);
      assert.equal(made.status, "succeeded", JSON.stringify(made.error));
      const draft = await api("GET", `/v1/posts/${made.post_id}`);
      const other = (await api("GET", "/v1/posts?persona_id=calm-founder&status=draft&limit=1")).data[0];
      assert.ok(other, "the seed's calm-founder draft");
      await page.click("#refresh");
      await page.waitForSelector(`#posts tr[data-post="${draft.id}"]`);
      const slot = (await api("GET", "/v1/personas/night-owl/schedule")).slots.find((x) => x.post_id === null).at;
      await page.locator(`#posts tr[data-post="${draft.id}"] button.linkish`).click();
      await action("approve").click();
      await page.waitForFunction(() => /Scheduled for/.test(document.getElementById("post-msg")?.textContent ?? ""));
      assert.equal((await api("GET", `/v1/posts/${draft.id}`)).scheduled_at, slot, "approved into the next free slot");
      assert.match(await dialog.locator('[data-testid="post-facts"]').innerText(), /Scheduled for/);
      await page.waitForFunction(
        (id) =>
          /scheduled/.test(document.querySelector(`#posts tr[data-post="${id}"] .scheduled-at`)?.textContent ?? ""),
        draft.id,
      );

      await action("unschedule").click();
      await page.waitForFunction(() => /draft again/.test(document.getElementById("post-msg")?.textContent ?? ""));
      assert.equal((await api("GET", `/v1/posts/${draft.id}`)).status, "draft");

      const at = new Date(Date.now() + 2 * 86_400_000);
      at.setSeconds(0, 0);
      await page.fill(
        "#post-at",
        await page.evaluate((ms) => {
          const d = new Date(ms);
          return new Date(d.getTime() - d.getTimezoneOffset() * 60_000).toISOString().slice(0, 16);
        }, at.getTime()),
      );
      await action("schedule").click();
      await page.waitForFunction(() => /Scheduled for/.test(document.getElementById("post-msg")?.textContent ?? ""));
      assert.equal(
        (await api("GET", `/v1/posts/${draft.id}`)).scheduled_at,
        at.toISOString(),
        "scheduled at the picked instant",
      );

      await action("publish").click();
      await page.waitForFunction(() =>
        /Queued for publishing/.test(document.getElementById("post-msg")?.textContent ?? ""),
      );
      assert.ok(
        requests.some(
          (r) => r.method === "POST" && r.path === `/v1/posts/${draft.id}/publish` && r.auth === `Bearer ${key}`,
        ),
      );
      assert.equal(await action("delete").count(), 0, "no delete while a post is being published");
      await dialog.locator("form[method=dialog] button").click();

      await page.locator(`#posts tr[data-post="${other.id}"] button.linkish`).click();
      await page.waitForSelector('#post-dialog[open] [data-action="delete"]');
      await action("delete").click();
      assert.match(await action("delete").innerText(), /again/, "the first click only arms the delete");
      await action("delete").click();
      await page.waitForFunction(() => !document.getElementById("post-dialog").open);
      await page.waitForFunction((id) => !document.querySelector(`#posts tr[data-post="${id}"]`), other.id);
      const gone = await fetch(`${worker.base}/v1/posts/${other.id}`, { headers: { authorization: `Bearer ${key}` } });
      assert.equal(gone.status, 404);
      noNewErrors(tab);
    },
  );
});

await session(async (tab) => {
  const { page } = tab;
  await check(
    tab,
    "at 390 px wide nothing is cut off: the page never scrolls sideways, tables scroll inside their cards",
    async () => {
      await page.setViewportSize({ width: 390, height: 844 });
      await page.goto(`${base}#key=${key}`);
      await idle(page);
      const overflow = await page.evaluate(() => ({
        page: document.documentElement.scrollWidth,
        wide: [...document.querySelectorAll("main *, header *")]
          .filter((n) => !n.closest(".table-wrap, dialog") && n.getBoundingClientRect().right > window.innerWidth + 1)
          .map((n) => `${n.tagName}.${n.className}`)
          .slice(0, 12),
        wraps: [...document.querySelectorAll(".table-wrap")].map((w) => getComputedStyle(w).overflowX),
      }));
      assert.ok(overflow.page <= 390, `page is ${overflow.page} px wide; past the edge: ${overflow.wide.join(", ")}`);
      assert.deepEqual(overflow.wide, [], "elements past the right edge");
      assert.ok(
        overflow.wraps.every((o) => o === "auto"),
        "tables scroll inside their wrapper",
      );
      await page.screenshot({ path: join(artifacts, "dashboard-390.png"), fullPage: true });
      await page.locator("#posts tr button.linkish").first().click();
      await page.waitForSelector('#post-dialog[open] [data-testid="post-text"]');
      const box = await page.locator("#post-dialog").boundingBox();
      assert.ok(box.x >= 0 && box.x + box.width <= 390, `dialog within the screen (${box.x}+${box.width})`);
      await page.screenshot({ path: join(artifacts, "dashboard-390-post.png") });
      noNewErrors(tab);
    },
  );
});

await session(async (tab) => {
  const { page } = tab;
  await check(
    tab,
    "the inbox at 390 px: drafted answers listed and wrapped inside the screen, a stranger's text shown as text, Dismiss moves a reply out",
    async () => {
      await page.setViewportSize({ width: 390, height: 844 });
      await page.goto(`${base}#key=${key}`);
      await page.locator("#persona").selectOption("calm-founder");
      const items = page.locator('#inbox [data-testid="inbox-item"]');
      // The default filter is "Draft ready": the two drafted replies, not the flagged one.
      await page.waitForFunction(() => document.querySelectorAll('#inbox [data-testid="inbox-item"]').length === 2);
      const drafted = page.locator('[data-id="rpl_seed_drafted"]');
      assert.equal(await drafted.locator("textarea").inputValue(), data.replies[0].answer);
      assert.match(await drafted.locator(".inbox-text").innerText(), /nobody has paid yet/);
      for (const box of await Promise.all((await items.all()).map((i) => i.boundingBox())))
        assert.ok(
          box && box.x >= 0 && box.x + box.width <= 390,
          `inbox card within the screen (${box?.x}+${box?.width})`,
        );
      const width = await page.evaluate(() => document.documentElement.scrollWidth);
      assert.ok(width <= 390, `page is ${width} px wide`);
      await page.locator("#inbox-section").screenshot({ path: join(artifacts, "dashboard-390-inbox.png") });

      await page.locator("#inbox-filter").selectOption("flagged");
      await page.waitForSelector('[data-id="rpl_seed_flagged"]');
      const flagged = page.locator('[data-id="rpl_seed_flagged"]');
      assert.equal(await flagged.locator(".inbox-text").innerText(), data.replies[1].text);
      assert.equal(
        await flagged.locator("button", { hasText: "Approve" }).count(),
        0,
        "a flagged reply has no Approve",
      );

      await page.locator("#inbox-filter").selectOption("drafted");
      await page.locator('[data-id="rpl_seed_mention"] button', { hasText: "Dismiss" }).click();
      await page.waitForFunction(() => !document.querySelector('[data-id="rpl_seed_mention"]'));
      const after = await api("GET", "/v1/replies/rpl_seed_mention");
      assert.equal(after.status, "dismissed");
      noNewErrors(tab);
    },
  );
});

await session(async (tab) => {
  const { page } = tab;
  await check(
    tab,
    "/docs renders every operation of /openapi.json with the bundled Swagger UI (no CDN, no console errors)",
    async ({ requests }) => {
      const spec = await fetch(`${worker.base}/openapi.json`).then((r) => r.json());
      const operations = Object.values(spec.paths).reduce((n, item) => n + Object.keys(item).length, 0);
      await page.goto(`${worker.base}/docs`);
      // 1.7 MB of Swagger UI to parse: give a busy machine time.
      await page.waitForSelector(".swagger-ui .opblock", { timeout: 45_000 });
      await page.waitForFunction((n) => document.querySelectorAll(".swagger-ui .opblock").length >= n, operations, {
        timeout: 20_000,
      });
      assert.match(await page.locator(".swagger-ui .info .title").innerText(), /threads-agent/);
      const hosts = new Set(requests.filter((r) => /^https?:/.test(r.url)).map((r) => r.host));
      assert.deepEqual([...hosts], [new URL(worker.base).host], "every request stays on this Worker");
      await page.screenshot({ path: join(artifacts, "docs.png") });
      noNewErrors(tab);
    },
  );
});

console.log(`# ${secs()}`);
await finish();
