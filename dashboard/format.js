// Formatting and goal status for the KPI tiles.

export const pct = (x, digits = 1) => (x == null ? "—" : `${(x * 100).toFixed(digits)}%`);
// Cents-level KPIs (cost per follow) need 4 decimals; trailing zeros beyond 2 are noise.
const small = (x) => x.toFixed(4).replace(/(\.\d\d\d*?)0+$/, "$1");
export const usd = (x) =>
  x == null
    ? "—"
    : x >= 1000
      ? `$${Math.round(x).toLocaleString("en-US")}`
      : x >= 1
        ? `$${x.toFixed(2)}`
        : `$${small(x)}`;
export const num = (x) => (x == null ? "—" : Math.round(x).toLocaleString("en-US"));

export function ago(time) {
  if (time == null) return "—";
  // The API sends ISO 8601 instants.
  const ms = typeof time === "string" ? Date.parse(time) : time;
  const s = Math.round((Date.now() - ms) / 1000);
  if (s < 0) return `in ${Math.round(-s / 60)} min`;
  if (s < 90) return `${s}s ago`;
  if (s < 5400) return `${Math.round(s / 60)} min ago`;
  if (s < 129600) return `${Math.round(s / 3600)} h ago`;
  return `${Math.round(s / 86400)} d ago`;
}

// green: at or better than goal; amber: within the alerting band; red: worse; none: no data.
export function status(kind, value, goal) {
  if (value == null) return "none";
  if (kind === "higher") return value >= goal ? "good" : value >= goal * (2 / 3) ? "warn" : "bad";
  return value <= goal ? "good" : value <= goal * 2 ? "warn" : "bad";
}

export const STATUS_TEXT = { good: "On goal", warn: "Near goal", bad: "Off goal", none: "No data yet" };

export function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v == null || v === false) continue;
    if (k === "class") node.className = v;
    else if (k === "text") node.textContent = v;
    else if (k.startsWith("on")) node.addEventListener(k.slice(2), v);
    else node.setAttribute(k, v === true ? "" : String(v));
  }
  for (const c of children) if (c != null) node.append(c);
  return node;
}
