// keys create|list|revoke and audit, against the access API (issue 24: /v1/keys, /v1/audit; docs/access.md).
import { usageError } from "../client.mjs";
import { bold, dim, table, when } from "../render.mjs";

const e = encodeURIComponent;
const SCOPES = ["read", "write", "admin"];
const list = (s) =>
  String(s ?? "")
    .split(",")
    .map((x) => x.trim())
    .filter(Boolean);

export function registerAccess(program, ctx) {
  const keys = program.command("keys").description("API keys: scopes read/write/admin, optionally limited to personas");

  keys
    .command("create <name>")
    .description("make a key; its secret is printed this once")
    .requiredOption(
      "--scopes <list>",
      "comma-separated: read, write, admin (admin includes write, write includes read)",
    )
    .option("--personas <list>", "comma-separated persona ids the key is limited to (default: every persona)")
    .action(async (name, o) => {
      const scopes = list(o.scopes);
      const bad = scopes.find((s) => !SCOPES.includes(s));
      if (!scopes.length || bad) throw usageError(`--scopes: expected read, write or admin, got '${bad ?? o.scopes}'`);
      const personas = o.personas === undefined ? undefined : list(o.personas);
      const { client, print } = ctx();
      const k = await client.call("POST", "/v1/keys", {
        body: { name, scopes, ...(personas ? { persona_ids: personas } : {}) },
      });
      print(
        k,
        () =>
          `created key ${bold(k.id)} (${k.scopes.join(",")}${k.persona_ids ? `; personas ${k.persona_ids.join(",")}` : ""})\n${k.secret}\n${dim("the secret is shown only now: store it")}`,
      );
    });

  keys
    .command("list")
    .description("every key: id, name, scopes, personas, created, last used, revoked; never a secret")
    .action(async () => {
      const { client, print } = ctx();
      const r = await client.call("GET", "/v1/keys");
      print(r, () =>
        table(
          ["ID", "NAME", "SCOPES", "PERSONAS", "CREATED", "LAST USED", "REVOKED"],
          (r.data ?? []).map((k) => [
            k.id,
            k.name,
            k.scopes.join(","),
            k.persona_ids?.join(",") ?? "*",
            when(k.created_at),
            when(k.last_used_at),
            when(k.revoked_at),
          ]),
        ),
      );
    });

  keys
    .command("revoke <id>")
    .description("revoke a key: its next request is refused")
    .action(async (id) => {
      const { client, print } = ctx();
      await client.call("DELETE", `/v1/keys/${e(id)}`);
      print({ id, revoked: true }, `revoked key ${id}`);
    });

  program
    .command("audit")
    .description("the audit log of mutating calls, newest first")
    .option(
      "--key-id <id>",
      "only this key's calls (key_…, or bootstrap for API_KEY); not --key, which is the API key the CLI sends",
    )
    .option("--route <template>", "only this route, e.g. /v1/posts/{id}/publish")
    .option("--target <id>", "only calls naming this id")
    .option("--status <code>", "only this HTTP status")
    .option("--since <iso>", "from this time")
    .option("--limit <n>", "entries per page (1-100)", "20")
    .option("--cursor <cursor>", "the next_cursor of an earlier page")
    .action(async (o) => {
      const p = new URLSearchParams({ limit: o.limit });
      for (const [k, v] of [
        ["key_id", o.keyId],
        ["route", o.route],
        ["target_id", o.target],
        ["status", o.status],
        ["since", o.since],
        ["cursor", o.cursor],
      ])
        if (v !== undefined) p.set(k, v);
      const { client, print } = ctx();
      const r = await client.call("GET", `/v1/audit?${p}`);
      print(
        r,
        () =>
          table(
            ["AT", "KEY", "METHOD", "ROUTE", "TARGETS", "STATUS", "REQUEST"],
            (r.data ?? []).map((a) => [
              when(a.at),
              a.key_name,
              a.method,
              a.route,
              a.target_ids.join(","),
              a.status,
              a.request_id,
            ]),
          ) + (r.next_cursor ? `\n${dim(`more: --cursor ${r.next_cursor}`)}` : ""),
      );
    });
}
