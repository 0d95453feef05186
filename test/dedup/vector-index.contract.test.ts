import { env, runInDurableObject } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { AppError } from "../../workers/errors.ts";
import { cosineSimilarity } from "../../workers/providers/vector-index/validate.ts";
import { LocalSqliteVectorIndex } from "../../workers/providers/vector-index/local-sqlite.ts";
import type { VectorIndex, VectorItem } from "../../workers/providers/vector-index/types.ts";
import { RecentWritesIndex } from "../../workers/providers/vector-index/recent-writes.ts";
import { VectorizeVectorIndex } from "../../workers/providers/vector-index/vectorize.ts";
import { VectorizeBindingDouble } from "../support/vectorize-binding.ts";
import { agentOf } from "../support/persona-agent.ts";

// One behavioural contract, run against every VectorIndex adapter. A harness gives the body an
// `open(dims)` that returns an index over one shared backing store, so a test can reopen the
// same data with another dimension count.
type Open = (dimensions: number) => VectorIndex;
type Harness = (body: (open: Open) => Promise<void>) => Promise<void>;

const item = (id: string, values: number[], createdAt = 1_000, postId = `post-${id}`): VectorItem => ({
  id,
  values,
  metadata: { post_id: postId, created_at: createdAt },
});

function vectorIndexContract(name: string, harness: Harness): void {
  describe(`VectorIndex contract: ${name}`, () => {
    it("returns nothing from an empty namespace", () =>
      harness(async (open) => {
        expect(await open(3).query("p1", [1, 0, 0], { topK: 5 })).toEqual([]);
      }));

    it("returns every vector when topK exceeds the index size, best first", () =>
      harness(async (open) => {
        const index = open(3);
        await index.upsert("p1", [item("a", [1, 0, 0]), item("b", [0.6, 0.8, 0]), item("c", [0, 0, 1])]);
        const matches = await index.query("p1", [1, 0, 0], { topK: 10 });
        expect(matches.map((m) => m.id)).toEqual(["a", "b", "c"]);
        expect(matches[0]?.score).toBeCloseTo(1, 5);
        expect(matches[1]?.score).toBeCloseTo(0.6, 5);
        expect(matches[2]?.score).toBeCloseTo(0, 5);
        expect(matches[0]?.metadata).toEqual({ post_id: "post-a", created_at: 1_000 });
      }));

    it("orders by cosine (not by magnitude) and honours topK", () =>
      harness(async (open) => {
        const index = open(2);
        await index.upsert("p1", [
          item("far-but-long", [10, 10]),
          item("close", [0.99, 0.1]),
          item("opposite", [-1, 0]),
          item("orthogonal", [0, 3]),
        ]);
        const matches = await index.query("p1", [1, 0], { topK: 2 });
        expect(matches.map((m) => m.id)).toEqual(["close", "far-but-long"]);
        const all = await index.query("p1", [1, 0], { topK: 4 });
        expect(all.at(-1)?.id).toBe("opposite");
        expect(all.at(-1)?.score).toBeCloseTo(-1, 5);
        const scores = all.map((m) => m.score);
        expect([...scores].sort((a, b) => b - a)).toEqual(scores);
      }));

    it("replaces a vector and its metadata on upsert with the same id", () =>
      harness(async (open) => {
        const index = open(2);
        await index.upsert("p1", [item("a", [1, 0], 1_000, "old")]);
        await index.upsert("p1", [item("a", [0, 1], 2_000, "new")]);
        const matches = await index.query("p1", [0, 1], { topK: 5 });
        expect(matches).toHaveLength(1);
        expect(matches[0]).toMatchObject({ id: "a", metadata: { post_id: "new", created_at: 2_000 } });
        expect(matches[0]?.score).toBeCloseTo(1, 5);
        if (index.count) expect(await index.count("p1")).toBe(1);
      }));

    it("deletes by id, ignoring unknown ids", () =>
      harness(async (open) => {
        const index = open(2);
        await index.upsert("p1", [item("a", [1, 0]), item("b", [0, 1]), item("c", [1, 1])]);
        await index.delete("p1", ["a", "missing"]);
        const ids = (await index.query("p1", [1, 0], { topK: 5 })).map((m) => m.id);
        expect(ids.sort()).toEqual(["b", "c"]);
        if (index.count) expect(await index.count("p1")).toBe(2);
      }));

    it("keeps namespaces apart, even for the same id", () =>
      harness(async (open) => {
        const index = open(2);
        await index.upsert("p1", [item("same", [1, 0], 1_000, "p1-post")]);
        await index.upsert("p2", [item("same", [0, 1], 1_000, "p2-post")]);
        expect(await index.query("p1", [0, 1], { topK: 5 })).toMatchObject([
          { id: "same", metadata: { post_id: "p1-post" } },
        ]);
        await index.delete("p2", ["same"]);
        expect(await index.query("p2", [0, 1], { topK: 5 })).toEqual([]);
        expect(await index.query("p1", [1, 0], { topK: 5 })).toHaveLength(1);
      }));

    it("filters by createdAfter (inclusive) before taking topK", () =>
      harness(async (open) => {
        const index = open(2);
        await index.upsert("p1", [item("old", [1, 0], 100), item("edge", [0.8, 0.6], 200), item("new", [0, 1], 300)]);
        const matches = await index.query("p1", [1, 0], { topK: 1, createdAfter: 200 });
        expect(matches.map((m) => m.id)).toEqual(["edge"]);
        const later = await index.query("p1", [1, 0], { topK: 5, createdAfter: 301 });
        expect(later).toEqual([]);
      }));

    it("rejects a query or upsert of the wrong dimension with a clear error", () =>
      harness(async (open) => {
        const index = open(3);
        await expect(index.query("p1", [1, 0], { topK: 1 })).rejects.toThrow(
          /2 dimensions but the vector index expects 3/,
        );
        await expect(index.upsert("p1", [item("a", [1, 0, 0, 0])])).rejects.toBeInstanceOf(AppError);
      }));

    it("fails on first use when the stored index has another dimension count", () =>
      harness(async (open) => {
        await open(3).upsert("p1", [item("a", [1, 0, 0])]);
        const wrong = async () => {
          const index = open(4); // the local adapter throws here, Vectorize on its first call
          await index.query("p1", [1, 0, 0, 0], { topK: 1 });
        };
        await expect(wrong()).rejects.toThrow(/holds 3-dimensional vectors but the embedder produces 4/);
      }));

    it("rejects all-zero vectors on upsert and matches nothing for a zero query", () =>
      harness(async (open) => {
        const index = open(2);
        await expect(index.upsert("p1", [item("z", [0, 0])])).rejects.toThrow(/all zeros/);
        await index.upsert("p1", [item("a", [1, 0])]);
        expect(await index.query("p1", [0, 0], { topK: 1 })).toEqual([]);
      }));
  });
}

