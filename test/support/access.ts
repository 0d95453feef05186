import { api } from "./helpers.ts";

export interface MadeKey {
  id: string;
  secret: string;
  name: string;
  scopes: string[];
  persona_ids: string[] | null;
}

/** POST /v1/keys with the bootstrap key; throws unless 201. */
export async function makeKey(name: string, scopes: string[], personaIds?: string[]): Promise<MadeKey> {
  const res = await api("/v1/keys", {
    method: "POST",
    json: { name, scopes, ...(personaIds ? { persona_ids: personaIds } : {}) },
  });
  if (res.status !== 201) throw new Error(`make key: ${res.status} ${await res.text()}`);
  return res.json();
}

export interface SpecOperation {
  method: string;
  path: string;
  scope: string | undefined;
  personaLimited: boolean | undefined;
  hasBody: boolean;
  secured: boolean;
}

/** Every operation of the served /openapi.json, with its declared scope. */
export async function specOperations(): Promise<SpecOperation[]> {
  const spec = (await (await api("/openapi.json", { key: null })).json()) as {
    paths: Record<string, Record<string, Record<string, unknown>>>;
  };
  return Object.entries(spec.paths).flatMap(([path, item]) =>
    Object.entries(item).map(([method, op]) => ({
      method: method.toUpperCase(),
      path,
      scope: op["x-scope"] as string | undefined,
      personaLimited: op["x-persona-limited"] as boolean | undefined,
      hasBody: op.requestBody !== undefined,
      secured: Array.isArray(op.security) && op.security.length > 0,
    })),
  );
}

/** Calls an operation with every path parameter set to `param`, and `{}` as the body when it takes one. */
export function callOperation(op: SpecOperation, key: string | null, param = "none-such"): Promise<Response> {
  const path = op.path.replace(/\{\w+\}/g, encodeURIComponent(param));
  const init: Parameters<typeof api>[1] = { method: op.method, key };
  if (op.hasBody) init.json = op.path === "/mcp" ? { jsonrpc: "2.0", id: 1, method: "tools/list" } : {};
  if (op.path === "/mcp") init.headers = { accept: "application/json, text/event-stream" };
  return api(path, init);
}
