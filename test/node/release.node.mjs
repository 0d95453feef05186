// The release script's logic (scripts/release-lib.mjs) with a fake wrangler, fake HTTP and a
// fake clock: no Cloudflare account needed. `node test/node/release.node.mjs`, part of npm test.
import assert from "node:assert/strict";
import { test } from "node:test";
import {
  ReleaseError,
  parseArgs,
  parseServingVersion,
  parseUploadedVersion,
  release,
} from "../../scripts/release-lib.mjs";

const NEW = "11111111-2222-4333-8444-555555555555";
const OLD = "99999999-8888-4777-8666-555555555555";

/** A fake world: wrangler answers from a script, HTTP from `respond`, time advances on sleep. */
function world({ respond, deployFails = false } = {}) {
  const calls = [];
  const probes = [];
  let clock = 0;
  const wrangler = async (args) => {
    calls.push(args.join(" "));
    if (args[0] === "versions" && args[1] === "upload")
      return `Uploaded threads-agent (3.2 sec)\nWorker Version ID: ${NEW}\nVersion Preview URL: https://x.workers.dev`;
    if (args[0] === "deployments") return `{"id":"d1","versions":[{"version_id":"${OLD}","percentage":100}]}`;
    if (args[0] === "versions" && args[1] === "deploy") {
      if (deployFails) throw new ReleaseError("wrangler versions deploy exited with 1");
      return "ok";
    }
    throw new Error(`unexpected wrangler ${args.join(" ")}`);
  };
  const fetch = async (url, init) => {
    const pinned = init?.headers?.["cloudflare-workers-version-overrides"] ?? null;
    probes.push({ path: new URL(url).pathname, pinned, at: clock });
    const status = (respond ?? (() => 200))({ path: new URL(url).pathname, pinned, at: clock });
    if (status === 0) throw new TypeError("fetch failed");
    return new Response("{}", { status });
  };
  return {
    calls,
    probes,
    deps: { wrangler, fetch, sleep: async (ms) => void (clock += ms), now: () => clock, log: () => {} },
  };
}

const opts = (extra = []) =>
  parseArgs(["--canary", "10", "--url", "https://agent.example.com/", "--watch", "60", "--interval", "15", ...extra]);

test("healthy canary: upload, split 10/90, watch with probes pinned to the new version, promote", async () => {
  const w = world();
  const r = await release(opts(), w.deps);
  assert.equal(r.outcome, "promoted");
  assert.deepEqual(w.calls, [
    "versions upload",
    "deployments status --json",
    `versions deploy ${NEW}@10% ${OLD}@90% --yes`,
    `versions deploy ${NEW}@100% --yes`,
  ]);
  const pinned = w.probes.filter((p) => p.pinned);
  assert.ok(
    pinned.every((p) => p.pinned === `threads-agent="${NEW}"`),
    "the Cloudflare-Workers-Version-Overrides dictionary names the worker and the new version",
  );
  assert.ok(
    w.probes.some((p) => p.path === "/health/ready" && !p.pinned),
    "readiness of the live mix is watched too",
  );
  assert.equal(Math.max(...w.probes.map((p) => p.at)), 60_000, "watched the whole window");
  assert.equal(r.errors, 0);
});

test("readiness failing during the watch rolls back to the old version at once", async () => {
  const w = world({
    respond: ({ path, pinned, at }) => (path === "/health/ready" && !pinned && at >= 30_000 ? 503 : 200),
  });
  const r = await release(opts(["--env", "production"]), w.deps);
  assert.equal(r.outcome, "rolled_back");
  assert.match(r.reason, /\/health\/ready answered 503/);
  assert.equal(
    w.calls.at(-1).startsWith(`versions deploy ${OLD}@100% --yes --env production --message rollback:`),
    true,
    w.calls.at(-1),
  );
  assert.ok(
    w.calls.every((c) => c.includes("--env production")),
    "the env goes to every wrangler call",
  );
  assert.ok(!w.calls.some((c) => c.includes(`${NEW}@100%`)), "never promoted");
  assert.equal(Math.max(...w.probes.map((p) => p.at)), 30_000, "stopped watching at the failure");
});

test("the new version's error rate over the limit rolls back; under it, it promotes", async () => {
  // One pinned probe in three fails: 33% > 2%.
  let n = 0;
  const bad = world({ respond: ({ pinned }) => (pinned && ++n % 3 === 0 ? 500 : 200) });
  const r = await release(opts(), bad.deps);
  assert.equal(r.outcome, "rolled_back");
  assert.match(r.reason, /error rate 33\.3% over 12 probes/);
  // One failed probe out of 15 (6.7%) is fine with --max-error-rate 0.1; network errors count as errors.
  let m = 0;
  const ok = world({ respond: ({ pinned }) => (pinned && ++m === 2 ? 0 : 200) });
  const r2 = await release(opts(["--max-error-rate", "0.1"]), ok.deps);
  assert.equal(r2.outcome, "promoted");
  assert.equal(r2.errors, 1);
  assert.equal(r2.probes, 15);
});

test("--no-promote leaves the canary split in place", async () => {
  const w = world();
  assert.equal((await release(opts(["--no-promote"]), w.deps)).outcome, "canary");
  assert.equal(w.calls.length, 3);
});

test("bad input and unreadable wrangler output fail with a clear message", () => {
  assert.throws(() => parseArgs(["--canary", "0", "--url", "https://x"]), /--canary/);
  assert.throws(() => parseArgs(["--canary", "150", "--url", "https://x"]), /--canary/);
  assert.throws(() => parseArgs(["--canary", "10"]), /--url/);
  assert.throws(() => parseArgs(["--canary", "10", "--url", "https://x", "--bogus"]), /unknown option --bogus/);
  assert.throws(() => parseUploadedVersion("Uploaded, but no id"), /new version id/);
  assert.throws(() => parseServingVersion('{"versions":[]}'), /no current deployment/);
  assert.equal(
    parseServingVersion(
      `warning\n{"versions":[{"version_id":"a","percentage":10},{"version_id":"b","percentage":90}]}`,
    ),
    "b",
  );
});

test("a failing `versions deploy` stops the release (nothing is watched or promoted)", async () => {
  const w = world({ deployFails: true });
  await assert.rejects(release(opts(), w.deps), /versions deploy exited/);
  assert.equal(w.probes.length, 0);
});