let doSeq = 0;
vectorIndexContract("local SQLite (PersonaAgent storage)", async (body) => {
  const stub = agentOf(`contract-${doSeq++}`);
  await runInDurableObject(stub, (_instance, state) =>
    body((dims) => new LocalSqliteVectorIndex(state.storage.sql, dims)),
  );
});

// Production wraps Vectorize in RecentWritesIndex (workers/services.ts); the contract runs
// through that same wrapper, once with every mutation still pending (the worst case right after
// a write) and once with mutations applied at once.
vectorIndexContract("Vectorize (production wrapper) with mutations still pending", async (body) => {
  let binding: VectorizeBindingDouble | undefined;
  await body((dims) => {
    binding ??= new VectorizeBindingDouble({ dimensions: dims, metadataIndexes: ["created_at"] });
    return new RecentWritesIndex(new VectorizeVectorIndex(binding, dims));
  });
});

vectorIndexContract("Vectorize (production wrapper) with mutations applied at once", async (body) => {
  let binding: VectorizeBindingDouble | undefined;
  await body((dims) => {
    binding ??= new VectorizeBindingDouble({ dimensions: dims, metadataIndexes: ["created_at"], lag: false });
    return new RecentWritesIndex(new VectorizeVectorIndex(binding, dims));
  });
});

