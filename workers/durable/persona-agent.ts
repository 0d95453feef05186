/** The persona's Durable Object (durable-objects/persona-agent.ts): one per persona id. */
export function personaAgent(env: Pick<Env, "PERSONA_AGENT">, personaId: string) {
  return env.PERSONA_AGENT.get(env.PERSONA_AGENT.idFromName(personaId));
}
