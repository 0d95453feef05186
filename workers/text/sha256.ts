// The one SHA-256 hex digest of the app: API key rate keys, request hashes for idempotency,
// OAuth binding cookies, token key ids. A lookup table, not a per-byte toString/padStart/join.

const HEX = Array.from({ length: 256 }, (_, b) => b.toString(16).padStart(2, "0"));
const encoder = new TextEncoder();

/** Lowercase hex of the SHA-256 of `input` (a string is hashed as UTF-8). */
export async function sha256Hex(input: string | Uint8Array): Promise<string> {
  const digest = new Uint8Array(
    await crypto.subtle.digest("SHA-256", typeof input === "string" ? encoder.encode(input) : input),
  );
  let s = "";
  for (const b of digest) s += HEX[b];
  return s;
}
