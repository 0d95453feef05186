import { createRemoteJWKSet, jwtVerify, type JWTVerifyGetKey } from "jose";
import { settings } from "../settings/index.ts";

// Cloudflare Access in front of the Worker (docs/access.md): when CF_ACCESS_TEAM_DOMAIN and
// CF_ACCESS_AUD are set, the Cf-Access-Jwt-Assertion header Access adds is verified against the
// team's certs (https://<team>.cloudflareaccess.com/cdn-cgi/access/certs), its issuer and its
// audience, as Cloudflare's "validating JSON web tokens" page describes. A valid one signs the
// operator in (the API and dashboard as an admin, the OAuth consent page). Without both
// settings the header is ignored: anyone could send one.

const jwks = new Map<string, JWTVerifyGetKey>();

/** The Access user's email (or subject) when `token` is valid for the team and audience; else null. */
export async function verifyAccessJwt(
  token: string,
  opts: { teamDomain: string; audience: string; keys: JWTVerifyGetKey },
): Promise<string | null> {
  try {
    const { payload } = await jwtVerify(token, opts.keys, {
      issuer: `https://${opts.teamDomain}`,
      audience: opts.audience,
      algorithms: ["RS256"],
    });
    return typeof payload.email === "string" ? payload.email : (payload.sub ?? null);
  } catch {
    return null;
  }
}

/** The team's signing keys, fetched (and cached by jose) from its certs URL. */
function teamKeys(teamDomain: string): JWTVerifyGetKey {
  let keys = jwks.get(teamDomain);
  if (!keys) {
    keys = createRemoteJWKSet(new URL(`https://${teamDomain}/cdn-cgi/access/certs`));
    jwks.set(teamDomain, keys);
  }
  return keys;
}

/** Whether Cloudflare Access sign-in is configured (both settings). */
export const accessConfigured = (env: Env): boolean => {
  const { teamDomain, audience } = settings(env).access;
  return Boolean(teamDomain && audience);
};

/** The Access user's email when the request carries a valid Access JWT and Access is configured; else null. */
export async function accessIdentity(env: Env, request: Request): Promise<string | null> {
  const { teamDomain, audience } = settings(env).access;
  const token = request.headers.get("cf-access-jwt-assertion");
  if (!teamDomain || !audience || !token) return null;
  return verifyAccessJwt(token, { teamDomain, audience, keys: teamKeys(teamDomain) });
}