describe("LocalSqliteVectorIndex specifics", () => {
  it("is durable: a new instance over the same storage sees earlier writes", async () => {
    const stub = agentOf("durable");
    await runInDurableObject(stub, async (_i, state) => {
      await new LocalSqliteVectorIndex(state.storage.sql, 2).upsert("p1", [item("a", [1, 0])]);
    });
    await runInDurableObject(stub, async (_i, state) => {
      const matches = await new LocalSqliteVectorIndex(state.storage.sql, 2).query("p1", [1, 0], { topK: 1 });
      expect(matches.map((m) => m.id)).toEqual(["a"]);
    });
  });

  it("notices writes made through another instance after its matrix was loaded", async () => {
    const stub = agentOf("two-writers");
    await runInDurableObject(stub, async (_i, state) => {
      const a = new LocalSqliteVectorIndex(state.storage.sql, 2);
      const b = new LocalSqliteVectorIndex(state.storage.sql, 2);
      await a.upsert("p1", [item("x", [1, 0])]);
      expect(await a.query("p1", [1, 0], { topK: 5 })).toHaveLength(1); // a has loaded its matrix
      await b.upsert("p1", [item("y", [0.9, 0.1])]);
      await b.delete("p1", ["x"]);
      expect((await a.query("p1", [1, 0], { topK: 5 })).map((m) => m.id)).toEqual(["y"]);
    });
  });

  it("allows re-declaring the dimensions of an empty store", async () => {
    const stub = agentOf("redeclare");
    await runInDurableObject(stub, async (_i, state) => {
      new LocalSqliteVectorIndex(state.storage.sql, 3);
      const index = new LocalSqliteVectorIndex(state.storage.sql, 5);
      expect(await index.query("p1", [1, 0, 0, 0, 0], { topK: 1 })).toEqual([]);
    });
  });
});

