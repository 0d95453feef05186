import type { TestProject } from "vitest/node";
import { answerFor } from "../../fixtures/searxng-answers.ts";

// vitest globalSetup (runs in Node, not workerd): a fake SearXNG on a free localhost port.
// Tests reach it with inject("searxngUrl"); workerd's outbound fetch goes to it over real HTTP,
// so timeouts, status codes and content types are exercised as in production.
//
// This Workers project has no @types/node, so the few node:http members used are typed here.
interface NodeRequest {
  url?: string;
}
interface NodeResponse {
  writableEnded: boolean;
  writeHead(status: number, headers: Record<string, string>): void;
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

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const specifier = "node:http"; // not a literal import: keeps tsc from looking for Node's types
  const http = (await import(/* @vite-ignore */ specifier)) as NodeHttp;
  const requests = new Map<string, string[]>();
  const timers = new Set<ReturnType<typeof setTimeout>>();

  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://fixture");
    const [first = "", second = ""] = url.pathname.split("/").filter(Boolean);
    if (first === "__requests") {
      res.writeHead(200, { "content-type": "application/json" });
      res.end(JSON.stringify(requests.get(second) ?? []));
      return;
    }
    requests.set(first, [...(requests.get(first) ?? []), `${url.pathname}${url.search}`]);
    const answer =
      second === "search"
        ? answerFor(first.split("-")[0] ?? "", url.searchParams)
        : { status: 404, contentType: "text/plain", body: "Not Found" };
    const send = () => {
      if (res.writableEnded) return;
      res.writeHead(answer.status, {
        "content-type": answer.contentType,
        ...("headers" in answer ? answer.headers : {}),
      });
      res.end(answer.body);
    };
    if ("delayMs" in answer && answer.delayMs) {
      const t = setTimeout(() => {
        timers.delete(t);
        send();
      }, answer.delayMs);
      timers.add(t);
    } else send();
  });

  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  if (address === null || typeof address === "string") throw new Error("fake SearXNG did not get a TCP port");
  project.provide("searxngUrl", `http://127.0.0.1:${address.port}`);

  return async () => {
    for (const t of timers) clearTimeout(t);
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(resolve));
  };
}
