// Encryption at rest for Threads access tokens (AES-256-GCM, Web Crypto).
//
// Key: the secret TOKEN_ENCRYPTION_KEY. If it is base64 (standard or url-safe) of exactly
// 32 bytes it is the AES key itself; any other non-empty string is treated as a passphrase
// and stretched with HKDF-SHA-256 (fixed salt and info below), so a typed secret also works.
// Prefer `openssl rand -base64 32`.
//
// Format: v1:<key id>:<iv b64url>:<ciphertext+tag b64url>
//   key id = first 8 hex chars of SHA-256(key bytes): lets decryptToken say "encrypted with a
//   different key" instead of a generic failure. The version, key id and optional `context`
//   (e.g. the persona id) are bound as additional data, so a token copied onto another row
//   or an edited prefix fails to decrypt.

import { sha256Hex } from "../text/sha256.ts";

const VERSION = "v1";
const HKDF_SALT = new TextEncoder().encode("threads-agent/token-crypto/v1");
const HKDF_INFO = new TextEncoder().encode("aes-256-gcm token key");

export type TokenCryptoFailure = "missing_key" | "malformed" | "wrong_key" | "tampered";

export class TokenCryptoError extends Error {
  readonly reason: TokenCryptoFailure;
  constructor(reason: TokenCryptoFailure, message: string) {
    super(message);
    this.name = "TokenCryptoError";
    this.reason = reason;
  }
}

interface LoadedKey {
  key: CryptoKey;
  id: string;
}

const cache = new Map<string, Promise<LoadedKey>>();

function loadKey(secret: string | undefined): Promise<LoadedKey> {
  if (!secret) {
    return Promise.reject(
      new TokenCryptoError("missing_key", "TOKEN_ENCRYPTION_KEY is not set; cannot encrypt or decrypt tokens"),
    );
  }
  let p = cache.get(secret);
  if (!p) {
    p = deriveKey(secret);
    cache.set(secret, p);
  }
  return p;
}

async function deriveKey(secret: string): Promise<LoadedKey> {
  let raw = decodeBase64(secret);
  if (raw?.length !== 32) {
    const ikm = await crypto.subtle.importKey("raw", new TextEncoder().encode(secret), "HKDF", false, ["deriveBits"]);
    const bits = await crypto.subtle.deriveBits(
      { name: "HKDF", hash: "SHA-256", salt: HKDF_SALT, info: HKDF_INFO },
      ikm,
      256,
    );
    raw = new Uint8Array(bits);
  }
  const id = (await sha256Hex(raw)).slice(0, 8);
  const key = await crypto.subtle.importKey("raw", raw, "AES-GCM", false, ["encrypt", "decrypt"]);
  return { key, id };
}

function aad(keyId: string, context: string | undefined): Uint8Array {
  return new TextEncoder().encode(`${VERSION}:${keyId}:${context ?? ""}`);
}

export async function encryptToken(plaintext: string, secret: string | undefined, context?: string): Promise<string> {
  const { key, id } = await loadKey(secret);
  const iv = crypto.getRandomValues(new Uint8Array(12));
  const ct = await crypto.subtle.encrypt(
    { name: "AES-GCM", iv, additionalData: aad(id, context) },
    key,
    new TextEncoder().encode(plaintext),
  );
  return `${VERSION}:${id}:${encodeBase64Url(iv)}:${encodeBase64Url(new Uint8Array(ct))}`;
}

export async function decryptToken(encrypted: string, secret: string | undefined, context?: string): Promise<string> {
  const { key, id } = await loadKey(secret);
  const parts = encrypted.split(":");
  const [version, keyId, ivText, ctText] = parts;
  if (parts.length !== 4 || version !== VERSION || !keyId || !ivText || !ctText) {
    throw new TokenCryptoError(
      "malformed",
      `encrypted token is not in the ${VERSION}:<key id>:<iv>:<ciphertext> format`,
    );
  }
  if (keyId !== id) {
    throw new TokenCryptoError(
      "wrong_key",
      `token was encrypted with a different TOKEN_ENCRYPTION_KEY (key id ${keyId}, current ${id}); restore that key or reconnect the account`,
    );
  }
  const iv = decodeBase64(ivText);
  const ct = decodeBase64(ctText);
  if (!iv || iv.length !== 12 || !ct || ct.length < 16)
    throw new TokenCryptoError("malformed", "encrypted token has a bad IV or ciphertext");
  try {
    const pt = await crypto.subtle.decrypt({ name: "AES-GCM", iv, additionalData: aad(keyId, context) }, key, ct);
    return new TextDecoder().decode(pt);
  } catch {
    throw new TokenCryptoError(
      "tampered",
      "encrypted token failed authentication (modified, or stored for another context)",
    );
  }
}

function encodeBase64Url(bytes: Uint8Array): string {
  return btoa(String.fromCharCode(...bytes))
    .replace(/\+/g, "-")
    .replace(/\//g, "_")
    .replace(/=+$/, "");
}

/** Standard or url-safe base64, padded or not; undefined when it is not base64. */
function decodeBase64(s: string): Uint8Array | undefined {
  if (!/^[A-Za-z0-9+/_-]+={0,2}$/.test(s)) return undefined;
  const std = s.replace(/-/g, "+").replace(/_/g, "/").replace(/=+$/, "");
  try {
    const bin = atob(std + "=".repeat((4 - (std.length % 4)) % 4));
    return Uint8Array.from(bin, (ch) => ch.charCodeAt(0));
  } catch {
    return undefined;
  }
}
