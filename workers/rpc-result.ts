import { AppError, type ErrorCode } from "./errors.ts";

// An AppError thrown inside a Durable Object reaches the Worker as a plain Error (RPC keeps the
// message, not the class), and the API would answer 500 where it meant 409 or 422. RPC methods
// that can fail on purpose return this instead, and the route turns it back into the AppError.

export type RpcResult<T> =
  | { ok: true; value: T }
  | { ok: false; error: { code: ErrorCode; message: string; details?: unknown } };

export async function rpcResult<T>(fn: () => Promise<T>): Promise<RpcResult<T>> {
  try {
    return { ok: true, value: await fn() };
  } catch (err) {
    if (err instanceof AppError)
      return { ok: false, error: { code: err.code, message: err.message, details: err.details } };
    throw err;
  }
}

export function unwrapRpc<T>(result: RpcResult<T>): T {
  if (result.ok) return result.value;
  throw new AppError(result.error.code, result.error.message, result.error.details);
}
