import type { ApiScope } from "../db/schema/index.ts";
import { AppError } from "../errors.ts";
import { SCOPE_RANK } from "./route-scopes.ts";

/** Who is calling: the bootstrap API_KEY or one key row (docs/access.md). */
export interface Principal {
  /** `bootstrap` for the API_KEY secret, else the key row's id (key_…). */
  keyId: string;
  name: string;
  scopes: ApiScope[];
  /** null = every persona. */
  personaIds: string[] | null;
}

export const BOOTSTRAP: Principal = { keyId: "bootstrap", name: "API_KEY", scopes: ["admin"], personaIds: null };

/** The highest of the key's scopes: admin includes write, write includes read. */
export function topScope(p: Principal): ApiScope {
  return p.scopes.reduce<ApiScope>((a, s) => (SCOPE_RANK[s] > SCOPE_RANK[a] ? s : a), "read");
}

export const hasScope = (p: Principal, need: ApiScope) => SCOPE_RANK[topScope(p)] >= SCOPE_RANK[need];

export const canSeePersona = (p: Principal, id: string | null | undefined): boolean =>
  p.personaIds === null || (id != null && p.personaIds.includes(id));

/**
 * The persona a list or a body may name, for this key: the one asked for when the key may see it
 * (else the same 404 an unknown persona gets), or, when none is named and the key is limited to
 * exactly one persona, that one. A key limited to several must name one (400).
 */
export function personaFor(p: Principal, id: string | undefined, field = "persona_id"): string | undefined {
  if (p.personaIds === null) return id;
  if (id !== undefined) {
    if (!p.personaIds.includes(id)) throw new AppError("not_found", `${field}: no persona '${id}'`, { field });
    return id;
  }
  if (p.personaIds.length === 1) return p.personaIds[0];
  throw new AppError("bad_request", `${field}: required for a key limited to the personas ${p.personaIds.join(", ")}`, {
    field,
  });
}
