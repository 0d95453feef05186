import type { ObsDb } from "../db/observability-db.ts";
import type { MetricFamily, MetricType, Sample } from "./exposition.ts";
import type { Labels } from "./labels.ts";
import { isLabelName, isMetricName, labelKey, parseLabelKey } from "./labels.ts";
import { addCounterDeltas, readCounters } from "./store.ts";
import type { CounterDelta } from "./store.ts";

// A small Prometheus registry for Workers. Isolates share no memory, so counters and
// histograms are only *buffered* here (one registry per isolate, see telemetry.ts) and flushed
// as deltas to D1 at most every few seconds; D1 is the source of truth that every scrape reads. Gauges are not stored: they are computed
// from D1 data at scrape time and set on the registry that renders the scrape.
//
// Histograms are stored as three counters: `<name>_sum`, `<name>_count` and one
// *non-cumulative* `<name>_bucket{le=<smallest bound ≥ value>}` slot per observation, so an
// observation is 3 row updates instead of one per bucket; render() makes them cumulative.

type Definition = {
  name: string;
  help: string;
  type: MetricType;
  labelNames: readonly string[];
  buckets?: readonly number[];
};

export const DEFAULT_LATENCY_BUCKETS = [
  0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300,
] as const;

export class MetricRegistry {
  private readonly defs = new Map<string, Definition>();
  private readonly pending = new Map<string, { name: string; labels: string; delta: number }>();
  private readonly gauges = new Map<string, Map<string, number>>();

  counter(name: string, help: string, labelNames: readonly string[] = []): this {
    return this.define({ name, help, type: "counter", labelNames });
  }

  gauge(name: string, help: string, labelNames: readonly string[] = []): this {
    return this.define({ name, help, type: "gauge", labelNames });
  }

  histogram(
    name: string,
    help: string,
    labelNames: readonly string[],
    buckets: readonly number[] = DEFAULT_LATENCY_BUCKETS,
  ): this {
    const sorted = [...buckets].sort((a, b) => a - b);
    if (sorted.length === 0 || sorted.some((b) => !Number.isFinite(b)))
      throw new Error(`${name}: buckets must be finite`);
    if (labelNames.includes("le")) throw new Error(`${name}: "le" is reserved for histograms`);
    return this.define({ name, help, type: "histogram", labelNames, buckets: sorted });
  }

  inc(name: string, labels: Labels = {}, by = 1): void {
    const def = this.expect(name, "counter", labels);
    if (!(by >= 0) || !Number.isFinite(by)) throw new Error(`${name}: counters only go up (got ${by})`);
    this.buffer(def.name, labelKey(labels), by);
  }

  observe(name: string, labels: Labels, value: number): void {
    const def = this.expect(name, "histogram", labels);
    if (!Number.isFinite(value)) return; // a NaN duration is a bug upstream; don't poison _sum
    const bound = def.buckets?.find((b) => value <= b);
    this.buffer(`${name}_bucket`, labelKey({ ...labels, le: bound === undefined ? "+Inf" : String(bound) }), 1);
    this.buffer(`${name}_sum`, labelKey(labels), value);
    this.buffer(`${name}_count`, labelKey(labels), 1);
  }

  set(name: string, labels: Labels, value: number): void {
    this.expect(name, "gauge", labels);
    const series = this.gauges.get(name) ?? new Map<string, number>();
    series.set(labelKey(labels), value);
    this.gauges.set(name, series);
  }

  get pendingCount(): number {
    return this.pending.size;
  }

  /** Writes buffered increments to D1 (one batch) and clears the buffer; a failed write keeps them for the next flush. */
  async flush(db: ObsDb, now = Date.now()): Promise<void> {
    const deltas = [...this.pending.values()];
    this.pending.clear();
    try {
      await addCounterDeltas(db, deltas, now);
    } catch (err) {
      for (const d of deltas) this.buffer(d.name, d.labels, d.delta);
      throw err;
    }
  }

  /** Increments buffered here and not yet in D1. */
  pendingDeltas(): CounterDelta[] {
    return [...this.pending.values()].map((d) => ({ ...d }));
  }

