import { SignJWT, createLocalJWKSet, exportJWK, generateKeyPair } from "jose";
import { describe, expect, it } from "vitest";
import { verifyAccessJwt } from "../../workers/access/cf-access.ts";
import { API_KEY, api } from "../support/helpers.ts";

// Cloudflare Access's Cf-Access-Jwt-Assertion, checked as its docs say: RS256 signature by one of
// the team's keys, issuer https://<team domain>, audience the application's AUD tag, not expired.
// The team's keys come from its certs URL in production; here a local key set stands in for it.

const TEAM = "acme.cloudflareaccess.com";
const AUD = "4714c1358e65fe4b408ad6d432a5f878f08194bdb4752441fd56faefa9b2b6f2";

async function setup() {
  const { publicKey, privateKey } = await generateKeyPair("RS256");
  const jwk = { ...(await exportJWK(publicKey)), kid: "k1", alg: "RS256" };
  const keys = createLocalJWKSet({ keys: [jwk] });
  const sign = (
    claims: Record<string, unknown>,
    opts: { iss?: string; aud?: string; exp?: string; key?: CryptoKey } = {},
  ) =>
    new SignJWT(claims)
      .setProtectedHeader({ alg: "RS256", kid: "k1" })
      .setIssuer(opts.iss ?? `https://${TEAM}`)
      .setAudience(opts.aud ?? AUD)
      .setIssuedAt()
      .setExpirationTime(opts.exp ?? "5m")
      .sign(opts.key ?? privateKey);
  return { keys, sign };
}

describe("Cloudflare Access JWT", () => {
  it("accepts a token of the team for the application and names the user", async () => {
    const { keys, sign } = await setup();
    const token = await sign({ email: "ops@acme.example", sub: "u1" });
    expect(await verifyAccessJwt(token, { teamDomain: TEAM, audience: AUD, keys })).toBe("ops@acme.example");
  });

  it("refuses another issuer, another audience, an expired token and another signer", async () => {
    const { keys, sign } = await setup();
    const other = await generateKeyPair("RS256");
    const opts = { teamDomain: TEAM, audience: AUD, keys };
    expect(
      await verifyAccessJwt(await sign({ email: "a@b" }, { iss: "https://evil.cloudflareaccess.com" }), opts),
    ).toBeNull();
    expect(await verifyAccessJwt(await sign({ email: "a@b" }, { aud: "another-app" }), opts)).toBeNull();
    expect(await verifyAccessJwt(await sign({ email: "a@b" }, { exp: "-1m" }), opts)).toBeNull();
    expect(await verifyAccessJwt(await sign({ email: "a@b" }, { key: other.privateKey }), opts)).toBeNull();
    expect(await verifyAccessJwt("not.a.jwt", opts)).toBeNull();
  });

  it("is ignored unless CF_ACCESS_TEAM_DOMAIN and CF_ACCESS_AUD are set: the header alone signs no one in", async () => {
    const { sign } = await setup();
    const res = await api("/v1/personas", {
      key: null,
      headers: { "cf-access-jwt-assertion": await sign({ email: "ops@acme.example" }) },
    });
    expect(res.status).toBe(401);
    expect((await api("/v1/me", { key: API_KEY })).status).toBe(200);
  });
});
