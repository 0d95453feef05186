// Best time to post, from the persona's own posts (imported and measured): the engagement rate per
// local weekday × hour, estimated by empirical Bayes so a cell with two lucky posts does not win.
//
// Each post with at least MIN_VIEWS views gives y = log((interactions + ½) / (views + 1)).
// Three levels, each a normal–normal model whose prior variance is estimated from the data by the
// method of moments (τ² = max(0, spread of the group means − their average sampling variance)):
//   1. the schedule level: hours in the persona's schedule and the other hours, each a group whose
//      mean is shrunk toward the persona's overall mean μ (with no schedule: one group, μ);
//   2. the hour level: each local hour's mean shrunk toward its group's (so toward the schedule);
//   3. the cell level: each weekday × hour mean shrunk toward its hour's.
// A cell's estimate is m + B·(ȳ − m), B = τ² / (τ² + σ²/n), σ² the pooled within-cell variance of
// y. With no posts every cell is its prior, and the best times are the schedule's own slots.
export const MIN_VIEWS = 20;
export const WEEKDAYS = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"] as const;
export type Weekday = (typeof WEEKDAYS)[number];

export interface TimedPost {
  /** 0 = Monday … 6 = Sunday, local. */
  weekday: number;
  /** 0–23, local. */
  hour: number;
  views: number;
  interactions: number;
}

export interface CellEstimate {
  weekday: Weekday;
  hour: number;
  /** exp of the posterior mean: the typical engagement rate of a post at this time. */
  engagement_rate: number;
  /** engagement_rate ÷ the persona's overall typical rate. */
  lift: number;
  posts: number;
  scheduled: boolean;
}

export interface BestTimes {
  posts: number;
  /** exp(μ): the persona's typical engagement rate; null without posts. */
  overall_engagement_rate: number | null;
  /** Estimated between-hour and between-cell standard deviations of log engagement rate. */
  spread: { hours: number; cells: number; within: number };
  best: CellEstimate[];
  hours: { hour: number; engagement_rate: number | null; lift: number; posts: number; scheduled: boolean }[];
  cells: CellEstimate[];
}

const logRate = (p: TimedPost) => Math.log((p.interactions + 0.5) / (p.views + 1));

interface Group {
  n: number;
  sum: number;
}
const mean = (g: Group | undefined, fallback: number) => (g && g.n > 0 ? g.sum / g.n : fallback);

/** Method-of-moments τ² for groups' means around their priors; 0 when the spread is all sampling noise. */
function tauSquared(groups: { n: number; ybar: number; prior: number }[], sigma2: number): number {
  const used = groups.filter((g) => g.n > 0);
  if (used.length < 2) return 0;
  const dev = used.reduce((s, g) => s + (g.ybar - g.prior) ** 2, 0) / used.length;
  const noise = used.reduce((s, g) => s + sigma2 / g.n, 0) / used.length;
  return Math.max(0, dev - noise);
}

const shrink = (n: number, ybar: number, prior: number, tau2: number, sigma2: number) =>
  n === 0 || tau2 === 0 ? prior : prior + (tau2 / (tau2 + sigma2 / n)) * (ybar - prior);