  /**
   * All families, counters and histograms read from D1 plus `unflushed` (this isolate's buffer,
   * so a scrape never writes), gauges from this registry.
   */
  async collect(db: ObsDb, unflushed: readonly CounterDelta[] = []): Promise<MetricFamily[]> {
    const storedNames: string[] = [];
    for (const d of this.defs.values()) {
      if (d.type === "counter") storedNames.push(d.name);
      if (d.type === "histogram") storedNames.push(`${d.name}_bucket`, `${d.name}_sum`, `${d.name}_count`);
    }
    const stored = new Set(storedNames);
    const rows = [
      ...(await readCounters(db, storedNames)),
      ...unflushed.filter((d) => stored.has(d.name)).map((d) => ({ name: d.name, labels: d.labels, value: d.delta })),
    ];
    const byName = new Map<string, Map<string, number>>();
    for (const r of rows) {
      const m = byName.get(r.name) ?? new Map<string, number>();
      m.set(r.labels, (m.get(r.labels) ?? 0) + r.value);
      byName.set(r.name, m);
    }
    return [...this.defs.values()].map((d) => ({
      name: d.name,
      help: d.help,
      type: d.type,
      samples:
        d.type === "histogram"
          ? histogramSamples(d, byName)
          : seriesSamples(d.name, d.type === "gauge" ? this.gauges.get(d.name) : byName.get(d.name)),
    }));
  }

  private define(def: Definition): this {
    if (!isMetricName(def.name)) throw new Error(`invalid metric name: ${def.name}`);
    const bad = def.labelNames.find((l) => !isLabelName(l));
    if (bad !== undefined) throw new Error(`${def.name}: invalid label name ${bad}`);
    if (this.defs.has(def.name)) throw new Error(`${def.name} is already registered`);
    this.defs.set(def.name, def);
    return this;
  }

  private expect(name: string, type: MetricType, labels: Labels): Definition {
    const def = this.defs.get(name);
    if (!def || def.type !== type) throw new Error(`${name} is not a registered ${type}`);
    const given = Object.keys(labels).sort().join(",");
    if (given !== [...def.labelNames].sort().join(",")) {
      throw new Error(`${name}: expected labels {${def.labelNames.join(",")}}, got {${given}}`);
    }
    return def;
  }

  private buffer(name: string, labels: string, delta: number): void {
    const key = `${name}\u0000${labels}`;
    const cur = this.pending.get(key);
    if (cur) cur.delta += delta;
    else this.pending.set(key, { name, labels, delta });
  }
}

function seriesSamples(name: string, series: Map<string, number> | undefined): Sample[] {
  return [...(series ?? new Map<string, number>())].map(([key, value]) => ({
    name,
    labels: parseLabelKey(key),
    value,
  }));
}

function histogramSamples(d: Definition, byName: Map<string, Map<string, number>>): Sample[] {
  const bounds = d.buckets ?? [];
  // Group the stored bucket slots by their label set without `le`.
  const slots = new Map<string, number[]>();
  for (const [key, count] of byName.get(`${d.name}_bucket`) ?? []) {
    const { le, ...rest } = parseLabelKey(key);
    const series = labelKey(rest);
    const perBound = slots.get(series) ?? new Array<number>(bounds.length + 1).fill(0);
    // A slot whose bound no longer exists (buckets changed) folds into the next bound up.
    const at = le === "+Inf" || le === undefined ? -1 : bounds.findIndex((b) => Number(le) <= b);
    perBound[at === -1 ? bounds.length : at] = (perBound[at === -1 ? bounds.length : at] ?? 0) + count;
    slots.set(series, perBound);
  }
  const samples: Sample[] = [];
  const counts = byName.get(`${d.name}_count`) ?? new Map<string, number>();
  const sums = byName.get(`${d.name}_sum`) ?? new Map<string, number>();
  for (const series of new Set([...slots.keys(), ...counts.keys()])) {
    const labels = parseLabelKey(series);
    const perBound = slots.get(series) ?? new Array<number>(bounds.length + 1).fill(0);
    let cumulative = 0;
    bounds.forEach((b, i) => {
      cumulative += perBound[i] ?? 0;
      samples.push({ name: `${d.name}_bucket`, labels: { ...labels, le: String(b) }, value: cumulative });
    });
    cumulative += perBound[bounds.length] ?? 0;
    samples.push({ name: `${d.name}_bucket`, labels: { ...labels, le: "+Inf" }, value: cumulative });
    samples.push({ name: `${d.name}_sum`, labels, value: sums.get(series) ?? 0 });
    samples.push({ name: `${d.name}_count`, labels, value: counts.get(series) ?? cumulative });
  }
  return samples;
}
