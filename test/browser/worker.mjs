// Runs the real Worker the way `npm start` does, but isolated: local D1 migrations and
// `wrangler dev --local` against a throwaway --persist-to directory, on a free port, with a
// random API_KEY given through an env file (the developer's .dev.vars is never read).
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";

const WRANGLER = join("node_modules", "wrangler", "bin", "wrangler.js");
// Wrangler needs Node 22, which the node@22 devDependency supplies even when this script
// itself was started by an older system node.
const localNode = (root) => {
  const bin = join(root, "node_modules", "node", "bin", "node");
  return existsSync(bin) ? bin : process.execPath;
};

export function freePort() {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

/** Runs wrangler to completion; rejects with its output on a non-zero exit or after timeoutMs. */
function runWrangler(root, args, env, timeoutMs) {
  return new Promise((resolve, reject) => {
    // Our own process group, so a timeout kills wrangler and the workerd it started.
    const child = spawn(localNode(root), [WRANGLER, ...args], {
      cwd: root,
      env,
      detached: true,
      stdio: ["ignore", "pipe", "pipe"],
    });
    let out = "";
    child.stdout.on("data", (d) => (out += d));
    child.stderr.on("data", (d) => (out += d));
    const timer = setTimeout(() => {
      killGroup(child, "SIGKILL");
      reject(new Error(`wrangler ${args.slice(0, 3).join(" ")} timed out after ${timeoutMs} ms\n${out.slice(-2000)}`));
    }, timeoutMs);
    child.on("error", (e) => {
      clearTimeout(timer);
      reject(e);
    });
    child.on("exit", (code) => {
      clearTimeout(timer);
      if (code === 0) resolve(out);
      else reject(new Error(`wrangler ${args.slice(0, 3).join(" ")} exited with ${code}\n${out.slice(-3000)}`));
    });
  });
}

function killGroup(child, signal) {
  if (child.exitCode !== null || child.signalCode !== null) return;
  try {
    process.kill(-child.pid, signal);
  } catch {
    // already gone
  }
}

/** fakeThreads: publish to the fake Threads API mounted in the Worker, as `npm start` does. */
export async function startWorker({ root, timeoutMs = 60_000, fakeThreads = false }) {
  const dir = mkdtempSync(join(tmpdir(), "threads-agent-browser-"));
  const persist = join(dir, "state");
  const apiKey = randomBytes(18).toString("hex");
  const envFile = join(dir, ".dev.vars");
  const tokenKey = randomBytes(32).toString("base64");
  writeFileSync(envFile, `API_KEY=${apiKey}\nTOKEN_ENCRYPTION_KEY=${tokenKey}\nLLM_PROVIDER=offline\n`, {
    mode: 0o600,
  });
  // Nothing from the caller's shell may change what the Worker sees (wrangler merges process.env
  // into declared vars and secrets); CI=true keeps wrangler from prompting.
  const env = { ...process.env, CI: "true", WRANGLER_SEND_METRICS: "false", API_KEY: apiKey };
  delete env.LLM_PROVIDER;
  delete env.CLOUDFLARE_INCLUDE_PROCESS_ENV;

  const [port, inspectorPort] = [await freePort(), await freePort()];
  const base = `http://127.0.0.1:${port}`;
  let log = "";
  let dev;
  const stop = async () => {
    if (dev) {
      killGroup(dev, "SIGTERM");
      const exited =
        dev.exitCode !== null || dev.signalCode !== null ? Promise.resolve() : new Promise((r) => dev.once("exit", r));
      const timeout = new Promise((r) => setTimeout(r, 5_000));
      await Promise.race([exited, timeout]);
      killGroup(dev, "SIGKILL");
    }
    rmSync(dir, { recursive: true, force: true });
  };
  const stopNow = () => dev && killGroup(dev, "SIGKILL"); // for process exit: synchronous

  try {
    // wrangler dev does not open D1 until the first query, so migrations and the dev server's
    // start-up (bundling, workerd) can run side by side; nothing queries D1 until both are done.
    dev = spawn(
      localNode(root),
      [
        WRANGLER,
        "dev",
        "--local",
        "--ip",
        "127.0.0.1",
        "--port",
        String(port),
        "--inspector-port",
        String(inspectorPort),
        "--persist-to",
        persist,
        "--env-file",
        envFile,
        "--show-interactive-dev-session=false",
        "--log-level",
        "log",
        ...(fakeThreads
          ? ["--var", `THREADS_API_BASE:${base}/fake-threads`, "--var", "FAKE_THREADS_ENABLED:true"]
          : []),
      ],
      { cwd: root, env, detached: true, stdio: ["ignore", "pipe", "pipe"] },
    );
    dev.stdout.on("data", (d) => (log += d));
    dev.stderr.on("data", (d) => (log += d));
    const migrate = runWrangler(
      root,
      ["d1", "migrations", "apply", "DB", "--local", "--persist-to", persist],
      env,
      timeoutMs,
    );
    const healthy = waitForHealth(base, () => dev.exitCode, timeoutMs);
    await Promise.all([migrate, healthy]);
  } catch (e) {
    await stop();
    throw new Error(`${e.message}\n--- wrangler dev output ---\n${log.slice(-3000)}`);
  }

  const d1 = (sqlFile) =>
    runWrangler(root, ["d1", "execute", "DB", "--local", "--persist-to", persist, "--file", sqlFile], env, timeoutMs);
  return { base, apiKey, dir, d1, stop, stopNow, log: () => log };
}

async function waitForHealth(base, exitCode, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (exitCode() !== null) throw new Error(`wrangler dev exited with ${exitCode()}`);
    const res = await fetch(`${base}/health`, { signal: AbortSignal.timeout(2_000) }).catch(() => null);
    if (res?.status === 200) return;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`GET ${base}/health did not answer 200 within ${timeoutMs} ms`);
}
