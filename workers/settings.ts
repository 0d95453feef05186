// Reading plain-string settings (wrangler [vars], secrets) by name. An invalid value never throws:
// it is reported in `problems` (shown by /health/ready) and the default is used instead.

export type Vars = Partial<Record<string, unknown>>;

/** The trimmed value, or null when unset or blank. */
export const str = (v: unknown): string | null => (typeof v === "string" && v.trim() !== "" ? v.trim() : null);

interface Range {
  min: number;
  max: number;
  integer?: boolean;
}

function parse(vars: Vars, name: string, range: Range, problems: string[], fallbackText: string): number | null {
  const raw = str(vars[name]);
  if (raw === null) return null;
  const n = Number(raw);
  const ok = range.integer ? Number.isInteger(n) : Number.isFinite(n);
  if (!ok || n < range.min || n > range.max) {
    problems.push(`${name} must be ${range.integer ? "an integer" : "a number"} between ${range.min} and ${range.max}; got '${raw}', using ${fallbackText}`);
    return null;
  }
  return n;
}

/** A numeric setting with a default. */
export const numberSetting = (vars: Vars, name: string, fallback: number, range: Range, problems: string[]): number =>
  parse(vars, name, range, problems, String(fallback)) ?? fallback;

/** A setting whose absence means "the default of whatever else is chosen"; invalid counts as absent. */
export const optionalNumberSetting = (vars: Vars, name: string, range: Range, problems: string[]): number | null =>
  parse(vars, name, range, problems, "the default");
