import { el } from "./format.js";

// uPlot charts (vendor/uPlot.iife.min.js, ~50 KB, canvas): fast on a slow laptop, no framework.
const charts = new Map();
const css = (name) => getComputedStyle(document.documentElement).getPropertyValue(name).trim();

function mount(container, opts, data, summary) {
  charts.get(container.id)?.destroy();
  charts.delete(container.id);
  container.replaceChildren();
  container.setAttribute("aria-label", summary);
  if (typeof uPlot === "undefined") {
    container.append(el("p", { class: "empty", text: "Charts unavailable (chart library failed to load)." }));
    return;
  }
  const width = Math.max(280, container.clientWidth);
  const chart = new uPlot({ ...opts, width, height: 220 }, data, container);
  charts.set(container.id, chart);
}

export function resizeCharts() {
  for (const [id, chart] of charts) {
    const box = document.getElementById(id);
    if (box) chart.setSize({ width: Math.max(280, box.clientWidth), height: 220 });
  }
}

const toTs = (date) => Date.parse(`${date}T00:00:00Z`) / 1000;
// Half a day of padding each side so the first and last bars are not cut in half.
const xScale = { time: true, range: (_u, min, max) => [min - 43_200, max + 43_200] };
// Legend values: under the cursor, that day; otherwise the latest day with data, so the legend
// never sits on a row of dashes.
const at = (idle, fmt) => (u, v, si, idx) => {
  const val = idx == null ? u.data[si][idle] : v;
  return val == null ? "—" : fmt(val);
};
const lastIndex = (values) => values.findLastIndex((v) => v != null);
const dayLabel = (idle) => ({ label: "Day", value: at(idle, (v) => new Date(v * 1000).toISOString().slice(0, 10)) });
const axis = (extra = {}) => ({
  stroke: css("--muted"),
  grid: { stroke: css("--grid"), width: 1 },
  ticks: { show: false },
  ...extra,
});

function empty(container, text) {
  charts.get(container.id)?.destroy();
  charts.delete(container.id);
  container.replaceChildren(el("p", { class: "empty", text }));
  container.setAttribute("aria-label", text);
}

export function renderEngagementChart(container, days, goal) {
  if (!days.some((d) => d.engagement_rate != null)) return empty(container, "No engagement data in this window yet.");
  const x = days.map((d) => toTs(d.date));
  const rates = days.map((d) => (d.engagement_rate == null ? null : d.engagement_rate * 100));
  const idle = lastIndex(rates);
  const last = days[idle];
  mount(
    container,
    {
      scales: { x: xScale, y: { range: (_u, _min, max) => [0, Math.max(goal * 100 * 1.4, max * 1.1)] } },
      axes: [axis(), axis({ values: (_u, ticks) => ticks.map((t) => `${t}%`) })],
      legend: { show: true },
      series: [
        dayLabel(idle),
        {
          label: "Engagement",
          stroke: css("--accent"),
          width: 2,
          fill: css("--accent-fill"),
          spanGaps: false,
          points: { size: 5 },
          value: at(idle, (v) => `${v.toFixed(2)}%`),
        },
        {
          label: "Goal",
          stroke: css("--good"),
          dash: [6, 4],
          width: 1.5,
          points: { show: false },
          value: at(idle, (v) => `${v}%`),
        },
      ],
    },
    [x, rates, days.map(() => goal * 100)],
    `Engagement rate per day; latest ${(last.engagement_rate * 100).toFixed(2)}% on ${last.date}, goal ${goal * 100}%.`,
  );
}

export function renderCostChart(container, days) {
  const hasCost = days.some((d) => d.cost_usd > 0);
  const hasFollowers = days.some((d) => d.followers != null);
  if (!hasCost && !hasFollowers) return empty(container, "No spend or follower data in this window yet.");
  const total = days.reduce((s, d) => s + d.cost_usd, 0);
  const bars = typeof uPlot !== "undefined" ? uPlot.paths.bars({ size: [0.6, 24] }) : undefined;
  const idle = days.length - 1;
  mount(
    container,
    {
      scales: { x: xScale, usd: { range: (_u, _min, max) => [0, Math.max(0.01, max * 1.15)] }, f: { auto: true } },
      axes: [
        axis(),
        axis({ scale: "usd", values: (_u, ticks) => ticks.map((t) => `$${t}`) }),
        axis({
          scale: "f",
          side: 1,
          grid: { show: false },
          values: (_u, ticks) => ticks.map((t) => t.toLocaleString("en-US")),
        }),
      ],
      series: [
        dayLabel(idle),
        {
          label: "LLM cost",
          scale: "usd",
          stroke: css("--cost"),
          fill: css("--cost-fill"),
          paths: bars,
          points: { show: false },
          value: at(idle, (v) => `$${v.toFixed(4)}`),
        },
        {
          label: "Followers",
          scale: "f",
          stroke: css("--accent"),
          width: 2,
          points: { size: 4 },
          value: at(idle, (v) => v.toLocaleString("en-US")),
        },
      ],
    },
    [days.map((d) => toTs(d.date)), days.map((d) => d.cost_usd), days.map((d) => d.followers)],
    `LLM spend $${total.toFixed(2)} over ${days.length} days; followers per day.`,
  );
}
