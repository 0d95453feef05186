// The threads-agent CLI: every command is a call to the HTTP API (docs/cli.md).
import { readFileSync } from "node:fs";
import { Command, CommanderError, Option } from "commander";
import { CliError, EXIT, createClient, resolveTarget } from "./client.mjs";
import { registerPersonas } from "./commands/personas.mjs";
import { registerPosts } from "./commands/posts.mjs";
import { registerResearch } from "./commands/research.mjs";
import { registerReports } from "./commands/reports.mjs";
import { registerExperiments } from "./commands/experiments.mjs";
import { registerAccess } from "./commands/access.mjs";
import { registerHistory } from "./commands/history.mjs";
import { registerReplies } from "./commands/replies.mjs";
import { registerScore } from "./commands/score.mjs";
import { registerSources } from "./commands/sources.mjs";
import { red } from "./render.mjs";

/** What every command gets: the API client, --json, and print(). */
function contextFor(program) {
  const opts = program.opts();
  const target = resolveTarget({ url: opts.url, key: opts.key });
  const client = createClient(target, { timeoutMs: Number(opts.timeout) * 1000 });
  const json = Boolean(opts.json);
  return {
    client,
    json,
    /** --json: the API's answer, as JSON; otherwise the human rendering. */
    print(data, human) {
      if (json) process.stdout.write(`${JSON.stringify(data, null, 2)}\n`);
      else process.stdout.write(`${typeof human === "function" ? human(data) : (human ?? String(data))}\n`);
    },
    /** Progress lines go to stderr, so stdout stays the result (pipe-friendly with --json). */
    progress(line) {
      if (!opts.quiet) process.stderr.write(`${line}\n`);
    },
  };
}

export function buildProgram() {
  const program = new Command("threads-agent")
    .description(
      "Operate threads-agent from the terminal: personas, sources, posts, publishing, replies, research, reports, experiments, keys, audit.",
    )
    .version(JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8")).version)
    .addOption(new Option("--url <url>", "API base URL").env("THREADS_AGENT_URL"))
    .addOption(new Option("--key <key>", "API key (Bearer)").env("THREADS_AGENT_KEY"))
    .option("--json", "print the API's JSON instead of text (for scripts)")
    .option("-q, --quiet", "no progress lines on stderr")
    .option("--timeout <seconds>", "per-request timeout", "30")
    .showHelpAfterError()
    .exitOverride()
    .configureOutput({ writeErr: (s) => process.stderr.write(s) })
    .addHelpText(
      "after",
      "\nTarget: --url/--key, else THREADS_AGENT_URL/THREADS_AGENT_KEY, else .dev.vars (API_KEY) and PORT of `npm start`.\nExit codes: 0 ok, 1 API error, 2 usage, 3 cannot connect, 4 task ended without a post.",
    );
  const ctx = () => contextFor(program);
  registerPersonas(program, ctx);
  registerPosts(program, ctx);
  registerResearch(program, ctx);
  registerReports(program, ctx);
  registerExperiments(program, ctx);
  registerAccess(program, ctx);
  registerHistory(program, ctx);
  registerReplies(program, ctx);
  registerScore(program, ctx);
  registerSources(program, ctx);
  // Every subcommand reports usage errors through exitOverride too (exit code 2, not commander's 1).
  for (const cmd of allCommands(program)) cmd.exitOverride().showHelpAfterError();
  return program;
}

function* allCommands(cmd) {
  for (const sub of cmd.commands) {
    yield sub;
    yield* allCommands(sub);
  }
}

export async function main(argv) {
  const program = buildProgram();
  try {
    await program.parseAsync(argv);
    process.exitCode = process.exitCode ?? EXIT.ok;
  } catch (/** @type {any} */ e) {
    if (e instanceof CommanderError) {
      // --help and --version are "errors" to commander; they are successes to us.
      process.exitCode = e.exitCode === 0 ? EXIT.ok : EXIT.usage;
      return;
    }
    if (e instanceof CliError) {
      process.stderr.write(`${red("error")}: ${e.message}\n`);
      if (program.opts().json && e.body) process.stdout.write(`${JSON.stringify(e.body, null, 2)}\n`);
      process.exitCode = e.code;
      return;
    }
    process.stderr.write(`${red("error")}: ${e?.stack ?? e}\n`);
    process.exitCode = EXIT.api;
  }
}
