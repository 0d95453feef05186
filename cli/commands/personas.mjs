// personas list|add|show|rm, autopilot on|off, account link|show|unlink, slots.
import { readFileSync } from "node:fs";
import { usageError } from "../client.mjs";
import { bold, clip, dim, fields, table, when } from "../render.mjs";

const list = (s) =>
  s
    .split(",")
    .map((t) => t.trim())
    .filter(Boolean);
const e = encodeURIComponent;

function personaBody(id, o) {
  let body = {};
  if (o.file) {
    try {
      body = JSON.parse(readFileSync(o.file === "-" ? 0 : o.file, "utf8"));
    } catch (/** @type {any} */ err) {
      throw usageError(`--file: cannot read JSON from ${o.file}: ${err.message}`);
    }
  }
  const set = (k, v) => v !== undefined && (body[k] = v);
  set("id", id);
  set("name", o.name ?? (body.name === undefined ? id : undefined));
  set("description", o.description);
  set("tone", o.tone);
  set("emoji", o.emoji);
  set("topics", o.topics && list(o.topics));
  set("timezone", o.timezone);
  set("language", o.language);
  if (o.times) body.schedule = { kind: "times", times: list(o.times) };
  if (o.autopilot) body.autopilot = true;
  if (o.bestTimes) body.autopilot_best_times = true;
  return body;
}

export const showPersona = (p) =>
  fields([
    ["id", bold(p.id)],
    ["name", p.name],
    ["description", p.description],
    ["tone", p.tone],
    ["emoji", p.emoji],
    ["topics", p.topics.join(", ") || "—"],
    ["timezone", p.timezone],
    ["language", p.language],
    ["schedule", p.schedule ? JSON.stringify(p.schedule) : "—"],
    ["autopilot", `${p.autopilot ? "on" : "off"}${p.autopilot_best_times ? ", schedule follows the best times" : ""}`],
    ["research", p.research_enabled ? "on" : "off"],
    ["created", when(p.created_at)],
  ]);

