// A strict parser for the Prometheus text exposition format (0.0.4), so tests read /metrics
// output the way a Prometheus server would instead of grepping it. It throws on anything a
// scraper would reject or misread: samples before their TYPE, duplicate TYPE/HELP, bad label
// syntax or escapes, unknown value tokens, non-cumulative histogram buckets, a missing
// +Inf bucket or one that disagrees with _count.

export type ParsedSample = { name: string; labels: Record<string, string>; value: number };
export type ParsedFamily = { name: string; help?: string; type?: string; samples: ParsedSample[] };

const NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*/;
const LABEL = /^[a-zA-Z_][a-zA-Z0-9_]*/;

function parseValue(tok: string): number {
  if (tok === "+Inf") return Infinity;
  if (tok === "-Inf") return -Infinity;
  if (tok === "NaN") return NaN;
  if (!/^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(tok)) throw new Error(`bad value: ${tok}`);
  return Number(tok);
}

function unescapeLabel(s: string, allowQuote: boolean): string {
  return s.replace(/\\(.)/g, (_, c: string) => {
    if (c === "\\") return "\\";
    if (c === "n") return "\n";
    if (c === '"' && allowQuote) return '"';
    throw new Error(`bad escape \\${c}`);
  });
}

function parseLabels(src: string): { labels: Record<string, string>; rest: string } {
  const labels: Record<string, string> = {};
  let s = src.slice(1);
  while (!s.startsWith("}")) {
    const m = LABEL.exec(s);
    if (!m) throw new Error(`bad label name at: ${s}`);
    const name = m[0];
    s = s.slice(name.length);
    if (!s.startsWith('="')) throw new Error(`expected =" after ${name}`);
    s = s.slice(2);
    let raw = "";
    for (;;) {
      const c = s[0];
      if (c === undefined) throw new Error("unterminated label value");
      if (c === "\\") {
        raw += s.slice(0, 2);
        s = s.slice(2);
        continue;
      }
      if (c === '"') {
        s = s.slice(1);
        break;
      }
      if (c === "\n") throw new Error("raw newline in label value");
      raw += c;
      s = s.slice(1);
    }
    if (name in labels) throw new Error(`duplicate label ${name}`);
    labels[name] = unescapeLabel(raw, true);
    if (s.startsWith(",")) s = s.slice(1);
    else if (!s.startsWith("}")) throw new Error(`expected , or } at: ${s}`);
  }
  return { labels, rest: s.slice(1) };
}

function familyOf(sample: string, families: Map<string, ParsedFamily>): ParsedFamily | undefined {
  for (const suffix of ["_bucket", "_sum", "_count"]) {
    if (sample.endsWith(suffix)) {
      const f = families.get(sample.slice(0, -suffix.length));
      if (f?.type === "histogram") return f;
    }
  }
  return families.get(sample);
}

export function parsePrometheusText(text: string): Map<string, ParsedFamily> {
  const families = new Map<string, ParsedFamily>();
  if (text !== "" && !text.endsWith("\n")) throw new Error("exposition must end with a newline");
  for (const line of text.split("\n")) {
    if (line.trim() === "") continue;
    const meta = /^# (HELP|TYPE) ([^ ]+) ?(.*)$/.exec(line);
    if (meta) {
      const [, kind, name = "", rest = ""] = meta;
      if (!NAME.test(name) || NAME.exec(name)?.[0] !== name) throw new Error(`bad metric name ${name}`);
      const f = families.get(name) ?? { name, samples: [] };
      if (kind === "HELP") {
        if (f.help !== undefined) throw new Error(`duplicate HELP for ${name}`);
        f.help = unescapeLabel(rest, false);
      } else {
        if (f.type !== undefined) throw new Error(`duplicate TYPE for ${name}`);
        if (f.samples.length > 0) throw new Error(`TYPE after samples for ${name}`);
        if (!["counter", "gauge", "histogram", "summary", "untyped"].includes(rest))
          throw new Error(`bad type ${rest}`);
        f.type = rest;
      }
      families.set(name, f);
      continue;
    }
    if (line.startsWith("#")) continue;
    const m = NAME.exec(line);
    if (!m) throw new Error(`bad sample line: ${line}`);
    const name = m[0];
    let rest = line.slice(name.length);
    let labels: Record<string, string> = {};
    if (rest.startsWith("{")) ({ labels, rest } = parseLabels(rest));
    const parts = rest.trim().split(/ +/);
    if (!rest.startsWith(" ") || parts.length < 1 || parts.length > 2) throw new Error(`bad sample line: ${line}`);
    const family = familyOf(name, families);
    if (!family?.type) throw new Error(`sample ${name} has no preceding TYPE`);
    family.samples.push({ name, labels, value: parseValue(parts[0] ?? "") });
  }
  for (const f of families.values()) if (f.type === "histogram") checkHistogram(f);
  return families;
}

function checkHistogram(f: ParsedFamily): void {
  const series = new Map<string, { buckets: [number, number][]; count?: number }>();
  const keyOf = (labels: Record<string, string>) =>
    JSON.stringify(
      Object.entries(labels)
        .filter(([k]) => k !== "le")
        .sort(),
    );
  for (const s of f.samples) {
    const key = keyOf(s.labels);
    const entry = series.get(key) ?? { buckets: [] };
    if (s.name === `${f.name}_bucket`) {
      const le = s.labels.le;
      if (le === undefined) throw new Error(`${f.name}_bucket without le`);
      entry.buckets.push([parseValue(le), s.value]);
    } else if (s.name === `${f.name}_count`) entry.count = s.value;
    series.set(key, entry);
  }
  for (const [key, e] of series) {
    for (let i = 1; i < e.buckets.length; i++) {
      const [prevLe, prevV] = e.buckets[i - 1] ?? [0, 0];
      const [le, v] = e.buckets[i] ?? [0, 0];
      if (le <= prevLe) throw new Error(`${f.name}${key}: le not increasing`);
      if (v < prevV) throw new Error(`${f.name}${key}: buckets not cumulative`);
    }
    const last = e.buckets[e.buckets.length - 1];
    if (!last || last[0] !== Infinity) throw new Error(`${f.name}${key}: missing +Inf bucket`);
    if (e.count !== last[1]) throw new Error(`${f.name}${key}: +Inf bucket ${last[1]} != _count ${e.count}`);
  }
}

/** The value of one sample, matched on name and an exact label set; undefined when absent. */
export function sampleValue(
  families: Map<string, ParsedFamily>,
  name: string,
  labels: Record<string, string> = {},
): number | undefined {
  const want = JSON.stringify(Object.entries(labels).sort());
  for (const f of families.values()) {
    for (const s of f.samples) {
      if (s.name === name && JSON.stringify(Object.entries(s.labels).sort()) === want) return s.value;
    }
  }
  return undefined;
}
