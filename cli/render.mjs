// Terminal output: aligned tables and short human lines. --json bypasses all of it.
const color = process.stdout.isTTY && !process.env.NO_COLOR;
const paint = (code) => (s) => (color ? `\x1b[${code}m${s}\x1b[0m` : String(s));
export const bold = paint("1");
export const dim = paint("2");
export const green = paint("32");
export const red = paint("31");
export const yellow = paint("33");

export const pct = (x, digits = 2) => (x == null ? "—" : `${(x * 100).toFixed(digits)}%`);
export const usd = (x) => (x == null ? "—" : x >= 1 || x === 0 ? `$${x.toFixed(2)}` : `$${x.toFixed(4)}`);
export const num = (x) => (x == null ? "—" : Math.round(x).toLocaleString("en-US"));
export const when = (iso) => (iso ? iso.replace("T", " ").replace(/:\d\d\.\d+Z$/, "Z") : "—");
export const clip = (s, n) => {
  const one = String(s ?? "").replace(/\s+/g, " ");
  return one.length > n ? `${one.slice(0, n - 1)}…` : one;
};

/** Rows of strings under a header, columns padded to fit. */
export function table(header, rows) {
  if (rows.length === 0) return dim("(none)");
  const width = header.map((h, i) => Math.max(h.length, ...rows.map((r) => String(r[i] ?? "").length)));
  const line = (cells) =>
    cells
      .map((c, i) => String(c ?? "").padEnd(width[i]))
      .join("  ")
      .trimEnd();
  return [bold(line(header)), ...rows.map(line)].join("\n");
}

/** Key: value lines, keys aligned. */
export function fields(pairs) {
  const shown = pairs.filter(([, v]) => v !== undefined);
  const w = Math.max(...shown.map(([k]) => k.length));
  return shown.map(([k, v]) => `${dim(k.padEnd(w))}  ${v ?? "—"}`).join("\n");
}
