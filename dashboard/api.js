// API access for the dashboard: the key lives in sessionStorage (this tab only), arrives once
// via a prompt or the URL fragment (#key=…, which never reaches a server log), and goes out
// as a Bearer header on every request. A 401 forgets the key and asks again.

const STORAGE_KEY = "threads-agent.api-key";

export class AuthError extends Error {}

export function takeKeyFromFragment() {
  const params = new URLSearchParams(location.hash.slice(1));
  const key = params.get("key");
  if (!key) return;
  sessionStorage.setItem(STORAGE_KEY, key);
  params.delete("key");
  const rest = params.toString();
  // Drop the key from the address bar and from history.
  history.replaceState(null, "", location.pathname + location.search + (rest ? `#${rest}` : ""));
}

export const getKey = () => sessionStorage.getItem(STORAGE_KEY);
export const setKey = (key) => sessionStorage.setItem(STORAGE_KEY, key);
export const forgetKey = () => sessionStorage.removeItem(STORAGE_KEY);

/** @type {(message: string) => void} */
let onUnauthorized = () => {};
export function setUnauthorizedHandler(fn) {
  onUnauthorized = fn;
}

export async function apiFetch(path, init = {}) {
  const key = getKey();
  if (!key) {
    onUnauthorized("");
    throw new AuthError("no key");
  }
  const headers = new Headers(init.headers);
  headers.set("Authorization", `Bearer ${key}`);
  if (init.body !== undefined && !headers.has("Content-Type")) headers.set("Content-Type", "application/json");
  const res = await fetch(path, { ...init, headers });
  if (res.status === 401) {
    forgetKey();
    onUnauthorized("That key was rejected. Enter a valid API key.");
    throw new AuthError("unauthorized");
  }
  return res;
}

export async function apiJson(path, init) {
  const res = await apiFetch(path, init);
  const body = await res.json().catch(() => null);
  if (!res.ok) {
    const message = body?.error?.message ?? `${res.status} ${res.statusText}`;
    throw new Error(message);
  }
  return body;
}
