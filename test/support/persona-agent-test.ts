// The PersonaAgent the tests run (test/support/worker.ts exports it under the production class
// name, so PERSONA_AGENT of wrangler.toml binds to it): the production class plus the seams
// only tests use. Reach them with runInDurableObject(stub, (instance: PersonaAgentForTests) => …).
import { PersonaAgent } from "../../durable-objects/persona-agent.ts";
import { STEP_ORDER } from "../../workers/pipeline/types.ts";
import type { ContainerTiming } from "../../workers/publishing/container-timing.ts";
import type { PublisherDeps } from "../../workers/publishing/publisher.ts";
import type { ThreadsClient } from "../../workers/providers/threads/index.ts";
import type { Providers } from "../../workers/services.ts";

export class PersonaAgentForTests extends PersonaAgent {
  private providersOverride: Providers | null = null;
  private threadsOverride: ThreadsClient | null = null;
  /** A throwing checkpoint simulates a crash at that point of the publish flow. */
  publishCheckpoint: PublisherDeps["checkpoint"];
  /** Container timing instead of THREADS_CONTAINER_* (container-timing.ts). */
  publishTiming: ContainerTiming | undefined;

  /** Replaceable so tests can wrap the adapters to inject failures (until the object is evicted). */
  override get providers(): Providers {
    return this.providersOverride ?? super.providers;
  }

  override set providers(p: Providers) {
    this.providersOverride = p;
  }

  /** Replaceable so tests can point the client at a faulty fake. */
  override get threads(): ThreadsClient {
    return this.threadsOverride ?? super.threads;
  }

  override set threads(c: ThreadsClient) {
    this.threadsOverride = c;
  }

  protected override publisherDeps<D extends PublisherDeps>(deps: D): D {
    return { ...deps, checkpoint: this.publishCheckpoint, timing: this.publishTiming ?? deps.timing };
  }

  /** Finished steps saved for a task. */
  async savedSteps(taskId: string): Promise<string[]> {
    const saved = this.steps.load(taskId);
    return STEP_ORDER.filter((s) => saved[s] !== undefined);
  }

  /** Publish attempts the ledger counted for a post. */
  async publishAttempts(postId: string): Promise<number> {
    return this.ledger.attempts(postId);
  }
}
