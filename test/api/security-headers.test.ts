import { describe, expect, it } from "vitest";
import { api } from "../support/helpers.ts";

// Hardening: the dashboard, /docs and the API answer with a strict Content-Security-Policy
// (own scripts and styles only, no framing), nosniff and no Referer leaks.

const directives = (csp: string | null) =>
  Object.fromEntries(
    (csp ?? "")
      .split(";")
      .map((d) => d.trim().split(/\s+/))
      .map(([name, ...values]) => [name, values]),
  );

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

  it("/docs (Swagger UI from the assets) has no inline script or style and keeps the strict policy", async () => {
    const res = await api("/docs", { key: null });
    const html = await res.text();
    expect(html).toContain("/dashboard/vendor/swagger-ui/swagger-ui-bundle.js");
    expect(html).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/);
    expect(html).not.toMatch(/<style[\s>]/);
    expect(html).not.toMatch(/\son[a-z]+=/i);
    const csp = directives(res.headers.get("content-security-policy"));
    expect(csp["script-src"]).toEqual(["'self'"]);
    expect(csp["style-src"]).toEqual(["'self'"]);
  });
});
