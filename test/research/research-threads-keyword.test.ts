// Trend research through the Threads keyword search when the persona has a linked account:
// the pipeline decrypts the persona's token (accounts/token-crypto) and searches Threads instead
// of the web, caching the answer per persona (Threads answers per account).
import { env } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { api, createPersona, submitTask, waitForTask } from "../support/helpers.ts";

const TOKEN = "fake-calm-founder";

/** Posts straight to the fake Threads as the persona's account, so its keyword search has something to find. */
async function postOnThreads(text: string): Promise<void> {
  const q = (p: Record<string, string>) => new URLSearchParams({ ...p, access_token: TOKEN }).toString();
  const created = (await (
    await api(`/fake-threads/v1.0/me/threads?${q({ media_type: "TEXT", text })}`, { method: "POST", key: null })
  ).json()) as { id: string };
  for (let i = 0; i < 50; i++) {
    const res = await api(`/fake-threads/v1.0/me/threads_publish?${q({ creation_id: created.id })}`, {
      method: "POST",
      key: null,
    });
    if (res.status === 200) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error("the fake never published the seed post");
}

async function link(): Promise<void> {
  const me = (await (await api(`/fake-threads/v1.0/me?access_token=${TOKEN}`, { key: null })).json()) as { id: string };
  const res = await api("/v1/personas/calm-founder/threads-account", {
    method: "PUT",
    json: { user_id: me.id, access_token: TOKEN },
  });
  expect(res.status).toBe(200);
}

describe("trend research with a linked Threads account", () => {
  it("searches Threads with the persona's own token, and caches per persona", async () => {
    await createPersona();
    const before = await waitForTask(
      await submitTask({ persona_id: "calm-founder", topic: "pricing your first SaaS" }),
    );
    expect(before.steps.find((s) => s.name === "trend_research")?.detail?.source).not.toBe("threads");

    await link();
    await postOnThreads("Pricing pages for SaaS: pricing pages that hide the price lose buyers.");
    await postOnThreads("Our SaaS pricing pages experiment: pricing pages with one plan converted better.");
    const task = await waitForTask(await submitTask({ persona_id: "calm-founder", topic: "pricing your first SaaS" }));
    expect(task.status).toBe("succeeded");
    const detail = task.steps.find((s) => s.name === "trend_research")?.detail ?? {};
    expect(detail, JSON.stringify(detail.warnings)).toMatchObject({ research: "on", source: "threads", cached: false });
    // The fake searches the account's own posts: the phrase they share is the trend.
    expect(detail.trend).toBe("saas pricing pages");
    expect(detail.sources as string[]).toEqual(
      expect.arrayContaining([expect.stringMatching(/^https:\/\/www\.threads\.net\/@/)]),
    );

    const keys = await env.DB.prepare("SELECT key FROM research_cache WHERE source LIKE 'threads%'").all<{
      key: string;
    }>();
    expect(keys.results.map((r) => r.key).join("\n")).toContain("threads:calm-founder");
    const again = await waitForTask(await submitTask({ persona_id: "calm-founder", topic: "Pricing your first SaaS" }));
    expect(again.steps.find((s) => s.name === "trend_research")?.detail).toMatchObject({
      source: "threads",
      cached: true,
    });
  });
});
