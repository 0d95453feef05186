// `npm start`: the whole product locally and offline. Creates .dev.vars on first run (never
// overwrites it), applies local D1 migrations, runs `wrangler dev --local`, and fires the cron
// triggers every minute, because wrangler dev does not run them by itself.
import { spawn, spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, writeFileSync } from "node:fs";
import { resolve } from "node:path";

const port = Number(process.env.PORT ?? 8787);
if (!Number.isInteger(port) || port < 1 || port > 65535) {
  console.error(`PORT must be a port number; got '${process.env.PORT}'`);
  process.exit(2);
}
const devVars = resolve(".dev.vars");

if (!existsSync(devVars)) {
  const lines = [
    "# Local secrets for `npm start` (wrangler dev). Never commit this file.",
    `API_KEY=${randomBytes(24).toString("hex")}`,
    `TOKEN_ENCRYPTION_KEY=${randomBytes(32).toString("base64")}`,
    "",
  ];
  writeFileSync(devVars, lines.join("\n"), { mode: 0o600 });
  console.log(`Created ${devVars} with a random API_KEY. Use it as: Authorization: Bearer <API_KEY>`);
} else {
  console.log(`Using the existing ${devVars}`);
}

const migrate = spawnSync("wrangler", ["d1", "migrations", "apply", "DB", "--local"], { stdio: "inherit", env: { ...process.env, CI: "true" } });
if (migrate.status !== 0) {
  console.error("Applying local D1 migrations failed; see above.");
  process.exit(migrate.status ?? 1);
}

// Publishing goes to the fake Threads API mounted in the Worker itself (served in-process);
// production keeps wrangler.toml's graph.threads.net with the fake off.
const fakeThreads = [
  "--var", `THREADS_API_BASE:http://127.0.0.1:${port}/fake-threads`,
  "--var", "FAKE_THREADS_ENABLED:true",
];
const dev = spawn("wrangler", ["dev", "--local", "--port", String(port), ...fakeThreads, ...process.argv.slice(2)], { stdio: "inherit" });

const CRONS = [
  { cron: "* * * * *", due: () => true },
  { cron: "*/15 * * * *", due: (d) => d.getUTCMinutes() % 15 === 0 },
  { cron: "0 3 * * *", due: (d) => d.getUTCHours() === 3 && d.getUTCMinutes() === 0 },
];

async function fireDueCrons() {
  const now = new Date();
  for (const { cron, due } of CRONS) {
    if (!due(now)) continue;
    const url = `http://127.0.0.1:${port}/cdn-cgi/local/scheduled?cron=${encodeURIComponent(cron)}&time=${now.getTime()}`;
    await fetch(url).catch(() => undefined); // the server may still be starting
  }
}

let ticker = null;
if (process.env.START_CRON !== "0") {
  // Align to the start of each minute, as Cloudflare does.
  setTimeout(() => {
    void fireDueCrons();
    ticker = setInterval(fireDueCrons, 60_000);
  }, 60_000 - (Date.now() % 60_000));
  console.log(`Cron triggers fire every minute against http://127.0.0.1:${port} (START_CRON=0 turns this off).`);
}

for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, () => dev.kill(signal));
dev.on("exit", (code) => {
  if (ticker) clearInterval(ticker);
  process.exit(code ?? 0);
});
