import type { Labels } from "./labels.ts";

// Prometheus text exposition format 0.0.4:
// https://prometheus.io/docs/instrumenting/exposition_formats/#text-based-format

export type MetricType = "counter" | "gauge" | "histogram";
export type Sample = { name: string; labels: Labels; value: number };
export type MetricFamily = { name: string; help: string; type: MetricType; samples: Sample[] };

export const EXPOSITION_CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

// HELP text escapes backslash and newline; label values additionally escape the double quote.
const escapeHelp = (s: string) => s.replace(/\\/g, "\\\\").replace(/\n/g, "\\n");
const escapeLabelValue = (s: string) => s.replace(/\\/g, "\\\\").replace(/\n/g, "\\n").replace(/"/g, '\\"');

export function formatValue(v: number): string {
  if (Number.isNaN(v)) return "NaN";
  if (v === Number.POSITIVE_INFINITY) return "+Inf";
  if (v === Number.NEGATIVE_INFINITY) return "-Inf";
  // Sums of float deltas carry binary noise (0.1 + 0.2 = 0.30000000000000004). A double holds 15
  // significant decimal digits exactly, so rounding there drops only the noise.
  return String(Number.isInteger(v) ? v : Number(v.toPrecision(15)));
}

function formatLabels(labels: Labels): string {
  const names = Object.keys(labels);
  if (names.length === 0) return "";
  return `{${names.map((n) => `${n}="${escapeLabelValue(String(labels[n]))}"`).join(",")}}`;
}

export function renderExposition(families: readonly MetricFamily[]): string {
  const lines: string[] = [];
  for (const f of families) {
    lines.push(`# HELP ${f.name} ${escapeHelp(f.help)}`);
    lines.push(`# TYPE ${f.name} ${f.type}`);
    for (const s of f.samples) lines.push(`${s.name}${formatLabels(s.labels)} ${formatValue(s.value)}`);
  }
  return lines.length === 0 ? "" : `${lines.join("\n")}\n`;
}
