// The Worker the tests run (vitest.config.ts `main`): the production Worker, with the persona's
// Durable Object replaced by its test subclass under the same class name.
export { default } from "../../workers/index.ts";
export { PersonaAgentForTests as PersonaAgent } from "./persona-agent-test.ts";