export function estimateBestTimes(
  posts: readonly TimedPost[],
  scheduledHours: ReadonlySet<number>,
  opts: { top?: number } = {},
): BestTimes {
  const used = posts.filter((p) => p.views >= MIN_VIEWS);
  const top = opts.top ?? Math.max(3, Math.min(10, scheduledHours.size * 2));
  const ys = used.map(logRate);
  const n = ys.length;
  const mu = n ? ys.reduce((a, b) => a + b, 0) / n : 0;
  const cells = new Map<number, Group & { sq: number }>();
  const hours = new Map<number, Group>();
  const sched = new Map<boolean, Group>();
  used.forEach((p, i) => {
    const y = ys[i] ?? 0;
    const key = p.weekday * 24 + p.hour;
    const c = cells.get(key) ?? { n: 0, sum: 0, sq: 0 };
    c.n++;
    c.sum += y;
    c.sq += y * y;
    cells.set(key, c);
    const h = hours.get(p.hour) ?? { n: 0, sum: 0 };
    h.n++;
    h.sum += y;
    hours.set(p.hour, h);
    const s = scheduledHours.has(p.hour);
    const g = sched.get(s) ?? { n: 0, sum: 0 };
    g.n++;
    g.sum += y;
    sched.set(s, g);
  });
  // Pooled within-cell variance; the overall variance while too few cells have two posts.
  let within = 0;
  let dof = 0;
  for (const c of cells.values()) {
    if (c.n < 2) continue;
    within += c.sq - (c.sum * c.sum) / c.n;
    dof += c.n - 1;
  }
  const overallVar = n > 1 ? ys.reduce((s, y) => s + (y - mu) ** 2, 0) / (n - 1) : 1;
  const sigma2 = dof >= 10 ? within / dof : overallVar || 1;

  // 1. the schedule's two groups around μ.
  const groupList = [true, false].map((s) => ({ s, n: sched.get(s)?.n ?? 0, ybar: mean(sched.get(s), mu), prior: mu }));
  const tauG = scheduledHours.size > 0 ? tauSquared(groupList, sigma2) : 0;
  const groupMean = new Map(groupList.map((g) => [g.s, shrink(g.n, g.ybar, mu, tauG, sigma2)]));
  // 2. hours around their group.
  const hourPrior = (h: number) => groupMean.get(scheduledHours.has(h)) ?? mu;
  const hourList = Array.from({ length: 24 }, (_, h) => ({
    h,
    n: hours.get(h)?.n ?? 0,
    ybar: mean(hours.get(h), hourPrior(h)),
    prior: hourPrior(h),
  }));
  const tauH = tauSquared(hourList, sigma2);
  const hourMean = hourList.map((x) => shrink(x.n, x.ybar, x.prior, tauH, sigma2));
  // 3. cells around their hour.
  const cellList = Array.from({ length: 168 }, (_, k) => {
    const h = k % 24;
    const c = cells.get(k);
    return { k, n: c?.n ?? 0, ybar: mean(c, hourMean[h] ?? mu), prior: hourMean[h] ?? mu };
  });
  const tauC = tauSquared(cellList, sigma2);
  const rate = (y: number) => (n ? Math.exp(y) : 0);
  const estimates: CellEstimate[] = cellList.map((c) => {
    const y = shrink(c.n, c.ybar, c.prior, tauC, sigma2);
    const hour = c.k % 24;
    return {
      weekday: WEEKDAYS[Math.floor(c.k / 24)] ?? "mon",
      hour,
      engagement_rate: rate(y),
      lift: n ? Math.exp(y - mu) : 1,
      posts: c.n,
      scheduled: scheduledHours.has(hour),
    };
  });
  // Ties (no data) go to the schedule's hours, then to the earlier time of the week.
  const ranked = [...estimates].sort((a, b) => b.lift - a.lift || Number(b.scheduled) - Number(a.scheduled));
  return {
    posts: n,
    overall_engagement_rate: n ? Math.exp(mu) : null,
    spread: { hours: Math.sqrt(tauH), cells: Math.sqrt(tauC), within: Math.sqrt(sigma2) },
    best: ranked.slice(0, top),
    hours: hourList.map((x, h) => ({
      hour: h,
      engagement_rate: n ? Math.exp(hourMean[h] ?? mu) : null,
      lift: n ? Math.exp((hourMean[h] ?? mu) - mu) : 1,
      posts: x.n,
      scheduled: scheduledHours.has(h),
    })),
    cells: estimates,
  };
}

/** Local weekday (0 = Monday) and hour of an instant in a time zone. */
export function localSlot(wall: { year: number; month: number; day: number; hour: number }): {
  weekday: number;
  hour: number;
} {
  const sundayFirst = new Date(Date.UTC(wall.year, wall.month - 1, wall.day)).getUTCDay();
  return { weekday: (sundayFirst + 6) % 7, hour: wall.hour };
}
