import type { TestProject } from "vitest/node";
import {
  FEED_ENTRIES,
  HIRING_PAGE,
  INJECTED_PAGE,
  NEW_ENTRY,
  PRICING_PAGE,
  atom,
  rss,
} from "../../fixtures/source-documents.ts";

// vitest globalSetup (Node): the pages and feeds the sources tests fetch, on a free localhost
// port, over real HTTP (so timeouts, redirects, content types, size caps and conditional requests
// are exercised as in production). Every path is /<namespace>/<document>; GET /__bump/<namespace>
// adds an entry to that namespace's feed (a new ETag), /__requests/<namespace> lists the
// requests seen with their conditional headers. /robots.txt is the origin's: 127.0.0.1 has rules,
// localhost (the same server, another origin) answers 503.

interface NodeRequest {
  url?: string;
  headers: Record<string, string | string[] | undefined>;
}
interface NodeResponse {
  writableEnded: boolean;
  writeHead(status: number, headers: Record<string, string>): void;
  write(chunk: string): boolean;
  end(body?: string): void;
}
interface NodeServer {
  listen(port: number, host: string, cb: () => void): void;
  address(): { port: number } | string | null;
  close(cb: () => void): void;
  closeAllConnections(): void;
}
interface NodeHttp {
  createServer(handler: (req: NodeRequest, res: NodeResponse) => void): NodeServer;
}

const LAST_MODIFIED = "Tue, 01 Dec 2026 09:00:00 GMT";

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const specifier = "node:http";
  const http = (await import(/* @vite-ignore */ specifier)) as NodeHttp;
  const versions = new Map<string, number>();
  const seen = new Map<string, { path: string; ifNoneMatch: string | null; ifModifiedSince: string | null }[]>();
  const timers = new Set<ReturnType<typeof setTimeout>>();
  let root = "";

  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://fixture");
    const [ns = "", ...rest] = url.pathname.split("/").filter(Boolean);
    const doc = rest.join("/");
    const header = (n: string) => {
      const v = req.headers[n];
      return typeof v === "string" ? v : null;
    };
    if (ns === "__bump") {
      versions.set(doc, (versions.get(doc) ?? 0) + 1);
      res.writeHead(200, { "content-type": "text/plain" });
      res.end("ok");
      return;
    }
    if (ns === "__requests") {
      res.writeHead(200, { "content-type": "application/json" });
      res.end(JSON.stringify(seen.get(doc) ?? []));
      return;
    }
    seen.set(ns, [
      ...(seen.get(ns) ?? []),
      { path: doc, ifNoneMatch: header("if-none-match"), ifModifiedSince: header("if-modified-since") },
    ]);
    const base = `${root}/${ns}`;
    const version = versions.get(ns) ?? 0;
    const send = (status: number, type: string, body: string, extra: Record<string, string> = {}) => {
      if (res.writableEnded) return;
      res.writeHead(status, { "content-type": type, ...extra });
      res.end(body);
    };
    /** 200 with an ETag, or 304 when the client already has this version. */
    const conditional = (type: string, body: string) => {
      const etag = `"${doc}-v${version}"`;
      if (header("if-none-match") === etag) return send(304, type, "", { etag });
      send(200, type, body, { etag, "last-modified": LAST_MODIFIED });
    };
    const entries = version > 0 ? [NEW_ENTRY, ...FEED_ENTRIES] : FEED_ENTRIES;
    // robots.txt is per origin: 127.0.0.1 has rules, localhost (same server) answers 503.
    if (ns === "robots.txt")
      return (header("host") ?? "").startsWith("localhost")
        ? send(503, "text/plain", "unavailable")
        : send(
            200,
            "text/plain",
            "User-agent: *\nDisallow: /*/private/\n\nUser-agent: threads-agent\nDisallow: /*/no-agents/\nDisallow: /*/private/\n",
          );
    switch (doc) {
      case "blog/pricing":
        return conditional("text/html; charset=utf-8", PRICING_PAGE);
      case "blog/injected":
        return conditional("text/html; charset=utf-8", INJECTED_PAGE);
      case "blog/hiring":
        return conditional("text/html; charset=utf-8", HIRING_PAGE);
      case "feed.xml":
        return conditional("application/rss+xml; charset=utf-8", rss(base, entries));
      case "feed-as-xml":
        return conditional("text/xml", rss(base, entries));
      case "atom.xml":
        return conditional("application/atom+xml", atom(base, entries));
      case "notes.txt":
        return send(
          200,
          "text/plain; charset=utf-8",
          "Pricing notes\n\nCharge more than feels comfortable. Most founders are surprised how few customers leave.\n",
        );
      case "private/page":
      case "no-agents/page":
        return send(200, "text/html", PRICING_PAGE);
      case "image.png":
        return send(200, "image/png", "\u0089PNG....");
      case "big.html": {
        res.writeHead(200, { "content-type": "text/html" });
        const block = `<p>${"All work and no play makes a dull page. ".repeat(100)}</p>\n`;
        for (let i = 0; i < 700; i++) res.write(block); // ~2.8 MB, over the 2 MB default, no Content-Length
        res.end();
        return;
      }
      case "slow.html": {
        const t = setTimeout(() => {
          timers.delete(t);
          send(200, "text/html", PRICING_PAGE);
        }, 3000);
        timers.add(t);
        return;
      }
      case "redirect/private":
        return send(302, "text/plain", "", { location: "http://169.254.169.254/latest/meta-data/" });
      case "redirect/scheme":
        return send(302, "text/plain", "", { location: "ftp://127.0.0.1/file" });
      case "redirect/ok":
        return send(301, "text/plain", "", { location: `${base}/blog/pricing` });
      case "redirect/loop":
        return send(302, "text/plain", "", { location: `${base}/redirect/loop` });
      case "gone":
        return send(404, "text/html", "<p>Not found</p>");
      default:
        return send(404, "text/plain", "not found");
    }
  });

  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  if (address === null || typeof address === "string") throw new Error("source server did not get a TCP port");
  root = `http://127.0.0.1:${address.port}`;
  project.provide("sourceServerUrl", root);

  return async () => {
    for (const t of timers) clearTimeout(t);
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(resolve));
  };
}
