// D1 allows at most 100 bound parameters per query (https://developers.cloudflare.com/d1/platform/limits/):
// statements over a list of ids run in chunks that leave room for the other parameters.
export const D1_MAX_BOUND_PARAMS = 100;
export const ID_CHUNK = 90;

export function chunks<T>(items: readonly T[], size = ID_CHUNK): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}
