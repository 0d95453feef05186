// Moving a persona's time zone moves its posting schedule (issue 10): the schedule follows the
// persona's zone unless it named its own, and posts placed on slots move to the new zone's
// slots; a time picked by hand stays where it is.
import { describe, expect, it } from "vitest";
import { api, createPersona, submitTask, waitForTask } from "../support/helpers.ts";
import { postRow } from "../support/publishing.ts";

const P = "calm-founder";

const localHm = (ms: number | null, timeZone: string) =>
  new Intl.DateTimeFormat("en-GB", { timeZone, hour: "2-digit", minute: "2-digit", hourCycle: "h23" }).format(
    new Date(ms ?? 0),
  );

async function scheduledPosts(n: number): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < n; i++) {
    const task = await waitForTask(
      await submitTask({ persona_id: P, topic: `pricing lesson ${i}`, publish: "schedule" }),
    );
    expect(task.status).toBe("succeeded");
    ids.push(task.post_id ?? "");
  }
  return ids;
}

async function patch(body: Record<string, unknown>) {
  const res = await api(`/v1/personas/${P}`, { method: "PATCH", json: body });
  expect(res.status).toBe(200);
  return (await res.json()) as { timezone: string; schedule: { timezone: string; times: string[] } };
}

describe("PATCH timezone", () => {
  it("moves a schedule without its own zone, and the posts on its slots, to the new zone", async () => {
    await createPersona({ timezone: "Europe/Berlin", schedule: { kind: "times", times: ["09:00"] } });
    const slotted = await scheduledPosts(2);
    for (const id of slotted) expect(localHm((await postRow(id)).scheduledAt, "Europe/Berlin")).toBe("09:00");
    // A post scheduled by hand at an instant is not a slot: it keeps its instant.
    const manualTask = await waitForTask(await submitTask({ persona_id: P, topic: "hand picked", publish: "draft" }));
    const at = new Date(Date.now() + 5 * 3_600_000 + 17 * 60_000);
    at.setUTCSeconds(0, 0);
    expect(
      (await api(`/v1/posts/${manualTask.post_id}/schedule`, { method: "POST", json: { at: at.toISOString() } }))
        .status,
    ).toBe(200);

    const persona = await patch({ timezone: "America/New_York" });
    expect(persona.schedule.timezone).toBe("America/New_York");
    const schedule = (await (await api(`/v1/personas/${P}/schedule?count=2`)).json()) as {
      timezone: string;
      slots: { local_time: string; post_id: string | null }[];
    };
    expect(schedule.timezone).toBe("America/New_York");
    expect(schedule.slots.map((s) => s.local_time.slice(11))).toEqual(["09:00", "09:00"]);

    const moved = await Promise.all(slotted.map(postRow));
    expect(moved.map((p) => localHm(p.scheduledAt, "America/New_York"))).toEqual(["09:00", "09:00"]);
    expect(new Set(moved.map((p) => p.scheduledAt)).size).toBe(2);
    expect(moved.every((p) => p.status === "scheduled" && (p.scheduledAt ?? 0) > Date.now())).toBe(true);
    // The slots the schedule shows are the ones the moved posts hold.
    expect(schedule.slots.map((s) => s.post_id).sort()).toEqual([...slotted].sort());
    expect((await postRow(manualTask.post_id ?? "")).scheduledAt).toBe(at.getTime());
  }, 60_000);

  it("leaves a schedule that named its own zone, and its posts, where they are", async () => {
    await createPersona({ timezone: "UTC", schedule: { kind: "times", times: ["09:00"], timezone: "Asia/Tokyo" } });
    const [id] = await scheduledPosts(1);
    const before = (await postRow(id ?? "")).scheduledAt;
    const persona = await patch({ timezone: "America/New_York" });
    expect(persona.timezone).toBe("America/New_York");
    expect(persona.schedule.timezone).toBe("Asia/Tokyo");
    expect((await postRow(id ?? "")).scheduledAt).toBe(before);
    expect(localHm(before, "Asia/Tokyo")).toBe("09:00");
  }, 60_000);

  it("a new schedule without a zone takes the persona's and follows later moves; its slot posts move with it", async () => {
    await createPersona({ timezone: "UTC", schedule: { kind: "times", times: ["09:00"], timezone: "Asia/Tokyo" } });
    const [id] = await scheduledPosts(1);
    await patch({ schedule: { kind: "times", times: ["18:30"] } });
    expect(localHm((await postRow(id ?? "")).scheduledAt, "UTC")).toBe("18:30");
    const persona = await patch({ timezone: "Australia/Sydney" });
    expect(persona.schedule).toMatchObject({ timezone: "Australia/Sydney", times: ["18:30"] });
    expect(localHm((await postRow(id ?? "")).scheduledAt, "Australia/Sydney")).toBe("18:30");
  }, 60_000);
});
