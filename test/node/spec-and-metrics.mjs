// /openapi.json against the OpenAPI 3.1 schema and our completeness rules; /metrics through promtool.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { Validator } from "@seriousme/openapi-schema-validator";

const NO_BODY = new Set(["204", "202", "301", "302", "307"]);

export async function specChecks({ run, worker }) {
  const spec = await fetch(`${worker.base}/openapi.json`).then((r) => r.json());

  await run.check(
    "openapi: /openapi.json is a valid OpenAPI 3.1 document (@seriousme/openapi-schema-validator)",
    async () => {
      const res = await new Validator().validate(spec);
      assert.equal(res.valid, true, JSON.stringify(res.errors, null, 2)?.slice(0, 3000));
      assert.equal(spec.openapi, "3.1.0");
    },
  );

  await run.check(
    "openapi: complete: health, readiness, metrics and mcp included; every response has a schema; every request body an example",
    async () => {
      for (const p of [
        "/health",
        "/health/ready",
        "/metrics",
        "/mcp",
        "/v1/tasks",
        "/v1/posts/{id}/publish",
        "/v1/reports/daily",
      ])
        assert.ok(spec.paths[p], `${p} in the spec`);
      const schemas = spec.components.schemas;
      const resolve = (s) => (s?.$ref ? schemas[s.$ref.split("/").pop()] : s);
      const problems = [];
      for (const [path, item] of Object.entries(spec.paths)) {
        for (const [method, op] of Object.entries(item)) {
          const where = `${method.toUpperCase()} ${path}`;
          for (const [status, r] of Object.entries(op.responses)) {
            if (NO_BODY.has(status)) continue;
            const media = Object.values(r.content ?? {});
            if (media.length === 0 || media.some((m) => !m.schema))
              problems.push(`${where} ${status}: no response schema`);
          }
          const body = op.requestBody?.content?.["application/json"];
          if (op.requestBody && !body) problems.push(`${where}: request body is not JSON`);
          if (
            body &&
            body.example === undefined &&
            body.examples === undefined &&
            resolve(body.schema)?.example === undefined &&
            !(resolve(body.schema)?.anyOf ?? []).some((s) => resolve(s)?.example !== undefined)
          ) {
            problems.push(`${where}: request body has no example`);
          }
        }
      }
      assert.deepEqual(problems, []);
    },
  );
}

export async function metricsChecks({ run, worker }) {
  await run.check(
    "metrics: /metrics passes `promtool check metrics`, has no float noise, and has the publish series",
    async () => {
      const text = await fetch(`${worker.base}/metrics`, {
        headers: { authorization: `Bearer ${worker.apiKey}` },
      }).then((r) => r.text());
      // The publish series (docs/observability.md): by now the CLI and MCP checks have published posts.
      assert.match(text, /^posts_published_total\{outcome="published",persona_id="[a-z-]+"\} [1-9]\d*$/m);
      assert.match(text, /^request_latency_seconds_count\{phase="publish",route="publish"\} [1-9]\d*$/m);
      assert.match(text, /^queue_messages_total\{outcome="ack",queue="publish"\} [1-9]\d*$/m);
      // The importable Grafana dashboard only queries series this endpoint really has.
      const families = new Set([...text.matchAll(/^# TYPE (\S+) /gm)].map((m) => m[1]));
      const dashboard = JSON.parse(readFileSync(new URL("../../docs/grafana-dashboard.json", import.meta.url), "utf8"));
      const used = dashboard.panels.flatMap((p) =>
        p.targets.flatMap((t) => [...t.expr.matchAll(/\b([a-z_]+?)(?:_bucket)?(?:[{[]|$)/g)].map((m) => m[1])),
      );
      const unknown = [...new Set(used)].filter(
        (n) => !families.has(n) && !["increase", "rate", "sum", "by", "histogram_quantile"].includes(n),
      );
      assert.deepEqual(unknown, [], "Grafana queries name series that /metrics has");
      assert.ok(used.length >= 10);
      const noisy = text.split("\n").filter((l) => !l.startsWith("#") && /\d\.\d*(0000000|9999999)\d*$/.test(l));
      assert.deepEqual(noisy, [], "no float noise");
      const promtool = ["/usr/bin/promtool", "/usr/local/bin/promtool"].find(existsSync);
      if (!promtool) {
        // CI installs Debian's prometheus package (.ci/run); a dev machine without it skips this part.
        if (process.env.CI && !/^(0|false)$/i.test(process.env.CI))
          throw new Error("promtool not found: apt-get install -y prometheus");
        console.log("skipped: promtool check metrics (apt-get install prometheus)");
        return;
      }
      const r = spawnSync(promtool, ["check", "metrics"], { input: text, encoding: "utf8" });
      assert.equal(r.status, 0, `promtool check metrics:\n${r.stdout}${r.stderr}`);
    },
  );
}
