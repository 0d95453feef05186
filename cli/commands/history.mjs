// history import|sync|status, best-times: the account's earlier posts and the best times to post.
import { readFileSync } from "node:fs";
import { CliError, EXIT, usageError } from "../client.mjs";
import { readEvents } from "../../dashboard/event-stream.js";
import { bold, fields, num, pct, table, when } from "../render.mjs";

const e = encodeURIComponent;

const showJob = (j) =>
  fields([
    ["job", bold(j.id)],
    ["persona", j.persona_id],
    ["status", j.status],
    ["trigger", j.trigger],
    ["read", `${num(j.seen)} of at most ${num(j.cap)} posts`],
    ["imported", num(j.imported)],
    ["duplicates", num(j.duplicates)],
    ["rejected", num(j.rejected)],
    ["started", when(j.created_at)],
    ["finished", j.finished_at ? when(j.finished_at) : undefined],
    ["error", j.error ?? undefined],
  ]);

const line = (j) =>
  `  ${j.status}: ${num(j.seen)} read · ${num(j.imported)} imported · ${num(j.duplicates)} duplicates`;

/** Follows the job's events until `done`; resolves with the finished job. */
async function follow(client, persona, jobId, progress) {
  const res = await client.request("GET", `/v1/personas/${e(persona)}/history/jobs/${e(jobId)}/events`, {
    accept: "text/event-stream",
    signal: AbortSignal.timeout(30 * 60_000),
  });
  if (!res.ok || !res.body) throw new CliError(`${res.status}: event stream unavailable`, EXIT.api);
  for await (const { event, data } of readEvents(res.body)) {
    const job = JSON.parse(data);
    if (event === "progress") progress(line(job));
    if (event === "done") return job;
    if (event === "timeout") break;
  }
  return client.call("GET", `/v1/personas/${e(persona)}/history/jobs/${e(jobId)}`);
}

export function registerHistory(program, ctx) {
  const history = program.command("history").description("import the account's earlier posts (file or Threads)");

  history
    .command("import <persona> <file>")
    .description('import posts from a .json ({"posts":[…]}) or .csv file (text, published_at, views, likes, …)')
    .action(async (persona, file) => {
      const { client, print } = ctx();
      let text;
      try {
        text = readFileSync(file === "-" ? 0 : file, "utf8");
      } catch (/** @type {any} */ err) {
        throw usageError(`cannot read ${file}: ${err.message}`);
      }
      const csv = /\.csv$/i.test(file) || !/^\s*[{[]/.test(text);
      const result = await client.call("POST", `/v1/personas/${e(persona)}/history`, {
        raw: text,
        headers: { "content-type": csv ? "text/csv" : "application/json" },
      });
      print(result, (r) => `${num(r.imported)} imported, ${num(r.duplicates)} duplicates (of ${num(r.received)})`);
    });

  history
    .command("sync <persona>")
    .description("read the linked account's posts and insights from Threads (follows progress)")
    .option("--no-follow", "start it and return")
    .action(async (persona, o) => {
      const { client, print, progress } = ctx();
      const job = await client.call("POST", `/v1/personas/${e(persona)}/history/sync`);
      progress(`history sync ${job.id} ${job.status}`);
      print(o.follow ? await follow(client, persona, job.id, progress) : job, showJob);
    });

  history
    .command("status <persona> [job]")
    .description("a sync's counts, or the persona's syncs")
    .action(async (persona, job) => {
      const { client, print } = ctx();
      if (job) return print(await client.call("GET", `/v1/personas/${e(persona)}/history/jobs/${e(job)}`), showJob);
      print(await client.call("GET", `/v1/personas/${e(persona)}/history/jobs`), (r) =>
        table(
          ["JOB", "STATUS", "READ", "IMPORTED", "DUPLICATES", "STARTED"],
          r.data.map((j) => [j.id, j.status, num(j.seen), num(j.imported), num(j.duplicates), when(j.created_at)]),
        ),
      );
    });

  program
    .command("best-times <persona>")
    .description("the best local weekday × hour to post, from imported and measured posts")
    .action(async (persona) => {
      const { client, print } = ctx();
      print(await client.call("GET", `/v1/personas/${e(persona)}/best-times`), (r) =>
        [
          `${num(r.posts)} posts (${num(r.imported_posts)} imported) · typical engagement ${r.overall_engagement_rate == null ? "—" : pct(r.overall_engagement_rate)} · ${r.timezone}`,
          table(
            ["WHEN", "ENGAGEMENT", "LIFT", "POSTS", "SCHEDULED"],
            r.best.map((c) => [
              `${c.weekday} ${String(c.hour).padStart(2, "0")}:00`,
              r.posts ? pct(c.engagement_rate) : "—",
              `×${c.lift.toFixed(2)}`,
              num(c.posts),
              c.scheduled ? "yes" : "",
            ]),
          ),
        ].join("\n"),
      );
    });
}
