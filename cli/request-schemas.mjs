// The request bodies the CLI sends, checked before sending against the API's own zod schemas
// (imported from workers/api/schemas/, the objects the routes validate with), so the CLI cannot
// drift from the API: a flag that builds a body the API would reject fails here with the field's
// name and exit code 2, without a round trip. test/api/cli-schemas.test.ts fails when an entry's
// schema is not the one its route uses. Loaded only for a request with a body (client.mjs).
import { CreateKey } from "../workers/api/schemas/access.ts";
import { CompareRequest } from "../workers/api/schemas/dedup.ts";
import { CreateExperiment, ScoreRequest } from "../workers/api/schemas/experiments.ts";
import { CreatePersona, PatchPersona } from "../workers/api/schemas/personas.ts";
import { LinkAccount, ScheduleAt } from "../workers/api/schemas/publishing.ts";
import { RespondBody } from "../workers/api/schemas/replies.ts";
import { CompetitiveRequest, TrendsRequest } from "../workers/api/schemas/search.ts";
import { CreateTask } from "../workers/api/schemas/tasks.ts";
import { CreateSource } from "../workers/api/schemas/sources.ts";

/** Method, path as in the OpenAPI spec (`{id}` for a path parameter), and the route's body schema. */
export const REQUEST_BODIES = [
  { method: "POST", path: "/v1/personas", schema: CreatePersona },
  { method: "PATCH", path: "/v1/personas/{id}", schema: PatchPersona },
  { method: "PUT", path: "/v1/personas/{id}/threads-account", schema: LinkAccount },
  { method: "POST", path: "/v1/tasks", schema: CreateTask },
  { method: "POST", path: "/v1/personas/{id}/sources", schema: CreateSource },
  { method: "POST", path: "/v1/posts/{id}/schedule", schema: ScheduleAt },
  { method: "POST", path: "/v1/search/trends", schema: TrendsRequest },
  { method: "POST", path: "/v1/search/competitive", schema: CompetitiveRequest },
  { method: "POST", path: "/v1/dedup/compare", schema: CompareRequest },
  { method: "POST", path: "/v1/experiments", schema: CreateExperiment },
  { method: "POST", path: "/v1/replies/{id}/respond", schema: RespondBody },
  { method: "POST", path: "/v1/score", schema: ScoreRequest },
  { method: "POST", path: "/v1/keys", schema: CreateKey },
];

const matches = (template, path) =>
  new RegExp(`^${template.replace(/\{[^}]+\}/g, "[^/]+")}$`).test(path.split("?")[0] ?? "");

/**
 * The problems the API would report for `body` on `method path`, as `field: message` lines; none
 * when it is valid. Throws for a request the table does not know: a body the CLI sends unchecked
 * is a bug (add its route's schema above).
 * @param {string} method @param {string} path @param {unknown} body @returns {string[]}
 */
export function bodyProblems(method, path, body) {
  const entry = REQUEST_BODIES.find((r) => r.method === method && matches(r.path, path));
  if (!entry) throw new Error(`no request schema for ${method} ${path} (cli/request-schemas.mjs)`);
  const parsed = entry.schema.safeParse(body);
  if (parsed.success) return [];
  return parsed.error.issues.map((i) => `${i.path.length ? i.path.join(".") : "body"}: ${i.message}`);
}
