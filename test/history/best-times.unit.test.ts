// The best-times estimator (workers/history/best-times.ts), checked by simulation: posts drawn
// from a known week (two good hours), the estimator's answers compared with the truth.
import { describe, expect, it } from "vitest";
import { estimateBestTimes, type TimedPost } from "../../workers/history/best-times.ts";
import { seededRandom } from "../../workers/fake-threads/prng.ts";

const BASE = Math.log(0.05);
const GOOD_HOURS = new Set([9, 18]);
const EFFECT = 0.3; // +35% engagement rate at the good hours
const SIGMA = 0.5; // per-post spread of log engagement rate

function normal(rand: () => number): number {
  const u = Math.max(rand(), 1e-12);
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rand());
}

/** n posts: half at the schedule's hours (9 and 18 when `onSchedule`), the rest anywhere. */
function simulate(seed: string, n: number, effect = EFFECT, scheduleHours = [9, 18]): TimedPost[] {
  const rand = seededRandom(seed);
  return Array.from({ length: n }, () => {
    const hour =
      rand() < 0.5 ? (scheduleHours[Math.floor(rand() * scheduleHours.length)] ?? 9) : Math.floor(rand() * 24);
    const weekday = Math.floor(rand() * 7);
    const y = BASE + (GOOD_HOURS.has(hour) ? effect : 0) + SIGMA * normal(rand);
    const views = 300 + Math.floor(rand() * 700);
    return { weekday, hour, views, interactions: Math.round(views * Math.exp(y)) };
  });
}

const truth = (hour: number, effect = EFFECT) => BASE + (GOOD_HOURS.has(hour) ? effect : 0);

describe("best times (empirical Bayes)", () => {
  it("finds the good hours from a year of posts", () => {
    let hits = 0;
    const runs = 200;
    for (let r = 0; r < runs; r++) {
      const est = estimateBestTimes(simulate(`hit-${r}`, 300), new Set([9, 18]));
      const topHour = [...est.hours].sort((a, b) => b.lift - a.lift)[0]?.hour ?? -1;
      if (GOOD_HOURS.has(topHour)) hits++;
    }
    // Measured: 199 of 200 runs.
    expect(hits / runs).toBeGreaterThanOrEqual(0.95);
  });

  it("beats raw cell means on error, most of all where cells have few posts", () => {
    let ebErr = 0;
    let rawErr = 0;
    let cellsSeen = 0;
    for (let r = 0; r < 100; r++) {
      const posts = simulate(`mse-${r}`, 300);
      const est = estimateBestTimes(posts, new Set([9, 18]));
      const sums = new Map<number, { n: number; s: number }>();
      for (const p of posts) {
        const k = p.weekday * 24 + p.hour;
        const c = sums.get(k) ?? { n: 0, s: 0 };
        c.n++;
        c.s += Math.log((p.interactions + 0.5) / (p.views + 1));
        sums.set(k, c);
      }
      est.cells.forEach((cell, k) => {
        const raw = sums.get(k);
        if (!raw) return;
        const t = truth(cell.hour);
        ebErr += (Math.log(cell.engagement_rate) - t) ** 2;
        rawErr += (raw.s / raw.n - t) ** 2;
        cellsSeen++;
      });
    }
    const ebRmse = Math.sqrt(ebErr / cellsSeen);
    const rawRmse = Math.sqrt(rawErr / cellsSeen);
    // Measured over 100 runs: RMSE 0.067 (empirical Bayes) vs 0.410 (raw cell means) on log engagement rate.
    expect(ebRmse).toBeLessThan(rawRmse / 2);
  });

  it("with no real effect, names no hour much better than the rest", () => {
    const maxLift: number[] = [];
    for (let r = 0; r < 200; r++) {
      const est = estimateBestTimes(simulate(`null-${r}`, 300, 0), new Set([9, 18]));
      maxLift.push(Math.max(...est.hours.map((h) => h.lift)));
    }
    maxLift.sort((a, b) => a - b);
    // Measured over 200 runs: the best hour's lift has median 1.01 and 90th percentile 1.19
    // (raw hour means of the same posts: 1.52 and 1.87).
    expect(maxLift[100]).toBeLessThan(1.05);
    expect(maxLift[180]).toBeLessThan(1.3);
  });

  it("without posts, the best times are the schedule's own hours", () => {
    const est = estimateBestTimes([], new Set([9, 18]));
    expect(est.posts).toBe(0);
    expect(est.overall_engagement_rate).toBeNull();
    expect(new Set(est.best.map((b) => b.hour))).toEqual(new Set([9, 18]));
    expect(est.best.every((b) => b.scheduled)).toBe(true);
  });

  it("ignores posts with too few views to say anything", () => {
    const est = estimateBestTimes([{ weekday: 0, hour: 3, views: 5, interactions: 5 }], new Set());
    expect(est.posts).toBe(0);
  });
});
