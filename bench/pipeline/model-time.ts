// The offline model's own time, measured where it can be measured. Inside workerd the clock
// does not advance during synchronous work, so the hook/body step durations cannot show the
// writer's CPU time. Instead the same writer (writeOffline) runs here in Node's V8 on the same
// briefs the pipeline gave it: each benchmark persona's voice and each task's topic.
import type { GenerationBrief, PersonaVoice } from "../../workers/providers/llm/brief.ts";
import { writeOffline } from "../../workers/providers/llm/offline-writer.ts";
import type { TaskView } from "../lib/api.ts";
import type { BenchPersona } from "../lib/personas.ts";
import { round } from "../lib/stats.ts";

export interface ModelTime {
  posts: number;
  msPerPost: number;
  msPerCall: number;
  measured: string;
}

export function measureModelTime(personas: BenchPersona[], tasks: TaskView[]): ModelTime {
  const voices = new Map<string, PersonaVoice>(
    personas.map((p) => [
      p.id,
      { id: p.id, name: p.name, description: null, tone: p.tone, emoji: null, topics: p.topics, language: "en" },
    ]),
  );
  const briefs: GenerationBrief[] = [];
  for (const t of tasks) {
    const persona = voices.get(t.persona_id);
    const topic = t.steps.find((s) => s.name === "ingest")?.detail?.["topic"];
    if (!persona || typeof topic !== "string") continue;
    briefs.push({ kind: "hook", persona, topic, painStatement: null, trend: null, hook: null, avoid: [], variant: 0 });
  }
  const pass = () => {
    let calls = 0;
    const t0 = performance.now();
    for (const brief of briefs) {
      const hook = writeOffline(brief);
      writeOffline({ ...brief, kind: "body", hook });
      calls += 2;
    }
    return { ms: performance.now() - t0, calls };
  };
  pass(); // the Worker's isolate is warm after the first few posts too
  const { ms, calls } = pass();
  return {
    posts: briefs.length,
    msPerPost: round(ms / Math.max(1, briefs.length), 3),
    msPerCall: round(ms / Math.max(1, calls), 3),
    measured: "writeOffline (hook + body) in Node V8 on the run's own briefs, second pass (JIT warm)",
  };
}
