import { env } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { obsDb } from "../../workers/db/observability-db.ts";
import { renderExposition } from "../../workers/metrics/exposition.ts";
import { MetricRegistry } from "../../workers/metrics/registry.ts";
import { parsePrometheusText, sampleValue } from "../support/prom-parse.ts";

const nasty = 'say "hi"\\ now\nplease';

describe("Prometheus text exposition", () => {
  it("renders histograms with cumulative le buckets, +Inf, _sum and _count", async () => {
    const db = obsDb(env.DB);
    const r = new MetricRegistry().histogram("lat_seconds", "Latency.\nSecond line \\ here", ["route"], [0.01, 0.1, 1]);
    for (const v of [0.003, 0.02, 0.02, 0.5, 7]) r.observe("lat_seconds", { route: "/a" }, v);
    r.observe("lat_seconds", { route: nasty }, 0.1); // exactly on a bound: le is inclusive
    await r.flush(db);
    const text = renderExposition(
      await new MetricRegistry()
        .histogram("lat_seconds", "Latency.\nSecond line \\ here", ["route"], [0.01, 0.1, 1])
        .collect(db),
    );
    const fams = parsePrometheusText(text);
    const f = fams.get("lat_seconds");
    expect(f?.type).toBe("histogram");
    expect(f?.help).toBe("Latency.\nSecond line \\ here");
    const b = (le: string) => sampleValue(fams, "lat_seconds_bucket", { route: "/a", le });
    expect([b("0.01"), b("0.1"), b("1"), b("+Inf")]).toEqual([1, 3, 4, 5]);
    expect(sampleValue(fams, "lat_seconds_count", { route: "/a" })).toBe(5);
    expect(sampleValue(fams, "lat_seconds_sum", { route: "/a" })).toBeCloseTo(7.543, 10);
    // The escaped label value round-trips through the parser unchanged.
    expect(sampleValue(fams, "lat_seconds_bucket", { route: nasty, le: "0.01" })).toBe(0);
    expect(sampleValue(fams, "lat_seconds_bucket", { route: nasty, le: "0.1" })).toBe(1);
    expect(text).toContain('route="say \\"hi\\"\\\\ now\\nplease"');
  });

  it("renders counters and gauges with HELP/TYPE before samples", async () => {
    const db = obsDb(env.DB);
    const r = new MetricRegistry().counter("jobs_total", "Jobs.", ["kind"]).gauge("temp", "Temp.");
    r.inc("jobs_total", { kind: "x" }, 2);
    r.set("temp", {}, -1.5);
    await r.flush(db);
    const text = renderExposition(await r.collect(db));
    expect(text.split("\n").slice(0, 3)).toEqual([
      "# HELP jobs_total Jobs.",
      "# TYPE jobs_total counter",
      'jobs_total{kind="x"} 2',
    ]);
    const fams = parsePrometheusText(text);
    expect(sampleValue(fams, "temp")).toBe(-1.5);
    expect(fams.get("temp")?.type).toBe("gauge");
  });

  it("prints sums of float deltas without binary noise (11.6, not 11.600000000000001)", async () => {
    const db = obsDb(env.DB);
    const r = new MetricRegistry().histogram("noise_seconds", "Noise.", [], [1, 10]);
    for (const v of [0.1, 0.2, 11.3]) r.observe("noise_seconds", {}, v);
    await r.flush(db);
    const text = renderExposition(await r.collect(db));
    expect(text).toContain("noise_seconds_sum 11.6\n");
    expect(text).not.toMatch(/\d\.\d{15,}/);
    expect(
      renderExposition([
        {
          name: "g",
          help: "G.",
          type: "gauge",
          samples: [
            { name: "g", labels: {}, value: 0.1 + 0.2 },
            { name: "g", labels: { a: "1" }, value: 1e21 },
          ],
        },
      ]),
    ).toContain('g 0.3\ng{a="1"} 1e+21\n');
  });

  it("refuses misuse instead of emitting a broken series", () => {
    const r = new MetricRegistry().counter("c_total", "C.", ["a"]).histogram("h", "H.", ["a"]);
    expect(() => r.inc("c_total", { a: "1" }, -1)).toThrow(/only go up/);
    expect(() => r.inc("c_total", { b: "1" })).toThrow(/expected labels/);
    expect(() => r.observe("c_total", { a: "1" }, 1)).toThrow(/not a registered histogram/);
    expect(() => new MetricRegistry().counter("bad-name", "x")).toThrow(/invalid metric name/);
    expect(() => new MetricRegistry().histogram("h2", "x", ["le"])).toThrow(/reserved/);
  });
});

describe("the test parser is strict", () => {
  const bad: [string, string][] = [
    ["sample without TYPE", "x 1\n"],
    ["bad escape", '# TYPE x gauge\nx{a="\\q"} 1\n'],
    ["unterminated label", '# TYPE x gauge\nx{a="b} 1\n'],
    ["bad value", "# TYPE x gauge\nx one\n"],
    ["non-cumulative buckets", '# TYPE h histogram\nh_bucket{le="1"} 3\nh_bucket{le="+Inf"} 2\nh_sum 1\nh_count 2\n'],
    ["missing +Inf", '# TYPE h histogram\nh_bucket{le="1"} 1\nh_sum 1\nh_count 1\n'],
    ["+Inf != count", '# TYPE h histogram\nh_bucket{le="+Inf"} 1\nh_sum 1\nh_count 2\n'],
  ];
  for (const [what, text] of bad) {
    it(`rejects ${what}`, () => expect(() => parsePrometheusText(text)).toThrow());
  }
});
