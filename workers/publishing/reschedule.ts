// When a persona's schedule or time zone changes, the posts it had placed on slots move to the
// new schedule's slots (soonest post → soonest free slot), so "09:00" means 09:00 in the new
// zone. Times picked by hand, "now" posts and posts already being published stay where they are.
import type { Db } from "../db/client.ts";
import { getPersona } from "../db/personas.ts";
import { listSlotPosts, moveScheduledPost, takenSlotTimes } from "../db/post-publishing.ts";
import { withSlotLock } from "./placement.ts";
import { nextSlots, TAKEN_TOLERANCE_MS } from "./slots.ts";

export interface MoveReport {
  moved: number;
  /** Slot posts left where they were: no schedule any more, or changed while moving. */
  kept: number;
}

export function moveSlotPosts(db: Db, personaId: string, now: number): Promise<MoveReport> {
  // The same lock as the store step, so a post being placed right now cannot take a slot twice.
  return withSlotLock(personaId, async () => {
    const persona = await getPersona(db, personaId);
    const movable = await listSlotPosts(db, personaId, now);
    if (!persona?.schedule || movable.length === 0) return { moved: 0, kept: movable.length };
    const own = new Set(movable.map((p) => p.scheduledAt));
    const others = (await takenSlotTimes(db, personaId, now - TAKEN_TOLERANCE_MS)).filter((t) => !own.has(t));
    const slots = nextSlots(persona.schedule, now, movable.length, others);
    let moved = 0;
    for (const [i, post] of movable.entries()) {
      const to = slots[i];
      if (to === undefined || post.scheduledAt === null) continue;
      if (to === post.scheduledAt || (await moveScheduledPost(db, post.id, post.scheduledAt, to, now))) moved++;
    }
    return { moved, kept: movable.length - moved };
  });
}
