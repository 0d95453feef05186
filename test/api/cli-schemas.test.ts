import { describe, expect, it } from "vitest";
import { REQUEST_BODIES, bodyProblems } from "../../cli/request-schemas.mjs";
import { buildApp } from "../../workers/app.ts";

// The CLI checks its request bodies with the API's schemas (cli/request-schemas.mjs). These fail
// when an entry's schema is not the very object its route validates with, or when the CLI sends a
// body to a route the table does not list.

interface RouteDefinition {
  type: string;
  route?: {
    method: string;
    path: string;
    request?: { body?: { content?: Record<string, { schema?: unknown }> } };
  };
}

const routeBodies = new Map(
  (buildApp().openAPIRegistry.definitions as RouteDefinition[])
    .filter((d) => d.type === "route" && d.route?.request?.body)
    .map((d) => [
      `${d.route?.method.toUpperCase()} ${d.route?.path}`,
      d.route?.request?.body?.content?.["application/json"]?.schema,
    ]),
);

const cliSources = import.meta.glob("../../cli/**/*.mjs", { query: "?raw", import: "default", eager: true }) as Record<
  string,
  string
>;

describe("CLI request schemas", () => {
  it("are the schemas the API's routes validate with", () => {
    expect(REQUEST_BODIES.length).toBeGreaterThan(0);
    for (const { method, path, schema } of REQUEST_BODIES) {
      const key = `${method} ${path}`;
      expect(routeBodies.has(key), `${key} is not an API route with a body`).toBe(true);
      expect(routeBodies.get(key) === schema, `${key}: the CLI checks a different schema than the route`).toBe(true);
    }
  });

  it("cover every request the CLI sends with a body", () => {
    // client.call("POST", `/v1/posts/${e(id)}/schedule`, { body: ... }): a literal path, `${…}` as a parameter.
    const sent = Object.values(cliSources).flatMap((src) =>
      [...src.matchAll(/\.call\(\s*"([A-Z]+)",\s*(["`])([^"`]*)\2,\s*\{\s*body\b/g)].map(
        (m) => [m[1] ?? "", (m[3] ?? "").replace(/\$\{[^}]*\}+\)?/g, "x")] as const,
      ),
    );
    expect(sent.length).toBeGreaterThanOrEqual(8);
    for (const [method, path] of sent) expect(() => bodyProblems(method, path, {}), `${method} ${path}`).not.toThrow();
  });

  it("name the field the API would reject, and pass a body it accepts", () => {
    expect(bodyProblems("POST", "/v1/tasks", { persona_id: "ana", topic: "x".repeat(281) })).toEqual([
      expect.stringMatching(/^topic: /),
    ]);
    expect(bodyProblems("POST", "/v1/tasks", { persona_id: "ana", publish: "draft" })).toEqual([]);
    expect(bodyProblems("PATCH", "/v1/personas/ana?x=1", { autopilot: "yes" })).toEqual([
      expect.stringMatching(/^autopilot: /),
    ]);
    expect(() => bodyProblems("POST", "/v1/unknown", {})).toThrow(/no request schema/);
  });
});