describe("VectorizeVectorIndex specifics", () => {
  it("sends namespace, metadata filter, returnMetadata 'all' and returnValues, clamping topK to 20", async () => {
    const binding = new VectorizeBindingDouble({ dimensions: 2, metadataIndexes: ["created_at"], lag: false });
    const index = new VectorizeVectorIndex(binding, 2);
    await index.upsert("persona-1", [item("a", [1, 0], 500)]);
    await index.query("persona-1", [1, 0], { topK: 50, createdAfter: 400 });
    const query = binding.calls.find((c) => c.method === "query");
    expect(query?.args).toMatchObject({
      options: {
        topK: 20,
        namespace: "persona-1",
        returnMetadata: "all",
        returnValues: true,
        filter: { created_at: { $gte: 400 } },
      },
    });
  });

  // Vectorize scores are approximate unless the values are returned
  // (https://developers.cloudflare.com/vectorize/best-practices/query-vectors/); the dedup threshold
  // needs the exact cosine, so the adapter asks for the values and scores from them.
  it("returns exact cosine scores although the index's own scores are approximate", async () => {
    const binding = new VectorizeBindingDouble({ dimensions: 3, metadataIndexes: ["created_at"], lag: false });
    const index = new VectorizeVectorIndex(binding, 3);
    const v = [0.9, 0.31, 0.07];
    await index.upsert("p1", [item("a", v)]);
    const q = [0.8, 0.5, 0.2];
    const exact = cosineSimilarity(q, v);
    const raw = await binding.query(q, { topK: 1, namespace: "p1" });
    expect(Math.abs((raw.matches[0]?.score ?? 0) - exact)).toBeGreaterThan(1e-4); // the double is approximate too
    expect((await index.query("p1", q, { topK: 1 }))[0]?.score).toBeCloseTo(exact, 10);
  });

  // V2 mutations are asynchronous and answer {mutationId}; describe() reports processedUpToMutation.
  it("keeps the mutation ids and lets the wrapper forget a write once the index applied it", async () => {
    const binding = new VectorizeBindingDouble({ dimensions: 2, metadataIndexes: ["created_at"] });
    const wrapped = new RecentWritesIndex(new VectorizeVectorIndex(binding, 2), 60_000, () => 1_000);
    const receipt = await wrapped.upsert("p1", [item("a", [1, 0])]);
    expect(receipt).toEqual({ mutationIds: [expect.stringMatching(/^[0-9a-f-]{36}$/)] });
    expect(await binding.query([1, 0], { topK: 5, namespace: "p1" })).toMatchObject({ count: 0 }); // not applied yet
    expect((await wrapped.query("p1", [1, 0], { topK: 5 })).map((m) => m.id)).toEqual(["a"]);
    expect(wrapped.pendingWrites()).toBe(1);
    binding.processMutations();
    expect((await wrapped.query("p1", [1, 0], { topK: 5 })).map((m) => m.id)).toEqual(["a"]);
    expect(wrapped.pendingWrites()).toBe(0); // processedUpToMutation is ours: no 60 s guess
  });

  it("holds a write that the index has not applied, however long it takes", async () => {
    let now = 1_000;
    const binding = new VectorizeBindingDouble({ dimensions: 2, metadataIndexes: ["created_at"], now: () => now });
    const wrapped = new RecentWritesIndex(new VectorizeVectorIndex(binding, 2), 60_000, () => now);
    await wrapped.upsert("p1", [item("a", [1, 0])]);
    now += 5 * 60_000; // far past the old fixed 60 s hold; Vectorize is still behind
    expect((await wrapped.query("p1", [1, 0], { topK: 5 })).map((m) => m.id)).toEqual(["a"]);
  });

  // Metadata indexes apply to vectors written after they exist
  // (https://developers.cloudflare.com/vectorize/reference/metadata-filtering/).
  it("cannot filter vectors written before the created_at metadata index existed", async () => {
    const binding = new VectorizeBindingDouble({ dimensions: 2, lag: false });
    const index = new VectorizeVectorIndex(binding, 2);
    await index.upsert("p1", [item("early", [1, 0], 500)]);
    binding.createMetadataIndex("created_at");
    await index.upsert("p1", [item("late", [0.9, 0.1], 600)]);
    expect((await index.query("p1", [1, 0], { topK: 5, createdAfter: 0 })).map((m) => m.id)).toEqual(["late"]);
    await index.upsert("p1", [item("early", [1, 0], 500)]); // re-upserting makes it filterable
    expect((await index.query("p1", [1, 0], { topK: 5, createdAfter: 0 })).map((m) => m.id)).toEqual(["early", "late"]);
  });

  it("stays correct for ids too long to prefix with the namespace", async () => {
    const binding = new VectorizeBindingDouble({ dimensions: 2, metadataIndexes: ["created_at"], lag: false });
    const index = new VectorizeVectorIndex(binding, 2);
    const longId = "x".repeat(60);
    await index.upsert("persona-1", [item(longId, [1, 0])]);
    expect((await index.query("persona-1", [1, 0], { topK: 1 }))[0]?.id).toBe(longId);
    await index.delete("persona-1", [longId]);
    expect(binding.vectors.size).toBe(0);
  });

  it("finds nothing by time window when the created_at metadata index is missing", async () => {
    // Documents the production prerequisite: without the metadata index the filter matches nothing.
    const binding = new VectorizeBindingDouble({ dimensions: 2, lag: false });
    const index = new VectorizeVectorIndex(binding, 2);
    await index.upsert("p1", [item("a", [1, 0], 500)]);
    expect(await index.query("p1", [1, 0], { topK: 1, createdAfter: 0 })).toEqual([]);
  });
});
