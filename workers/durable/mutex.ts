// A promise-chain lock. A Durable Object runs one request at a time only between awaits: two
// tasks of one persona interleave wherever either waits on the network. Dedup needs "check, then
// store, then index" to be one unit per persona, or two near-identical posts can both pass the
// check before either is indexed.

export class Mutex {
  private tail: Promise<void> = Promise.resolve();

  /** Resolves when the lock is held; call the returned function exactly once to release it. */
  acquire(): Promise<() => void> {
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    const ready = this.tail.then(() => {
      let done = false;
      return () => {
        if (!done) (done = true), release();
      };
    });
    this.tail = this.tail.then(() => held);
    return ready;
  }

  async run<T>(fn: () => Promise<T>): Promise<T> {
    const release = await this.acquire();
    try {
      return await fn();
    } finally {
      release();
    }
  }
}
