// The logic of `npm run release -- --canary N`, with wrangler, HTTP and the clock injected so
// it is tested without a Cloudflare account (test/release.node.mjs).
//
// 1. `wrangler versions upload`                      → the new version id (not yet serving)
// 2. `wrangler deployments status --json`            → the version serving now (the old one)
// 3. `wrangler versions deploy <new>@N% <old>@(100-N)%`
// 4. watch for --watch seconds: GET /health/ready, and probes pinned to the new version with
//    the Cloudflare-Workers-Version-Overrides header (developers.cloudflare.com/workers/
//    versions-and-deployments/version-overrides/, read 2026-12-01), whose error rate must stay
//    under --max-error-rate
// 5. healthy: promote (`<new>@100%`) unless --no-promote; unhealthy: roll back (`<old>@100%`).

const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/i;

export class ReleaseError extends Error {}

export function parseUploadedVersion(output) {
  const m = /Version ID:\s*([0-9a-f-]{36})/i.exec(output) ?? UUID.exec(output);
  if (!m)
    throw new ReleaseError(
      `could not find the new version id in \`wrangler versions upload\` output:\n${output.slice(-800)}`,
    );
  return m[1] ?? m[0];
}

/** The version with the most traffic in `wrangler deployments status --json`. */
export function parseServingVersion(output) {
  let status;
  try {
    status = JSON.parse(output.slice(output.indexOf("{")));
  } catch {
    throw new ReleaseError(`could not read \`wrangler deployments status --json\`:\n${output.slice(-800)}`);
  }
  const versions = status.versions ?? status.deployment?.versions ?? [];
  const top = [...versions].sort((a, b) => (b.percentage ?? 0) - (a.percentage ?? 0))[0];
  if (!top?.version_id)
    throw new ReleaseError("the Worker has no current deployment: deploy it once with `npm run deploy` first");
  return top.version_id;
}

export function parseArgs(argv) {
  const o = {
    canary: 10,
    watchSeconds: 300,
    intervalSeconds: 15,
    maxErrorRate: 0.02,
    minProbes: 10,
    promote: true,
    env: null,
    url: process.env.RELEASE_URL ?? null,
    workerName: "threads-agent",
    message: null,
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const next = () => {
      const v = argv[++i];
      if (v === undefined) throw new ReleaseError(`${a} needs a value`);
      return v;
    };
    if (a === "--canary") o.canary = Number(next());
    else if (a === "--watch") o.watchSeconds = Number(next());
    else if (a === "--interval") o.intervalSeconds = Number(next());
    else if (a === "--max-error-rate") o.maxErrorRate = Number(next());
    else if (a === "--env") o.env = next();
    else if (a === "--url") o.url = next();
    else if (a === "--name") o.workerName = next();
    else if (a === "--message") o.message = next();
    else if (a === "--no-promote") o.promote = false;
    else throw new ReleaseError(`unknown option ${a}`);
  }
  if (!Number.isInteger(o.canary) || o.canary < 1 || o.canary > 99)
    throw new ReleaseError("--canary: a whole percentage between 1 and 99");
  if (!(o.watchSeconds > 0) || !(o.intervalSeconds > 0))
    throw new ReleaseError("--watch and --interval: positive seconds");
  if (!(o.maxErrorRate >= 0 && o.maxErrorRate < 1)) throw new ReleaseError("--max-error-rate: a fraction such as 0.02");
  if (!o.url) throw new ReleaseError("--url https://<your worker> (or RELEASE_URL) is needed to watch /health/ready");
  return o;
}

/**
 * deps: wrangler(args) → Promise<string> (stdout+stderr; rejects on a non-zero exit),
 * fetch(url, init) → Promise<Response>, sleep(ms), now(), log(line).
 */
export async function release(o, deps) {
  const envArgs = o.env ? ["--env", o.env] : [];
  const msg = o.message ? ["--message", o.message] : [];
  const { wrangler, log } = deps;

  const newVersion = parseUploadedVersion(await wrangler(["versions", "upload", ...envArgs, ...msg]));
  const oldVersion = parseServingVersion(await wrangler(["deployments", "status", "--json", ...envArgs]));
  if (newVersion === oldVersion) throw new ReleaseError(`version ${newVersion} is already serving`);
  log(`uploaded ${newVersion}; serving now: ${oldVersion}`);

  await wrangler([
    "versions",
    "deploy",
    `${newVersion}@${o.canary}%`,
    `${oldVersion}@${100 - o.canary}%`,
    "--yes",
    ...envArgs,
    ...msg,
  ]);
  log(`canary: ${newVersion} at ${o.canary}%, ${oldVersion} at ${100 - o.canary}%; watching for ${o.watchSeconds} s`);

  const verdict = await watch(o, deps, newVersion);
  if (!verdict.ok) {
    log(`unhealthy: ${verdict.reason}; rolling back to ${oldVersion}`);
    await wrangler([
      "versions",
      "deploy",
      `${oldVersion}@100%`,
      "--yes",
      ...envArgs,
      "--message",
      `rollback: ${verdict.reason}`.slice(0, 100),
    ]);
    return { outcome: "rolled_back", newVersion, oldVersion, ...verdict };
  }
  if (!o.promote) {
    log(`healthy (${verdict.summary}); left at ${o.canary}% (--no-promote)`);
    return { outcome: "canary", newVersion, oldVersion, ...verdict };
  }
  await wrangler(["versions", "deploy", `${newVersion}@100%`, "--yes", ...envArgs, ...msg]);
  log(`healthy (${verdict.summary}); promoted ${newVersion} to 100%`);
  return { outcome: "promoted", newVersion, oldVersion, ...verdict };
}

/** Probes until the watch window ends; fails fast on a readiness failure or too many errors. */
async function watch(o, deps, newVersion) {
  const base = o.url.replace(/\/+$/, "");
  const pinned = { "cloudflare-workers-version-overrides": `${o.workerName}="${newVersion}"` };
  const end = deps.now() + o.watchSeconds * 1000;
  let probes = 0;
  let errors = 0;
  const get = async (path, headers = {}) => {
    try {
      const res = await deps.fetch(`${base}${path}`, { headers, signal: AbortSignal.timeout(10_000) });
      return { status: res.status, body: await res.text().catch(() => "") };
    } catch (/** @type {any} */ e) {
      return { status: 0, body: String(e?.message ?? e) };
    }
  };
  for (;;) {
    const ready = await get("/health/ready");
    if (ready.status !== 200)
      return {
        ok: false,
        reason: `/health/ready answered ${ready.status || "nothing"} ${ready.body.slice(0, 200)}`.trim(),
        probes,
        errors,
      };
    for (const path of ["/health/ready", "/health", "/openapi.json"]) {
      const r = await get(path, pinned);
      probes++;
      if (r.status === 0 || r.status >= 500) errors++;
    }
    const rate = errors / probes;
    if (probes >= o.minProbes && rate > o.maxErrorRate)
      return {
        ok: false,
        reason: `new version error rate ${(rate * 100).toFixed(1)}% over ${probes} probes (max ${(o.maxErrorRate * 100).toFixed(1)}%)`,
        probes,
        errors,
      };
    if (deps.now() >= end) {
      if (probes < o.minProbes)
        return {
          ok: false,
          reason: `only ${probes} probes in the watch window (need ${o.minProbes}); lengthen --watch`,
          probes,
          errors,
        };
      return { ok: true, summary: `${errors}/${probes} probe errors`, probes, errors };
    }
    await deps.sleep(o.intervalSeconds * 1000);
  }
}
