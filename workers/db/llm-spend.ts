import { eq, sql } from "drizzle-orm";
import type { Db } from "./client.ts";
import { llmSpend } from "./schema/index.ts";

/** USD spent on LLM calls on a UTC day ("YYYY-MM-DD"); 0 when nothing was billed. */
export async function spentOn(db: Db, day: string): Promise<number> {
  const row = await db.select({ cost: llmSpend.costUsd }).from(llmSpend).where(eq(llmSpend.day, day)).get();
  return row?.cost ?? 0;
}

/** Adds one billed call to the day's total (one statement, safe under concurrency). */
export async function addSpend(db: Db, day: string, costUsd: number, now: number): Promise<void> {
  await db
    .insert(llmSpend)
    .values({ day, costUsd, calls: 1, updatedAt: now })
    .onConflictDoUpdate({
      target: llmSpend.day,
      set: { costUsd: sql`${llmSpend.costUsd} + ${costUsd}`, calls: sql`${llmSpend.calls} + 1`, updatedAt: now },
    });
}
