import { env } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { decryptToken, encryptToken, TokenCryptoError } from "../../workers/publishing/token-crypto.ts";
import { caught } from "../support/fake-threads.ts";

const KEY = env.TOKEN_ENCRYPTION_KEY; // base64 of 32 bytes (vitest.config.ts)
const OTHER_KEY = btoa(String.fromCharCode(...new Uint8Array(32).fill(7)));
const TOKEN = "THQVJ-long-lived-token-1234567890";

describe("token encryption", () => {
  it("round-trips and never contains the plaintext", async () => {
    const enc = await encryptToken(TOKEN, KEY);
    expect(enc).toMatch(/^v1:[0-9a-f]{8}:[\w-]{16}:[\w-]+$/);
    expect(enc).not.toContain(TOKEN);
    expect(await decryptToken(enc, KEY)).toBe(TOKEN);
  });

  it("uses a fresh IV every time", async () => {
    const a = await encryptToken(TOKEN, KEY);
    const b = await encryptToken(TOKEN, KEY);
    expect(a).not.toBe(b);
    expect(a.split(":")[2]).not.toBe(b.split(":")[2]);
  });

  it("accepts a passphrase key (HKDF-derived)", async () => {
    const enc = await encryptToken(TOKEN, "correct horse battery staple");
    expect(await decryptToken(enc, "correct horse battery staple")).toBe(TOKEN);
    const err = await caught<TokenCryptoError>(() => decryptToken(enc, KEY));
    expect(err.reason).toBe("wrong_key");
  });

  it("detects tampering with the ciphertext, the IV, or the context", async () => {
    const enc = await encryptToken(TOKEN, KEY, "persona-a");
    const [v, kid, iv, ct] = enc.split(":") as [string, string, string, string];
    const flip = (s: string) => (s[0] === "A" ? "B" : "A") + s.slice(1);
    for (const bad of [`${v}:${kid}:${iv}:${flip(ct)}`, `${v}:${kid}:${flip(iv)}:${ct}`]) {
      const err = await caught<TokenCryptoError>(() => decryptToken(bad, KEY, "persona-a"));
      expect(err).toBeInstanceOf(TokenCryptoError);
      expect(err.reason).toBe("tampered");
    }
    const moved = await caught<TokenCryptoError>(() => decryptToken(enc, KEY, "persona-b"));
    expect(moved.reason).toBe("tampered");
    expect(await decryptToken(enc, KEY, "persona-a")).toBe(TOKEN);
  });

  it("says clearly when the key is wrong or missing, or the format is bad", async () => {
    const enc = await encryptToken(TOKEN, KEY);
    const wrong = await caught<TokenCryptoError>(() => decryptToken(enc, OTHER_KEY));
    expect(wrong.reason).toBe("wrong_key");
    expect(wrong.message).toContain("different TOKEN_ENCRYPTION_KEY");
    expect(wrong.message).not.toContain(TOKEN);
    const missing = await caught<TokenCryptoError>(() => encryptToken(TOKEN, undefined));
    expect(missing.reason).toBe("missing_key");
    const malformed = await caught<TokenCryptoError>(() => decryptToken("plaintext-token", KEY));
    expect(malformed.reason).toBe("malformed");
  });
});