export function registerPersonas(program, ctx) {
  const personas = program.command("personas").description("list, add, show and remove personas");

  personas
    .command("list")
    .description("every persona, by id")
    .action(async () => {
      const { client, print } = ctx();
      const data = [];
      for (let after = null; ; ) {
        const page = await client.call("GET", `/v1/personas?limit=100${after ? `&after=${e(after)}` : ""}`);
        data.push(...page.data);
        if (!page.next_cursor) break;
        after = page.next_cursor;
      }
      print({ data }, () =>
        table(
          ["ID", "NAME", "TOPICS", "AUTOPILOT"],
          data.map((p) => [p.id, p.name, clip(p.topics.join(", "), 40), p.autopilot ? "on" : "off"]),
        ),
      );
    });

  personas
    .command("add <id>")
    .description("create a persona (flags, or a JSON body from --file; flags win)")
    .option("--name <name>", "display name (default: the id)")
    .option("--description <text>")
    .option("--tone <tone>", "e.g. warm, direct")
    .option("--emoji <emoji>", 'an emoji the persona uses, or "none"')
    .option("--topics <list>", "comma-separated topics")
    .option("--timezone <tz>", "IANA time zone, e.g. Europe/Berlin")
    .option("--language <tag>", "e.g. en, pt-BR")
    .option("--times <list>", 'posting times in the persona\'s zone, e.g. "09:00,17:30"')
    .option("--autopilot", "create tasks ahead of free slots")
    .option("--best-times", "move the schedule's daily times to the persona's best hours as data arrives")
    .option("--file <path>", "JSON body as for POST /v1/personas (- for stdin)")
    .action(async (id, o) => {
      const { client, print } = ctx();
      const p = await client.call("POST", "/v1/personas", { body: personaBody(id, o) });
      print(p, () => `created persona ${bold(p.id)}\n${showPersona(p)}`);
    });

  personas.command("show <id>").action(async (id) => {
    const { client, print } = ctx();
    print(await client.call("GET", `/v1/personas/${e(id)}`), showPersona);
  });

  personas
    .command("rm <id>")
    .description(
      "delete a persona: its work is cancelled, drafts and scheduled posts deleted; published posts stay as history unless --purge",
    )
    .option("--purge", "delete its published posts and their metrics too")
    .action(async (id, o) => {
      const { client, print } = ctx();
      await client.call("DELETE", `/v1/personas/${e(id)}${o.purge ? "?purge=true" : ""}`);
      print({ deleted: id }, `deleted persona ${id}`);
    });

  program
    .command("autopilot <persona> <state>")
    .description("turn autopilot on or off: tasks are created ahead of the persona's free slots")
    .option("--best-times", "and post at the best times: the schedule's daily times follow the persona's best hours")
    .option("--fixed-times", "stop following the best times (the schedule keeps its current times)")
    .action(async (persona, state, o) => {
      if (!["on", "off"].includes(state)) throw usageError(`state: expected on or off, got '${state}'`);
      if (o.bestTimes && o.fixedTimes) throw usageError("--best-times and --fixed-times: pick one");
      const { client, print } = ctx();
      const body = {
        autopilot: state === "on",
        ...(o.bestTimes ? { autopilot_best_times: true } : o.fixedTimes ? { autopilot_best_times: false } : {}),
      };
      const p = await client.call("PATCH", `/v1/personas/${e(persona)}`, { body });
      print(
        p,
        `autopilot ${p.autopilot ? "on" : "off"} for ${p.id}${p.autopilot_best_times ? " (the schedule follows the best times)" : ""}${p.autopilot && !p.schedule ? dim(" (no schedule set: nothing will be created until it has one)") : ""}`,
      );
    });

  program
    .command("slots <persona>")
    .description("the persona's upcoming posting slots (UTC and local) and scheduled posts")
    .action(async (persona) => {
      const { client, print } = ctx();
      print(await client.call("GET", `/v1/personas/${e(persona)}/schedule`), (s) =>
        [
          `${bold(s.persona_id)} · ${s.timezone ?? "UTC"} · autopilot ${s.autopilot ? "on" : "off"}`,
          table(
            ["AT (UTC)", "LOCAL", "POST"],
            s.slots.map((x) => [when(x.at), x.local_time, x.post_id ?? dim("free")]),
          ),
          s.scheduled.length
            ? `\nscheduled:\n${table(
                ["POST", "AT (UTC)", "STATUS"],
                s.scheduled.map((x) => [x.post_id, when(x.at), x.status]),
              )}`
            : "",
        ].join("\n"),
      );
    });

  const account = program.command("account").description("the persona's Threads account");
  account
    .command("link <persona>")
    .description("link a Threads account with a long-lived token (stored encrypted)")
    .requiredOption("--user-id <id>", "numeric Threads user id, or me")
    .requiredOption("--token <token>", "long-lived Threads access token")
    .option("--expires-at <iso>", "token expiry (default: 60 days)")
    .action(async (persona, o) => {
      const { client, print } = ctx();
      const body = { user_id: o.userId, access_token: o.token, ...(o.expiresAt ? { expires_at: o.expiresAt } : {}) };
      const a = await client.call("PUT", `/v1/personas/${e(persona)}/threads-account`, { body });
      print(
        a,
        `linked ${persona} to Threads user ${a.threads_user_id}${a.username ? ` (@${a.username})` : ""}: ${a.status}${a.validated === false ? " (not validated: Threads unreachable)" : ""}`,
      );
    });
  account.command("show <persona>").action(async (persona) => {
    const { client, print } = ctx();
    print(await client.call("GET", `/v1/personas/${e(persona)}/threads-account`), (a) =>
      fields([
        ["persona", a.persona_id],
        ["threads user", a.threads_user_id],
        ["username", a.username],
        ["status", a.status],
        ["reason", a.status_reason],
        ["token expires", when(a.token_expires_at)],
      ]),
    );
  });
  account.command("unlink <persona>").action(async (persona) => {
    const { client, print } = ctx();
    await client.call("DELETE", `/v1/personas/${e(persona)}/threads-account`);
    print({ unlinked: persona }, `unlinked the Threads account of ${persona}`);
  });
}
