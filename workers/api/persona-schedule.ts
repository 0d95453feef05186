import { createRoute, z } from "@hono/zod-openapi";
import { getPersona } from "../db/personas.ts";
import { listUpcomingPosts } from "../db/post-publishing.ts";
import { notFound } from "../errors.ts";
import { nextSlots, TAKEN_TOLERANCE_MS } from "../publishing/slots.ts";
import { wallTime } from "../publishing/timezone.ts";
import { Slug, bearer, errorResponses, iso, json, queryInt } from "./schemas/common.ts";
import { UpcomingSchedule } from "./schemas/publishing.ts";
import { newRouter } from "./router.ts";

const pad = (n: number) => String(n).padStart(2, "0");

function localTime(ms: number, tz: string): string {
  const w = wallTime(ms, tz);
  return `${w.year}-${pad(w.month)}-${pad(w.day)} ${pad(w.hour)}:${pad(w.minute)}`;
}

/** Mounted at /v1/personas: the persona's upcoming slots, each with the post that holds it. */
export const personaScheduleApi = newRouter().openapi(
  createRoute({
    method: "get",
    path: "/{id}/schedule",
    tags: ["publishing"],
    security: bearer,
    request: {
      params: z.object({ id: Slug }),
      query: z.object({ count: queryInt({ min: 1, max: 100, default: 10 }) }),
    },
    responses: {
      200: { description: "Upcoming slots (UTC instants, with the persona's local time)", ...json(UpcomingSchedule) },
      ...errorResponses(400, 401, 404),
    },
  }),
  async (c) => {
    const { id } = c.req.valid("param");
    const { count } = c.req.valid("query");
    const persona = await getPersona(c.var.db, id);
    if (!persona) throw notFound("persona", id);
    const now = Date.now();
    const upcoming = await listUpcomingPosts(c.var.db, id, now - TAKEN_TOLERANCE_MS, 500);
    const tz = persona.schedule?.timezone ?? persona.timezone;
    const slots = persona.schedule ? nextSlots(persona.schedule, now, count) : [];
    return c.json(
      {
        persona_id: id,
        timezone: tz,
        schedule: persona.schedule ?? null,
        autopilot: persona.autopilot,
        slots: slots.map((at) => ({
          at: iso(at) ?? "",
          local_time: localTime(at, tz),
          post_id:
            upcoming.find((p) => p.scheduledAt !== null && Math.abs(p.scheduledAt - at) < TAKEN_TOLERANCE_MS)?.id ??
            null,
        })),
        scheduled: upcoming.map((p) => ({ post_id: p.id, at: iso(p.scheduledAt) ?? "", status: p.status })),
      },
      200,
    );
  },
);
