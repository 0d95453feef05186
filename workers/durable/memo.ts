/** Where memo results are saved: the task's step store (step-store.ts). */
export interface MemoStore {
  save(taskId: string, step: string, output: unknown): void;
}

export type Memo = <T>(key: string, fn: () => Promise<T>) => Promise<T>;

/**
 * Results saved under `memo:<key>` next to a task's step outputs, so a retry of a step reuses
 * what it already paid for (embeddings, a rewrite) instead of calling the provider again.
 * `saved` is the task's loaded state; it is updated in place.
 */
export function memoIn(store: MemoStore, taskId: string, saved: Record<string, unknown>): Memo {
  return async <T>(key: string, fn: () => Promise<T>): Promise<T> => {
    const k = `memo:${key}`;
    if (k in saved) return saved[k] as T;
    const value = await fn();
    store.save(taskId, k, value);
    saved[k] = value;
    return value;
  };
}
