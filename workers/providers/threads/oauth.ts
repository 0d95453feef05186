// OAuth endpoints of the Threads API. They live outside the versioned path:
//   POST {base}/oauth/access_token           code → short-lived token (1 h) + user id
//   GET  {base}/access_token?grant_type=th_exchange_token    → long-lived token (60 days)
//   GET  {base}/refresh_access_token?grant_type=th_refresh_token → a fresh 60-day token
// A long-lived token can be refreshed once it is at least 24 h old and not yet expired.
import { ThreadsApiError } from "./errors.ts";
import { callGraph } from "./http.ts";
import type { HttpDeps } from "./http.ts";
import { optNumber, optString, rawDigits, reqString } from "./parse.ts";
import type { LongLivedToken, ShortLivedToken } from "./types.ts";

export interface AuthorizeUrlInput {
  clientId: string;
  redirectUri: string;
  scopes: string[];
  state: string;
}

export function buildAuthorizeUrl(authorizeBaseUrl: string, input: AuthorizeUrlInput): string {
  const url = new URL(`${trimSlash(authorizeBaseUrl)}/oauth/authorize`);
  url.searchParams.set("client_id", input.clientId);
  url.searchParams.set("redirect_uri", input.redirectUri);
  url.searchParams.set("scope", input.scopes.join(","));
  url.searchParams.set("response_type", "code");
  url.searchParams.set("state", input.state);
  return url.toString();
}

export interface CodeExchangeInput {
  clientId: string;
  clientSecret: string;
  redirectUri: string;
  code: string;
}

export async function exchangeCode(deps: HttpDeps, base: string, input: CodeExchangeInput): Promise<ShortLivedToken> {
  const op = "exchangeCode";
  const { json, raw } = await callGraph(deps, {
    method: "POST",
    url: `${trimSlash(base)}/oauth/access_token`,
    form: true,
    operation: op,
    secrets: [input.clientSecret, input.code],
    params: {
      client_id: input.clientId,
      client_secret: input.clientSecret,
      grant_type: "authorization_code",
      redirect_uri: input.redirectUri,
      code: input.code,
    },
  });
  return {
    accessToken: reqString(json, "access_token", op),
    userId: rawDigits(raw, "user_id") ?? reqString(json, "user_id", op),
  };
}

export async function exchangeForLongLived(
  deps: HttpDeps,
  base: string,
  now: number,
  shortToken: string,
  clientSecret: string,
): Promise<LongLivedToken> {
  const { json } = await callGraph(deps, {
    method: "GET",
    url: `${trimSlash(base)}/access_token`,
    operation: "exchangeForLongLived",
    secrets: [shortToken, clientSecret],
    params: { grant_type: "th_exchange_token", client_secret: clientSecret, access_token: shortToken },
  });
  return toLongLived(json, now, "exchangeForLongLived");
}

export async function refreshLongLived(
  deps: HttpDeps,
  base: string,
  now: number,
  token: string,
): Promise<LongLivedToken> {
  const { json } = await callGraph(deps, {
    method: "GET",
    url: `${trimSlash(base)}/refresh_access_token`,
    operation: "refreshLongLived",
    secrets: [token],
    params: { grant_type: "th_refresh_token", access_token: token },
  });
  return toLongLived(json, now, "refreshLongLived");
}

export interface TokenInfo {
  isValid: boolean;
  userId?: string;
  /** Epoch ms; undefined when Threads does not say. */
  issuedAt?: number;
  /** Epoch ms; undefined when Threads reports 0 (no expiry given) or nothing. */
  expiresAt?: number;
  scopes: string[];
}

/**
 * GET {graph}/debug_token?input_token=…&access_token=… (https://developers.facebook.com/documentation/threads/troubleshooting/debug-access-token,
 * updated 2025-06-04). The access_token must be a Threads tester's token of the same app, so
 * this can fail for ordinary users; callers treat failure as "unknown", not as invalid.
 */
export async function debugToken(
  deps: HttpDeps,
  graphBase: string,
  accessToken: string,
  inputToken: string,
): Promise<TokenInfo> {
  const op = "debugToken";
  const { json, raw } = await callGraph(deps, {
    method: "GET",
    url: `${trimSlash(graphBase)}/debug_token`,
    operation: op,
    secrets: [accessToken, inputToken],
    params: { input_token: inputToken, access_token: accessToken },
  });
  const data = json["data"];
  if (typeof data !== "object" || data === null || Array.isArray(data)) {
    throw new ThreadsApiError({
      kind: "transient",
      operation: op,
      message: `Threads ${op} failed: response has no 'data'`,
    });
  }
  const d = data as Record<string, unknown>;
  const ms = (k: string) => {
    const v = optNumber(d, k);
    return v !== undefined && v > 0 ? v * 1000 : undefined;
  };
  const scopes = Array.isArray(d["scopes"]) ? d["scopes"].filter((s): s is string => typeof s === "string") : [];
  return {
    isValid: d["is_valid"] === true,
    userId: rawDigits(raw, "user_id") ?? optString(d, "user_id"),
    issuedAt: ms("issued_at"),
    expiresAt: ms("expires_at"),
    scopes,
  };
}

function toLongLived(json: Record<string, unknown>, now: number, op: string): LongLivedToken {
  const expiresInSeconds = optNumber(json, "expires_in") ?? 60 * 86_400;
  return {
    accessToken: reqString(json, "access_token", op),
    tokenType: optString(json, "token_type") ?? "bearer",
    expiresInSeconds,
    expiresAt: now + expiresInSeconds * 1000,
  };
}

export function trimSlash(s: string): string {
  return s.replace(/\/+$/, "");
}
