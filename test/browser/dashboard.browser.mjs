// Browser test of the operator dashboard (Node script, not vitest-in-workerd):
//   apt-get install -y chromium && npm install && node test/browser/dashboard.browser.mjs
// Starts a stub API + static server on 127.0.0.1, drives Debian's Chromium with playwright-core,
// and writes test/artifacts/dashboard.png (and dashboard-empty.png).
import assert from "node:assert/strict";
import { mkdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";
import { startStubServer } from "./stub-server.mjs";

const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
const artifacts = join(root, "test", "artifacts");
mkdirSync(artifacts, { recursive: true });

const { server, log, port } = await startStubServer({ root: join(root, "dashboard") });
const base = `http://127.0.0.1:${port}/dashboard/`;
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
  args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"],
});

let passed = 0;
let failed = 0;
async function check(name, fn) {
  const context = await browser.newContext({ viewport: { width: 1360, height: 900 } });
  const page = await context.newPage();
  const errors = [];
  page.on("console", (m) => m.type() === "error" && errors.push(m.text()));
  page.on("pageerror", (e) => errors.push(String(e)));
  try {
    await fn(page, errors);
    passed++;
    console.log(`ok - ${name}`);
  } catch (e) {
    failed++;
    console.log(`not ok - ${name}\n  ${String(e?.stack ?? e).split("\n").join("\n  ")}`);
  } finally {
    await context.close();
  }
}

await check("loads with #key=…, hides the key, renders tiles, charts, posts and alerts", async (page, errors) => {
  await page.goto(`${base}#key=test-key`);
  await page.waitForSelector('[data-testid="kpi-tile"]');
  assert.equal(new URL(page.url()).hash, "", "key removed from the address bar");
  assert.equal(await page.evaluate(() => sessionStorage.getItem("threads-agent.api-key")), "test-key");
  const tiles = page.locator('[data-testid="kpi-tile"]');
  assert.ok((await tiles.count()) >= 3);
  assert.match(await tiles.nth(0).innerText(), /5\.23%[\s\S]*goal 6%/);
  assert.ok(await tiles.nth(0).evaluate((n) => n.classList.contains("tile-warn")), "engagement 5.2% is amber");
  assert.ok(await tiles.nth(1).evaluate((n) => n.classList.contains("tile-good")), "cost per follow $0.0082 is green");
  assert.ok(await tiles.nth(2).evaluate((n) => n.classList.contains("tile-bad")), "revenue $1,468 is red");
  await page.waitForSelector("#chart-engagement canvas");
  await page.waitForSelector("#chart-cost canvas");
  assert.equal(await page.locator("#posts tr").count(), 6);
  assert.equal(await page.locator("#alerts li.alert").count(), 2);
  const apiCalls = log.filter((l) => l.path.startsWith("/v1/"));
  assert.ok(apiCalls.length >= 5 && apiCalls.every((l) => l.auth === "Bearer test-key"), "every API call carries the key");
  await page.screenshot({ path: join(artifacts, "dashboard.png"), fullPage: true });
  assert.deepEqual(errors, []);
});

await check("submits a draft task and follows its SSE progress to the end", async (page, errors) => {
  await page.goto(`${base}#key=test-key`);
  await page.waitForSelector("#task-persona option[value='growth-coach']", { state: "attached" });
  await page.fill("#task-topic", "pricing a side project");
  await page.click("#task-submit");
  await page.waitForSelector(".task-result.ok");
  assert.match(await page.locator("#task-result").innerText(), /post_new/);
  assert.equal(await page.locator(".step-succeeded").count(), 7);
  const post = log.find((l) => l.method === "POST" && l.path === "/v1/tasks");
  assert.ok(post && post.auth === "Bearer test-key");
  assert.ok(log.some((l) => l.path === "/v1/tasks/task_1/events" && l.auth === "Bearer test-key"), "SSE read with the Bearer header");
  await page.screenshot({ path: join(artifacts, "dashboard-task.png"), fullPage: false });
  assert.deepEqual(errors, []);
});

await check("acknowledges an alert", async (page, errors) => {
  await page.goto(`${base}#key=test-key`);
  await page.click("#alerts li.alert >> nth=1 >> button");
  await page.waitForFunction(() => document.querySelectorAll("#alerts li.alert").length === 1);
  assert.ok(log.some((l) => l.method === "POST" && l.path === "/v1/alerts/alrt_2/ack"));
  assert.deepEqual(errors, []);
});

await check("a rejected key asks for a new one, and the new key is used", async (page) => {
  await page.goto(`${base}#key=wrong`);
  await page.waitForSelector("#key-dialog[open]");
  assert.match(await page.locator("#key-msg").innerText(), /rejected/);
  await page.fill("#key-input", "test-key");
  await page.click("#key-form button[type=submit]");
  await page.waitForSelector('[data-testid="kpi-tile"]');
  assert.equal(await page.evaluate(() => sessionStorage.getItem("threads-agent.api-key")), "test-key");
});

await check("an empty deployment renders without errors", async (page, errors) => {
  await page.goto(`${base}#key=empty-key`);
  await page.waitForSelector('[data-testid="kpi-tile"]');
  assert.match(await page.locator("#chart-engagement").innerText(), /No engagement data/);
  assert.match(await page.locator("#posts").innerText(), /No posts yet/);
  assert.match(await page.locator("#alerts").innerText(), /All clear/);
  assert.match(await page.locator('[data-testid="kpi-tile"] >> nth=0').innerText(), /No data yet/);
  await page.screenshot({ path: join(artifacts, "dashboard-empty.png"), fullPage: true });
  assert.deepEqual(errors, []);
});

await browser.close();
server.close();
console.log(`${passed} passed, ${failed} failed`);
process.exitCode = failed === 0 ? 0 : 1;
