import { env } from "cloudflare:test";
import { eq, getTableColumns, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { openDb } from "../../workers/db/client.ts";
import { compileSelect } from "../../workers/db/compiled-select.ts";
import { insertPost } from "../../workers/db/posts.ts";
import { posts } from "../../workers/db/schema/index.ts";

const db = () => openDb(env.DB);

async function seed() {
  const base = {
    taskId: null,
    body: "Body",
    topic: null,
    trend: null,
    promptTokens: 1,
    completionTokens: 2,
    costUsd: 0.5,
    scheduledAt: null,
  };
  await insertPost(
    db(),
    { ...base, id: "pst_a", personaId: "p1", hook: "A", text: "A\n\nBody", status: "draft", models: [] },
    1000,
  );
  await insertPost(
    db(),
    {
      ...base,
      id: "pst_b",
      personaId: "p1",
      hook: "B",
      text: "B\n\nBody",
      topic: "pricing",
      status: "scheduled",
      scheduledAt: 5000,
      scheduleSlot: true,
      models: [{ step: "hook", model: "m", provider: "offline", prompt_tokens: 3, completion_tokens: 4, cost_usd: 0 }],
    },
    2000,
  );
  await insertPost(
    db(),
    { ...base, id: "pst_c", personaId: "p2", hook: "C", text: "C\n\nBody", status: "draft", models: [] },
    3000,
  );
}

// Columns of every kind drizzle decodes: JSON text, boolean integer, nullable, plus SQL with and without mapWith.
const fields = {
  ...getTableColumns(posts),
  doubled: sql<number>`"posts"."prompt_tokens" * 2`,
  isDraft: sql<boolean>`"posts"."status" = 'draft'`.mapWith((v: number) => v === 1),
  nothing: sql<string | null>`null`,
};

describe("compileSelect", () => {
  it("maps rows exactly as drizzle does, placeholders filled per call", async () => {
    await seed();
    const query = db()
      .select(fields)
      .from(posts)
      .where(eq(posts.personaId, sql.placeholder("persona")))
      .orderBy(posts.id);
    const compiled = compileSelect(db(), fields, query);
    for (const persona of ["p1", "p2", "nobody"]) {
      const ours = await compiled.all({ persona });
      expect(ours).toEqual(await query.prepare().all({ persona }));
    }
    const [b] = (await compiled.all({ persona: "p1" })).filter((r) => r.id === "pst_b");
    expect(b?.scheduleSlot).toBe(true);
    expect(b?.models[0]?.model).toBe("m");
    expect(b?.isDraft).toBe(false);
    expect(b?.doubled).toBe(2);
  });

  it("get gives the first row or undefined", async () => {
    await seed();
    const query = db()
      .select(fields)
      .from(posts)
      .where(eq(posts.id, sql.placeholder("id")));
    const compiled = compileSelect(db(), fields, query);
    expect(await compiled.get({ id: "pst_b" })).toEqual(await query.prepare().get({ id: "pst_b" }));
    expect(await compiled.get({ id: "pst_none" })).toBeUndefined();
  });
});
