import { describe, expect, it } from "vitest";
import { api } from "./helpers.ts";

// Hardening: the dashboard, /docs and the API answer with a strict Content-Security-Policy
// (own scripts and styles only, no framing), nosniff and no Referer leaks.
// CSP3 hash sources: https://www.w3.org/TR/CSP3/#grammardef-hash-source (read 2026-12-01).

const directives = (csp: string | null) =>
  Object.fromEntries((csp ?? "").split(";").map((d) => d.trim().split(/\s+/)).map(([name, ...values]) => [name, values]));

async function sha256Base64(text: string): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", new TextEncoder().encode(text)));
  return btoa(String.fromCharCode(...digest));
}

describe("security headers", () => {
  for (const [what, path, key] of [
    ["the dashboard", "/dashboard/", null],
    ["a dashboard script", "/dashboard/app.js", null],
    ["the API", "/v1/personas", undefined],
    ["an API error", "/v1/personas", null],
    ["/docs", "/docs", null],
    ["/openapi.json", "/openapi.json", null],
    ["/health", "/health", null],
  ] as const) {
    it(`${what} (${path}) forbids framing, sniffing and foreign code`, async () => {
      const res = await api(path, { key });
      expect(res.headers.get("x-content-type-options")).toBe("nosniff");
      expect(res.headers.get("referrer-policy")).toBe("no-referrer");
      expect(res.headers.get("x-frame-options")).toBe("DENY");
      const csp = directives(res.headers.get("content-security-policy"));
      expect(csp["frame-ancestors"]).toEqual(["'none'"]);
      expect(csp["default-src"]).toEqual(["'self'"]);
      expect(csp["object-src"]).toEqual(["'none'"]);
      for (const d of ["script-src", "style-src"]) {
        expect(csp[d]?.[0]).toBe("'self'");
        expect(csp[d]).not.toContain("'unsafe-inline'");
        expect(csp[d]?.join(" ")).not.toMatch(/https?:/); // no CDN
      }
    });
  }

  it("the dashboard page has no inline script or style the policy would block", async () => {
    const html = await (await api("/dashboard/", { key: null })).text();
    expect(html).toContain("<script");
    expect(html).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/);
    expect(html).not.toMatch(/<style[\s>]/);
    expect(html).not.toMatch(/\son[a-z]+=/i); // no inline event handlers
  });

  it("/docs allows exactly its own inline script and style, by hash", async () => {
    const res = await api("/docs", { key: null });
    const html = await res.text();
    const csp = directives(res.headers.get("content-security-policy"));
    const script = /<script>([\s\S]*?)<\/script>/.exec(html)?.[1];
    const style = /<style>([\s\S]*?)<\/style>/.exec(html)?.[1];
    if (script !== undefined) expect(csp["script-src"]).toContain(`'sha256-${await sha256Base64(script)}'`);
    if (style !== undefined) expect(csp["style-src"]).toContain(`'sha256-${await sha256Base64(style)}'`);
    expect(csp["script-src"]?.length).toBe(1 + (script === undefined ? 0 : 1));
  });
});
