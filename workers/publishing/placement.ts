// Where a freshly generated post goes: a draft, due now, or the persona's next free slot.
// Slot assignment is serialised per persona (the store step runs in the persona's Durable
// Object, one instance per persona), so two tasks finishing together never take one slot.
import type { Db } from "../db/client.ts";
import { getPersona } from "../db/personas.ts";
import { takenSlotTimes } from "../db/post-publishing.ts";
import type { PostStatus, PublishMode } from "../db/schema/index.ts";
import { nextSlots, TAKEN_TOLERANCE_MS } from "./slots.ts";
import { wallTime, zonedToUtc } from "./timezone.ts";

export interface Placement {
  status: PostStatus;
  scheduledAt: number | null;
  /** Shown as the post's error when it could not be placed as asked. */
  note?: string;
  /** The time is a slot of the persona's schedule (it moves when the schedule does). */
  slot?: boolean;
}

const locks = new Map<string, Promise<unknown>>();

export function withSlotLock<T>(personaId: string, fn: () => Promise<T>): Promise<T> {
  const run = (locks.get(personaId) ?? Promise.resolve()).then(fn);
  const tail = run.catch(() => undefined);
  locks.set(personaId, tail);
  void tail.then(() => {
    if (locks.get(personaId) === tail) locks.delete(personaId);
  });
  return run;
}

export async function nextFreeSlot(db: Db, personaId: string, now: number): Promise<number | null> {
  const persona = await getPersona(db, personaId);
  if (!persona?.schedule) return null;
  const taken = await takenSlotTimes(db, personaId, now - TAKEN_TOLERANCE_MS);
  return nextSlots(persona.schedule, now, 1, taken)[0] ?? null;
}

/**
 * A post_hour arm ("00".."23", the persona's local hour): the first free slot of the schedule in
 * that hour within the next 200 slots, else that hour's first free whole minute on the next day
 * it is still ahead, so the arm is always realised.
 */
async function slotInHour(db: Db, personaId: string, hour: number, now: number): Promise<number | null> {
  const persona = await getPersona(db, personaId);
  if (!persona?.schedule) return null;
  const tz = persona.schedule.timezone;
  const taken = await takenSlotTimes(db, personaId, now - TAKEN_TOLERANCE_MS);
  const inHour = nextSlots(persona.schedule, now, 200, taken).find((t) => wallTime(t, tz).hour === hour);
  if (inHour !== undefined) return inHour;
  const w = wallTime(now, tz);
  for (let day = 0; day <= 2; day++) {
    for (let minute = 0; minute < 60; minute++) {
      const t = zonedToUtc(Date.UTC(w.year, w.month - 1, w.day + day, hour, minute), tz);
      if (t > now && !taken.some((x) => Math.abs(x - t) < TAKEN_TOLERANCE_MS)) return t;
    }
  }
  return null;
}

export async function placePost(
  db: Db,
  personaId: string,
  mode: PublishMode,
  now: number,
  postHour?: string,
): Promise<Placement> {
  if (mode === "draft") return { status: "draft", scheduledAt: null };
  if (mode === "now") return { status: "scheduled", scheduledAt: now };
  const slot =
    postHour !== undefined
      ? await slotInHour(db, personaId, Number(postHour), now)
      : await nextFreeSlot(db, personaId, now);
  if (slot !== null) return { status: "scheduled", scheduledAt: slot, slot: true };
  // Never a scheduled post with no time (it would silently never go out): keep it as a draft.
  return {
    status: "draft",
    scheduledAt: null,
    note: `Not scheduled: persona '${personaId}' has no posting schedule. Set one (PATCH /v1/personas/${personaId} {"schedule":…}) or pick a time with POST /v1/posts/:id/schedule.`,
  };
}
