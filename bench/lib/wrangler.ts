// Runs `wrangler dev --local` as a child process the way `npm start` does, on a free port with
// its own persisted state, so every benchmark starts from an empty database and can be stopped
// without touching anything else on the machine.
import { spawn, spawnSync } from "node:child_process";
import type { ChildProcess } from "node:child_process";
import { cpSync, mkdirSync, mkdtempSync, openSync, readFileSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";

export const ROOT = resolve(import.meta.dirname, "..", "..");
const WRANGLER = join(ROOT, "node_modules", "wrangler", "bin", "wrangler.js");

export interface DevServer {
  name: string;
  url: string;
  port: number;
  inspectorPort: number;
  dir: string;
  logFile: string;
  stop(): Promise<void>;
  /** SIGKILLs the server (and its workerd) without warning, then starts it again on the same port and local state. */
  crashAndRestart(): Promise<void>;
}

export interface DevOptions {
  name: string;
  /** wrangler config, relative to the repository root; default wrangler.toml */
  config?: string;
  vars?: Record<string, string>;
  /** Copy of an already migrated state directory (see migratedState). */
  state?: string;
  port?: number;
  readyPath?: string;
  args?: string[];
}

export function freePort(): Promise<number> {
  return new Promise((ok, fail) => {
    const srv = createServer();
    srv.once("error", fail);
    srv.listen(0, "127.0.0.1", () => {
      const addr = srv.address();
      srv.close(() => (typeof addr === "object" && addr ? ok(addr.port) : fail(new Error("no port"))));
    });
  });
}

/** Applies the D1 migrations once into a template directory that each server copies. */
export function migratedState(): string {
  const dir = mkdtempSync(join(tmpdir(), "threads-bench-state-"));
  const r = spawnSync(process.execPath, [WRANGLER, "d1", "migrations", "apply", "DB", "--local", "--persist-to", dir], {
    cwd: ROOT,
    env: { ...process.env, CI: "true", WRANGLER_SEND_METRICS: "false" },
    encoding: "utf8",
  });
  if (r.status !== 0) throw new Error(`wrangler d1 migrations apply failed:\n${r.stdout}\n${r.stderr}`);
  return dir;
}

/** Runs SQL against a state directory before a server uses it (seeding). */
export function executeSql(stateDir: string, sql: string): void {
  const r = spawnSync(
    process.execPath,
    [WRANGLER, "d1", "execute", "DB", "--local", "--persist-to", stateDir, "--command", sql],
    {
      cwd: ROOT,
      env: { ...process.env, CI: "true", WRANGLER_SEND_METRICS: "false" },
      encoding: "utf8",
    },
  );
  if (r.status !== 0) throw new Error(`wrangler d1 execute failed:\n${r.stdout}\n${r.stderr}`);
}

const live = new Set<ChildProcess>();
// A bench killed by Ctrl-C or an exception must not leave workerd processes behind.
process.once("exit", () => {
  for (const child of live) if (child.pid) killGroup(child.pid, "SIGKILL");
});

function killGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal); // the child leads its own process group (detached)
  } catch {
    /* already gone */
  }
}

export async function startDev(opts: DevOptions): Promise<DevServer> {
  const port = opts.port ?? (await freePort());
  const inspector = await freePort(); // 9229 may belong to someone else's wrangler on a shared machine
  const dir = mkdtempSync(join(tmpdir(), `threads-bench-${opts.name}-`));
  if (opts.state) cpSync(opts.state, dir, { recursive: true });
  const logFile = join(dir, "wrangler.log");
  const out = openSync(logFile, "a");
  const args = [
    WRANGLER,
    "dev",
    "--local",
    "--port",
    String(port),
    "--ip",
    "127.0.0.1",
    "--inspector-port",
    String(inspector),
    "--persist-to",
    dir,
    "--show-interactive-dev-session=false",
  ];
  if (opts.config) args.push("--config", opts.config);
  args.push(...(opts.args ?? []));
  // Benchmarks drive one API key far past the production request rate (wrangler.toml
  // [[ratelimits]]); they measure throughput, so the limiter is off unless a bench sets it.
  for (const [k, v] of Object.entries({ API_RATE_LIMIT: "off", ...opts.vars })) args.push("--var", `${k}:${v}`);
  const spawnServer = () => {
    const c = spawn(process.execPath, args, {
      cwd: ROOT,
      env: { ...process.env, CI: "true", WRANGLER_SEND_METRICS: "false", NO_COLOR: "1" },
      stdio: ["ignore", out, out],
      detached: true,
    });
    live.add(c);
    return { child: c, exited: new Promise<void>((r) => c.once("exit", () => r())) };
  };
  let proc = spawnServer();
  const url = `http://127.0.0.1:${port}`;
  const ready = async (): Promise<boolean> => {
    const deadline = Date.now() + 90_000;
    while (Date.now() < deadline) {
      if (proc.child.exitCode !== null) return false;
      const ok = await fetch(`${url}${opts.readyPath ?? "/health"}`).then(
        (r) => r.ok,
        () => false,
      );
      if (ok) return true;
      await new Promise((r) => setTimeout(r, 300));
    }
    return false;
  };
  const server: DevServer = {
    name: opts.name,
    url,
    port,
    inspectorPort: inspector,
    dir,
    logFile,
    async stop() {
      const { child, exited } = proc;
      if (child.pid && child.exitCode === null) {
        killGroup(child.pid, "SIGTERM");
        const timer = setTimeout(() => child.pid && killGroup(child.pid, "SIGKILL"), 5000);
        await exited;
        clearTimeout(timer);
      }
      live.delete(child);
      // Keep the server's log for a post-mortem; the state goes.
      mkdirSync(join(ROOT, "bench", "results"), { recursive: true });
      cpSync(logFile, join(ROOT, "bench", "results", `${opts.name}.wrangler.log`));
      rmSync(dir, { recursive: true, force: true });
    },
    async crashAndRestart() {
      const { child, exited } = proc;
      if (child.pid) killGroup(child.pid, "SIGKILL");
      await exited;
      live.delete(child);
      proc = spawnServer();
      if (!(await ready()))
        throw new Error(
          `wrangler dev (${opts.name}) did not come back after a crash:\n${readFileSync(logFile, "utf8").slice(-3000)}`,
        );
    },
  };
  if (await ready()) return server;
  const log = readFileSync(logFile, "utf8").slice(-3000);
  await server.stop();
  throw new Error(`wrangler dev (${opts.name}) did not become ready on port ${port}:\n${log}`);
}
