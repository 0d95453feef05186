import { env } from "cloudflare:test";
import { beforeEach, describe, expect, it } from "vitest";
import { calibrationBody } from "../../workers/api/calibration-body.ts";
import { dedupReadiness } from "../../workers/api/dedup-readiness.ts";
import { openDb } from "../../workers/db/client.ts";
import { thresholdForPrecision } from "../../workers/dedup/calibration/calibrate.ts";
import CALIBRATION_SET from "../../workers/dedup/calibration/pairs.ts";
import { getCalibration } from "../../workers/dedup/calibration/store.ts";
import { calibrationFor, calibrationKey, thresholdFor } from "../../workers/dedup/settings.ts";
import { OfflineEmbedder } from "../../workers/providers/embeddings/offline.ts";
import { WorkersAiEmbedder } from "../../workers/providers/embeddings/workers-ai.ts";
import { services } from "../../workers/services.ts";
import { settings } from "../../workers/settings/index.ts";
import { api } from "../support/helpers.ts";
import { withVars } from "../support/with-vars.ts";

const db = () => openDb(env.DB);
const dedup = (vars: Record<string, string> = {}) => settings(withVars(vars)).dedup;
const stored = () =>
  env.DB.prepare("SELECT embedder_id, pair_set, target_precision, threshold FROM dedup_calibrations");

beforeEach(async () => {
  await env.DB.prepare("DELETE FROM dedup_calibrations").run();
});

describe("thresholdForPrecision", () => {
  const pairs = [
    { score: 0.95, duplicate: true },
    { score: 0.9, duplicate: true },
    { score: 0.85, duplicate: false },
    { score: 0.8, duplicate: true },
    { score: 0.7, duplicate: true },
    { score: 0.6, duplicate: false },
    { score: 0.5, duplicate: false },
  ];

  it("picks the lowest score whose flagged pairs reach the target precision", () => {
    // At 0.7 the flagged pairs are 4 duplicates of 5 (0.8); at 0.6, 4 of 6 (0.67).
    expect(thresholdForPrecision(pairs, 0.8)).toEqual({ threshold: 0.7, reached: true });
    expect(thresholdForPrecision(pairs, 0.9)).toEqual({ threshold: 0.9, reached: true });
    expect(thresholdForPrecision(pairs, 0.6)).toEqual({ threshold: 0.6, reached: true });
  });

  it("flags tied scores together, and sits above every non-duplicate when the target is out of reach", () => {
    const tied = [
      { score: 0.9, duplicate: true },
      { score: 0.9, duplicate: false },
      { score: 0.5, duplicate: true },
    ];
    // At 0.9 both tied pairs are flagged (precision 0.5), at 0.5 all three (0.67).
    expect(thresholdForPrecision(tied, 0.7).reached).toBe(false);
    expect(thresholdForPrecision(tied, 0.7).threshold).toBeGreaterThan(0.9);
    expect(thresholdForPrecision(tied, 0.6)).toEqual({ threshold: 0.5, reached: true });
    expect(thresholdForPrecision(tied, 0.5)).toEqual({ threshold: 0.5, reached: true });
  });
});

