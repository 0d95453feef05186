// Label sets are stored and merged by a canonical key: JSON of the pairs sorted by name,
// so {route, phase} and {phase, route} are the same series in memory and in D1.

export type Labels = Readonly<Record<string, string>>;

export function labelKey(labels: Labels): string {
  const sorted: Record<string, string> = {};
  for (const name of Object.keys(labels).sort()) sorted[name] = String(labels[name]);
  return JSON.stringify(sorted);
}

export function parseLabelKey(key: string): Record<string, string> {
  const parsed: unknown = JSON.parse(key);
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) return {};
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(parsed)) out[k] = String(v);
  return out;
}

const NAME_RE = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;
const LABEL_RE = /^[a-zA-Z_][a-zA-Z0-9_]*$/;
export const isMetricName = (name: string) => NAME_RE.test(name);
export const isLabelName = (name: string) => LABEL_RE.test(name) && !name.startsWith("__");
