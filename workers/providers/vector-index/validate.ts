import { AppError } from "../../errors.ts";

// Shared guards so every adapter fails loudly on a wrong-sized or broken vector instead of
// returning a silently meaningless score.

export function assertDimensions(values: ArrayLike<number>, expected: number, what: string): void {
  if (values.length !== expected) {
    throw new AppError(
      "unprocessable",
      `${what} has ${values.length} dimensions but the vector index expects ${expected}`,
      { expected, actual: values.length },
    );
  }
  for (let i = 0; i < values.length; i++) {
    if (!Number.isFinite(values[i])) {
      throw new AppError("unprocessable", `${what} has a non-finite value at position ${i}`, { position: i });
    }
  }
}

/** Thrown at construction or first use when an index was built for another vector size. */
export function dimensionMismatch(indexDims: number, embedderDims: number, where: string): AppError {
  return new AppError(
    "internal",
    `dimension mismatch: ${where} holds ${indexDims}-dimensional vectors but the embedder ` +
      `produces ${embedderDims}; re-create the index or choose a matching embedder`,
    { index_dimensions: indexDims, embedder_dimensions: embedderDims },
  );
}

export function l2Norm(values: ArrayLike<number>): number {
  let sum = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i] ?? 0;
    sum += v * v;
  }
  return Math.sqrt(sum);
}

/** Cosine similarity; 0 when either side is the zero vector (a blank text is similar to nothing). */
export function cosineSimilarity(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) {
    throw new AppError("unprocessable", `cannot compare a ${a.length}-dim vector with a ${b.length}-dim one`);
  }
  let dot = 0;
  for (let i = 0; i < a.length; i++) dot += (a[i] ?? 0) * (b[i] ?? 0);
  const denom = l2Norm(a) * l2Norm(b);
  return denom === 0 ? 0 : Math.max(-1, Math.min(1, dot / denom));
}

export function assertNamespace(namespace: string): void {
  // Vectorize caps namespaces at 64 bytes; enforcing it everywhere keeps local == production.
  if (namespace.length === 0 || new TextEncoder().encode(namespace).length > 64) {
    throw new AppError("bad_request", "namespace: must be 1 to 64 bytes", { field: "namespace" });
  }
}

export function assertTopK(topK: number): void {
  if (!Number.isInteger(topK) || topK < 1) {
    throw new AppError("bad_request", "topK: must be a positive integer", { field: "topK" });
  }
}
