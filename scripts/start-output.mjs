// What `npm start` shows of wrangler's output: one banner instead of the bindings table
// (printed twice), the per-migration tables and the warnings that are expected offline
// (explained once in the banner). Everything else (errors, request logs, the Worker's own
// logs) passes through unchanged.

// biome-ignore lint/suspicious/noControlCharactersInRegex: ESC starts the colour codes this removes
export const ANSI = /\x1b\[[0-9;]*m/g;

// Warnings that are expected offline: the title line and the indented (or blank) lines under it.
const QUIET_BLOCKS = [
  /WARNING.*Scheduled Workers are not automatically triggered/,
  /WARNING.*AI bindings always access remote resources/,
  /WARNING.*Vectorize Index bindings do not support local development/,
];
// Single lines (and, for the Request.cf notice, the stack trace under it).
const QUIET_LINES = [
  /^Your Worker has access to the following bindings:/,
  /^Binding\s+Resource\s+Mode/,
  /^env\.\S+/,
  /^\s*⛅️ wrangler/,
  /^─+$/,
  /^Using (secrets|vars) defined in/,
  /^⎔ (Starting local server|Connection status updated|Reloading local server|Local server updated)/,
  /Unable to fetch the `Request\.cf` object/,
  /^Error: getaddrinfo ENOTFOUND workers\.cloudflare\.com/,
  /^\s+at .*(GetAddrInfoReqWrap|async_hooks)/,
];
export const READY = /Ready on (http:\/\/\S+)/;

/** A line filter with state (inside a quiet block; ready yet). Returns whether to print the line. */
export function createOutputFilter() {
  let inBlock = false;
  let ready = false;
  return (raw) => {
    const line = raw.replace(ANSI, "");
    if (READY.test(line)) ready = true;
    if (inBlock) {
      if (line.trim() === "" || /^\s/.test(line)) return false;
      inBlock = false;
    }
    // Before the banner, blank lines only separate the blocks dropped here.
    if (!ready && line.trim() === "") return false;
    if (QUIET_BLOCKS.some((re) => re.test(line))) {
      inBlock = true;
      return false;
    }
    if (QUIET_LINES.some((re) => re.test(line))) return false;
    return true;
  };
}

export function banner({ port, devVars, cron, migrations }) {
  const url = `http://localhost:${port}`;
  return [
    "",
    `threads-agent is running offline (local D1, offline writer, fake Threads) · ${migrations}`,
    `  API        ${url}   key: API_KEY in ${devVars}`,
    `  dashboard  ${url}/dashboard/`,
    `  API docs   ${url}/docs`,
    `  MCP        ${url}/mcp   (docs/mcp.md)`,
    `  CLI        npx threads-agent --help   (finds the key in .dev.vars)`,
    `  cron       ${cron ? "fired every minute by this script (START_CRON=0 turns it off)" : "off (START_CRON=0)"}`,
    "Expected offline, not errors: Vectorize and Workers AI have no local simulator (the offline embedder",
    "and an exact local index stand in), and Request.cf is a placeholder. Ctrl-C stops.",
    "",
  ].join("\n");
}

/** "6 migrations applied" / "database up to date", from `wrangler d1 migrations apply` output. */
export function migrationSummary(output) {
  const text = output.replace(ANSI, "");
  if (/No migrations to apply/i.test(text)) return "D1 up to date";
  const n = /About to apply (\d+) migration/i.exec(text)?.[1];
  return n ? `${n} D1 migration${n === "1" ? "" : "s"} applied` : "D1 migrations applied";
}
