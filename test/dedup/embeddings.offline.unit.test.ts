import { describe, expect, it } from "vitest";
import { OFFLINE_DIMENSIONS, OfflineEmbedder } from "../../workers/providers/embeddings/offline.ts";
import { cosineSimilarity, l2Norm } from "../../workers/providers/vector-index/validate.ts";

const embedder = new OfflineEmbedder();
const one = async (text: string) => (await embedder.embed([text])).vectors[0] as number[];
const sim = async (a: string, b: string) => cosineSimilarity(await one(a), await one(b));

describe("OfflineEmbedder", () => {
  it("is deterministic across calls and instances", async () => {
    const text = "Consistency beats intensity. Post a little every day.";
    const a = await one(text);
    const b = (await new OfflineEmbedder().embed([text])).vectors[0];
    expect(b).toEqual(a);
    expect(embedder.id).toBe("offline-hash-v4");
  });

  it("returns unit-length vectors of the declared size, in input order, at zero token cost", async () => {
    const { vectors, tokens } = await embedder.embed(["Sleep is a superpower.", "Raise your prices."]);
    expect(tokens).toBe(0);
    expect(vectors).toHaveLength(2);
    for (const v of vectors) {
      expect(v).toHaveLength(OFFLINE_DIMENSIONS);
      expect(l2Norm(v)).toBeCloseTo(1, 6);
    }
    expect(vectors[0]).not.toEqual(vectors[1]);
  });

  it("places a paraphrase closer than an unrelated post", async () => {
    const post = "Stop checking email first thing in the morning. Your inbox is everyone else's to-do list for you.";
    const paraphrase =
      "Opening your messages the moment you wake up means you start the day working on other people's priorities.";
    const unrelated = "Just adopted a rescue cat and she already owns the couch.";
    expect(await sim(post, paraphrase)).toBeGreaterThan((await sim(post, unrelated)) + 0.15);
  });

  it("scores a light rewording as near-identical", async () => {
    expect(
      await sim(
        "Sleep 8 hours. Everything else gets easier.",
        "Get your eight hours of sleep and everything else gets easier.",
      ),
    ).toBeGreaterThan(0.8);
  });

  it("handles very long text quickly and still matches on its content", async () => {
    const long = "Building in public taught me that customers care about outcomes, not features. ".repeat(2_000);
    const started = performance.now();
    const v = await one(long);
    expect(performance.now() - started).toBeLessThan(2_000);
    expect(l2Norm(v)).toBeCloseTo(1, 6);
    expect(
      await sim(long, "Customers buy outcomes rather than features; I learned it building in public."),
    ).toBeGreaterThan(0.5);
  });

  it("embeds Japanese by character bigrams and concepts", async () => {
    const a = "朝のコーヒーより、散歩の方が頭がすっきりする。";
    const b = "毎朝少し歩くと、カフェインよりも集中できるようになった。";
    const unrelated = "新しいプログラミング言語の勉強を始めました。";
    expect(l2Norm(await one(a))).toBeCloseTo(1, 6);
    expect(await sim(a, b)).toBeGreaterThan(await sim(a, unrelated));
  });

  it("embeds German, folding case, compounds and umlauts", async () => {
    const a = "Niemand liest deinen Beitrag, wenn der erste Satz langweilig ist.";
    const b = "Ist der erste Satz langweilig, liest niemand deine Beiträge.";
    const unrelated = "Heute war das Wetter in Berlin endlich wieder sonnig.";
    expect(await sim(a, b)).toBeGreaterThan(0.5);
    expect(await sim(a, b)).toBeGreaterThan((await sim(a, unrelated)) + 0.3);
  });

  it("maps blank, whitespace-only and punctuation-only text to the zero vector", async () => {
    const { vectors } = await embedder.embed(["", "   \n\t", "!!! ... ???"]);
    for (const v of vectors) {
      expect(v).toHaveLength(OFFLINE_DIMENSIONS);
      expect(l2Norm(v)).toBe(0);
    }
    expect(cosineSimilarity(vectors[0] as number[], await one("anything"))).toBe(0);
  });

  it("supports a custom size and names it in the id", async () => {
    const small = new OfflineEmbedder({ dimensions: 128 });
    expect(small.id).toBe("offline-hash-v4@128");
    expect((await small.embed(["hello world"])).vectors[0]).toHaveLength(128);
  });
});
