import { AppError } from "../errors.ts";

// Which URLs a source may be fetched from (docs/sources.md, "Safe fetching"). Production: https
// only, to public hosts. Outside production, http and https to the loopback host are allowed too
// (a page served on localhost under `wrangler dev`, the tests' local server); other private
// addresses never are. Workers resolve DNS themselves and cannot reach a private network, so
// the check is on the URL's host as written: IP literals in private, loopback, link-local and
// shared ranges, and names that only resolve inside a network (localhost, *.local, *.internal).

export interface UrlPolicy {
  /** Outside production: http(s) to 127.0.0.1 / localhost / [::1] is allowed. */
  allowLoopback: boolean;
}

const LOCAL_NAMES = /(^|\.)(localhost|local|internal|intranet|lan|home|corp|localdomain)$/i;

function ipv4(host: string): number[] | null {
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(host);
  if (!m) return null;
  const parts = m.slice(1).map(Number);
  return parts.every((p) => p <= 255) ? parts : null;
}

function privateV4([a = 0, b = 0]: number[]): boolean {
  return (
    a === 0 ||
    a === 10 ||
    a === 127 ||
    (a === 100 && b >= 64 && b <= 127) ||
    (a === 169 && b === 254) ||
    (a === 172 && b >= 16 && b <= 31) ||
    (a === 192 && b === 168) ||
    (a === 198 && (b === 18 || b === 19)) ||
    a >= 224
  );
}

function isLoopback(host: string): boolean {
  const v4 = ipv4(host);
  return host === "localhost" || host === "[::1]" || (v4 !== null && v4[0] === 127);
}

/** Why the host is not a public one, or null. */
function privateHost(host: string): string | null {
  const h = host.toLowerCase();
  if (h.startsWith("[")) {
    const v6 = h.slice(1, -1);
    if (v6 === "::1" || v6 === "::") return "a loopback address";
    if (/^f[cd]/.test(v6)) return "a private (unique local) address";
    if (/^fe[89ab]/.test(v6)) return "a link-local address";
    const mapped = /^::ffff:(.+)$/.exec(v6);
    if (mapped) {
      const v4 = ipv4(mapped[1] ?? "");
      // ::ffff:7f00:1 and other hex forms of a mapped address: refused, since none is public anyway.
      if (!v4 || privateV4(v4)) return "a private address";
    }
    return null;
  }
  const v4 = ipv4(h);
  if (v4) return privateV4(v4) ? "a private address" : null;
  // Numeric hosts in other forms (http://2130706433/, 0x7f.1) are how filters get bypassed.
  if (/^[0-9.]+$/.test(h) || /^0x/i.test(h)) return "a numeric address in an unusual form";
  if (!h.includes(".") || LOCAL_NAMES.test(h)) return "a local host name";
  return null;
}

/** The URL, checked; a 400 naming `field` otherwise. */
export function checkSourceUrl(raw: string, policy: UrlPolicy, field = "url"): URL {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new AppError("bad_request", `${field}: not a valid URL`, { field });
  }
  const problem = urlProblem(url, policy);
  if (problem) throw new AppError("bad_request", `${field}: ${problem}`, { field, url: url.href });
  return url;
}

/** What is wrong with fetching `url`, or null (also used for every redirect's target). */
export function urlProblem(url: URL, policy: UrlPolicy): string | null {
  if (url.username || url.password) return "credentials in the URL are not allowed";
  const loopback = isLoopback(url.hostname);
  if (policy.allowLoopback && loopback && (url.protocol === "http:" || url.protocol === "https:")) return null;
  if (url.protocol !== "https:")
    return policy.allowLoopback
      ? "only https URLs (or http to localhost outside production) can be fetched"
      : "only https URLs can be fetched";
  const priv = privateHost(url.hostname);
  if (priv) return `the host ${url.hostname} is ${priv}, which is never fetched`;
  return null;
}
