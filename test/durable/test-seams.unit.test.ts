import { describe, expect, it } from "vitest";
import { PersonaAgent } from "../../durable-objects/persona-agent.ts";
import { PersonaAgentForTests } from "../support/persona-agent-test.ts";
import * as testWorker from "../support/worker.ts";

describe("PersonaAgent test seams", () => {
  it("live in the test subclass, not in the production class", () => {
    const prod = PersonaAgent.prototype as unknown as Record<string, unknown>;
    for (const seam of ["savedSteps", "publishAttempts"]) {
      expect(prod[seam]).toBeUndefined();
      expect(typeof (PersonaAgentForTests.prototype as unknown as Record<string, unknown>)[seam]).toBe("function");
    }
    // The production accessors are read-only: no test can swap the adapters of a deployed object.
    for (const accessor of ["providers", "threads"]) {
      expect(Object.getOwnPropertyDescriptor(PersonaAgent.prototype, accessor)?.set).toBeUndefined();
      expect(Object.getOwnPropertyDescriptor(PersonaAgentForTests.prototype, accessor)?.set).toBeTypeOf("function");
    }
  });

  it("the test worker exports the subclass under the production name", () => {
    expect(testWorker.PersonaAgent).toBe(PersonaAgentForTests);
    expect(Object.getPrototypeOf(testWorker.PersonaAgent)).toBe(PersonaAgent);
  });
});
