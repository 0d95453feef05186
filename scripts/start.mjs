// `npm start`: the whole product locally and offline. Creates .dev.vars on first run (never
// overwrites it), applies local D1 migrations, runs `wrangler dev --local`, and fires the cron
// triggers every minute, because wrangler dev does not run them by itself. Prints one banner;
// wrangler's noise that is expected offline is filtered (scripts/start-output.mjs).
import { spawn, spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, writeFileSync } from "node:fs";
import { relative, resolve } from "node:path";
import { createInterface } from "node:readline";
import { ANSI, READY, banner, createOutputFilter, migrationSummary } from "./start-output.mjs";

const port = Number(process.env.PORT ?? 8787);
if (!Number.isInteger(port) || port < 1 || port > 65535) {
  console.error(`PORT must be a port number; got '${process.env.PORT}'`);
  process.exit(2);
}
const devVars = resolve(".dev.vars");
const shownVars = relative(process.cwd(), devVars) || ".dev.vars";

if (!existsSync(devVars)) {
  const lines = [
    "# Local secrets for `npm start` (wrangler dev). Never commit this file.",
    `API_KEY=${randomBytes(24).toString("hex")}`,
    `TOKEN_ENCRYPTION_KEY=${randomBytes(32).toString("base64")}`,
    "",
  ];
  writeFileSync(devVars, lines.join("\n"), { mode: 0o600 });
  console.log(`Created ${shownVars} with a random API_KEY and TOKEN_ENCRYPTION_KEY.`);
}

const quiet = { ...process.env, CI: "true", WRANGLER_SEND_METRICS: "false" };
const migrate = spawnSync("wrangler", ["d1", "migrations", "apply", "DB", "--local"], { env: quiet, encoding: "utf8" });
if (migrate.status !== 0) {
  process.stderr.write(`${migrate.stdout ?? ""}${migrate.stderr ?? ""}`);
  console.error("Applying local D1 migrations failed; see above.");
  process.exit(migrate.status ?? 1);
}
const migrations = migrationSummary(`${migrate.stdout}${migrate.stderr}`);

// Publishing goes to the fake Threads API mounted in the Worker itself (served in-process);
// production keeps wrangler.toml's graph.threads.net with the fake off.
const fakeThreads = [
  "--var",
  `THREADS_API_BASE:http://127.0.0.1:${port}/fake-threads`,
  "--var",
  "FAKE_THREADS_ENABLED:true",
  // The fake's simulated audience answers every published post (docs/conversations.md).
  "--var",
  "FAKE_THREADS_REPLIES:4",
];
const args = [
  "dev",
  "--local",
  "--port",
  String(port),
  "--show-interactive-dev-session=false",
  ...fakeThreads,
  ...process.argv.slice(2),
];
const dev = spawn("wrangler", args, {
  stdio: ["inherit", "pipe", "pipe"],
  env: { ...process.env, WRANGLER_SEND_METRICS: "false" },
});
const cron = process.env.START_CRON !== "0";

/** @type {[import("node:stream").Readable, NodeJS.WriteStream][]} */
const pipes = [
  [dev.stdout, process.stdout],
  [dev.stderr, process.stderr],
];
for (const [stream, out] of pipes) {
  const keep = createOutputFilter();
  createInterface({ input: stream }).on("line", (line) => {
    if (READY.test(line.replace(ANSI, "")))
      return void process.stdout.write(banner({ port, devVars: shownVars, cron, migrations }));
    if (keep(line)) out.write(`${line}\n`);
  });
}

const CRONS = [
  { cron: "* * * * *", due: () => true },
  { cron: "*/15 * * * *", due: (d) => d.getUTCMinutes() % 15 === 0 },
  { cron: "0 3 * * *", due: (d) => d.getUTCHours() === 3 && d.getUTCMinutes() === 0 },
];

async function fireDueCrons() {
  const now = new Date();
  for (const { cron: expr, due } of CRONS) {
    if (!due(now)) continue;
    const url = `http://127.0.0.1:${port}/cdn-cgi/local/scheduled?cron=${encodeURIComponent(expr)}&time=${now.getTime()}`;
    await fetch(url).catch(() => undefined); // the server may still be starting
  }
}

let ticker = null;
if (cron) {
  // Align to the start of each minute, as Cloudflare does.
  setTimeout(
    () => {
      void fireDueCrons();
      ticker = setInterval(fireDueCrons, 60_000);
    },
    60_000 - (Date.now() % 60_000),
  );
}

for (const signal of /** @type {const} */ (["SIGINT", "SIGTERM"])) process.on(signal, () => dev.kill(signal));
dev.on("exit", (code) => {
  if (ticker) clearInterval(ticker);
  process.exit(code ?? 0);
});