describe("calibrated threshold", () => {
  it("is measured on the embedder's first use, stored in D1 under its stamp, then read from there", async () => {
    const embedder = new OfflineEmbedder();
    const first = await thresholdFor(db(), dedup(), embedder, null);
    const rows = (await stored().all()).results;
    expect(rows).toEqual([
      { embedder_id: "offline-hash-v4", pair_set: CALIBRATION_SET.version, target_precision: 0.9, threshold: first },
    ]);
    const c = await getCalibration(db(), calibrationKey(dedup(), embedder.id));
    expect(c?.calibration.precision).toBeGreaterThanOrEqual(0.9);
    expect(c?.test.precision).toBeGreaterThanOrEqual(0.9);

    // The stored value is what dedup uses: change it and the next check follows.
    await env.DB.prepare("UPDATE dedup_calibrations SET threshold = 0.5").run();
    expect(await thresholdFor(db(), dedup(), embedder, null)).toBe(0.5);
  });

  it("gives way to DEDUP_THRESHOLD and to a persona's own threshold, without calibrating", async () => {
    const embedder = new OfflineEmbedder();
    expect(await thresholdFor(db(), dedup({ DEDUP_THRESHOLD: "0.6" }), embedder, null)).toBe(0.6);
    expect(await thresholdFor(db(), dedup({ DEDUP_THRESHOLD: "0.6" }), embedder, 0.8)).toBe(0.8);
    expect(await thresholdFor(db(), dedup(), embedder, 0.8)).toBe(0.8);
    expect((await stored().all()).results).toEqual([]);
  });

  it("is calibrated afresh for another target precision or another embedder", async () => {
    const loose = await thresholdFor(db(), dedup({ DEDUP_TARGET_PRECISION: "0.8" }), new OfflineEmbedder(), null);
    const strict = await thresholdFor(db(), dedup(), new OfflineEmbedder(), null);
    expect(loose).toBeLessThan(strict);
    await thresholdFor(db(), dedup(), new OfflineEmbedder({ dimensions: 256 }), null);
    const keys = (await stored().all()).results.map((r) => `${r.embedder_id} ${r.target_precision}`);
    expect(keys.sort()).toEqual(["offline-hash-v4 0.8", "offline-hash-v4 0.9", "offline-hash-v4@256 0.9"]);
  });

  it("calibrates a hosted embedder through its adapter: every pair embedded by the provider, tokens counted", async () => {
    // A Workers AI binding answering with real similarities (the offline embedder's, padded to 768).
    const offline = new OfflineEmbedder();
    let calls = 0;
    const ai = {
      run: async (_model: string, inputs: { text: string[] }) => {
        calls++;
        return {
          shape: [inputs.text.length, 768],
          data: inputs.text.map((t) => [...offline.embedOne(t), ...new Array(256).fill(0)]),
          pooling: "cls",
        };
      },
    } as unknown as Ai;
    const embedder = new WorkersAiEmbedder(ai);
    const c = await calibrationFor(db(), dedup(), embedder);
    const texts = CALIBRATION_SET.pairs.length * 2;
    expect(calls).toBe(Math.ceil(texts / 100)); // Workers AI takes 100 texts per call
    expect(c).toMatchObject({ embedder: "workers-ai:@cf/baai/bge-base-en-v1.5#cls", reached: true });
    expect(c.tokens).toBeGreaterThan(texts);
    expect(c.threshold).toBeCloseTo((await calibrationFor(db(), dedup(), offline)).threshold, 6);
    expect(calls).toBe(Math.ceil(texts / 100)); // the second lookup read D1
  });
});

describe("POST /v1/dedup/calibrate and /health/ready", () => {
  it("calibrates on demand, stores it and shows it on /health/ready", async () => {
    const before = (await (await api("/health/ready")).json()) as { dedup: { source: string; threshold: null } };
    expect(before.dedup).toMatchObject({ embedder: "offline-hash-v4", source: "uncalibrated", threshold: null });

    const res = await api("/v1/dedup/calibrate", { method: "POST" });
    expect(res.status).toBe(200);
    const body = (await res.json()) as ReturnType<typeof calibrationBody>;
    expect(body).toMatchObject({ embedder: "offline-hash-v4", pair_set: "stsb-en-1", target_precision: 0.9 });
    expect(body.test.pairs).toBe(CALIBRATION_SET.pairs.filter((p) => p.split === "test").length);
    expect(body.test.precision).toBeGreaterThanOrEqual(0.9);
    const row = await getCalibration(db(), calibrationKey(dedup(), "offline-hash-v4"));
    expect(row && calibrationBody(row)).toEqual(body);

    const after = (await (await api("/health/ready")).json()) as { dedup: unknown; checks: Record<string, unknown> };
    expect(after.dedup).toEqual({
      embedder: "offline-hash-v4",
      threshold: body.threshold,
      source: "calibrated",
      calibration: body,
    });
    // Without the key: the status only.
    expect(await (await api("/health/ready", { key: null })).json()).not.toHaveProperty("dedup");
    expect((await api("/v1/dedup/calibrate", { method: "POST", key: null })).status).toBe(401);
  });

  it("names DEDUP_THRESHOLD as the source when it is set", async () => {
    const vars = withVars({ DEDUP_THRESHOLD: "0.7" });
    const shown = await dedupReadiness(db(), settings(vars).dedup, services(vars));
    expect(shown).toEqual({
      embedder: "offline-hash-v4",
      threshold: 0.7,
      source: "DEDUP_THRESHOLD",
      calibration: null,
    });
  });
});
