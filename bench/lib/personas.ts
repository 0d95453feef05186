// The personas every load run writes for: varied tones and topics, so the offline writer
// produces varied posts (as it would for a real roster), and de-duplication has real work.
import type { ApiClient } from "./api.ts";

const TONES = ["warm", "witty", "professional", "blunt", "calm"];
const NICHES = [
  ["pricing", "bootstrapping", "first customers"],
  ["hiring", "remote teams", "management"],
  ["fitness", "habits", "sleep"],
  ["personal finance", "investing", "budgeting"],
  ["cooking", "meal prep", "nutrition"],
];

export interface BenchPersona {
  id: string;
  name: string;
  tone: string;
  topics: string[];
}

export function benchPersonas(count: number): BenchPersona[] {
  return Array.from({ length: count }, (_, i) => ({
    id: `bench-${String(i + 1).padStart(2, "0")}`,
    name: `Bench Persona ${i + 1}`,
    tone: TONES[i % TONES.length] as string,
    topics: NICHES[i % NICHES.length] as string[],
  }));
}

export async function createPersonas(api: ApiClient, personas: BenchPersona[]): Promise<void> {
  for (const p of personas) {
    await api.json("POST", "/v1/personas", { id: p.id, name: p.name, tone: p.tone, topics: p.topics });
  }
}

/** Task i's topic: distinct angles on the persona's niche, so posts differ as real ones do. */
export function topicFor(p: BenchPersona, i: number): string {
  const base = p.topics[i % p.topics.length] as string;
  return `${base}: lesson ${Math.floor(i / p.topics.length) + 1}`;
}
