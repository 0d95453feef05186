// /metrics for a key limited to some personas: only the series labelled with one of its
// personas. Operator-wide series (latency, tokens, queues, revenue, which sum over every persona)
// and other personas' series are absent, and so are the HELP/TYPE lines of a family left empty.

const PERSONA_LABEL = /[{,]persona_id="((?:[^"\\]|\\.)*)"/;
const FAMILY_OF = /^# (?:HELP|TYPE) (\S+)/;

/** The family a sample line belongs to (histogram _bucket/_sum/_count fold into their family). */
const familyOf = (name: string, families: Set<string>): string => {
  for (const suffix of ["_bucket", "_sum", "_count"])
    if (name.endsWith(suffix) && families.has(name.slice(0, -suffix.length))) return name.slice(0, -suffix.length);
  return name;
};

export function limitSeriesToPersonas(exposition: string, personaIds: readonly string[]): string {
  const allowed = new Set(personaIds);
  const lines = exposition.split("\n");
  const families = new Set(lines.map((l) => FAMILY_OF.exec(l)?.[1]).filter((f): f is string => !!f));
  const kept = new Map<string, string[]>();
  for (const line of lines) {
    if (!line || line.startsWith("#")) continue;
    const persona = PERSONA_LABEL.exec(line)?.[1];
    if (persona === undefined || !allowed.has(persona.replace(/\\(.)/g, "$1"))) continue;
    const family = familyOf(/^[^{\s]+/.exec(line)![0], families);
    kept.set(family, [...(kept.get(family) ?? []), line]);
  }
  const out: string[] = [];
  for (const line of lines) {
    const family = FAMILY_OF.exec(line)?.[1];
    if (family && kept.has(family)) {
      out.push(line);
      // The samples follow their TYPE line, as the exposition format wants.
      if (line.startsWith("# TYPE")) out.push(...kept.get(family)!);
    }
  }
  return out.length ? `${out.join("\n")}\n` : "";
}
