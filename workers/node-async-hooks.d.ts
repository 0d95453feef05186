// The slice of node:async_hooks the Worker uses (workers/log.ts). workerd implements it under
// the nodejs_compat flag; the project has no @types/node, so the one class is declared here.
declare module "node:async_hooks" {
  export class AsyncLocalStorage<T> {
    run<R>(store: T, fn: () => R): R;
    getStore(): T | undefined;
  }
}
