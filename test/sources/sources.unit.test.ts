import { describe, expect, it } from "vitest";
import { writeOffline } from "../../workers/providers/llm/offline-writer.ts";
import type { GenerationBrief } from "../../workers/providers/llm/brief.ts";
import { chunkParagraphs, screenParagraphs, textParagraphs } from "../../workers/sources/chunk.ts";
import { extractHtml } from "../../workers/sources/extract-html.ts";
import { parseFeed, sniffFeed } from "../../workers/sources/feed.ts";
import { robotsAllows, robotsRules } from "../../workers/sources/robots.ts";
import { checkSourceUrl, urlProblem } from "../../workers/sources/url-safety.ts";
import { INJECTED_PAGE, INJECTION, PRICING_PARAGRAPHS, atom, FEED_ENTRIES } from "../fixtures/source-documents.ts";

const production = { allowLoopback: false };
const local = { allowLoopback: true };

describe("source URLs", () => {
  it("production fetches https to public hosts only", () => {
    expect(urlProblem(new URL("https://blog.example.com/feed.xml"), production)).toBeNull();
    for (const url of [
      "http://blog.example.com/feed.xml",
      "http://127.0.0.1:8080/page",
      "https://127.0.0.1/page",
      "https://localhost/page",
      "https://10.0.0.1/",
      "https://172.20.1.1/",
      "https://192.168.0.10/",
      "https://169.254.169.254/latest/meta-data/",
      "https://100.64.0.1/",
      "https://[::1]/",
      "https://[fd00::1]/",
      "https://[fe80::1]/",
      "https://[::ffff:127.0.0.1]/",
      "https://2130706433/",
      "https://0x7f000001/",
      "https://printer.local/",
      "https://intranet/",
      "https://user:pass@example.com/",
      "ftp://example.com/",
      "file:///etc/passwd",
    ])
      expect(urlProblem(new URL(url), production), url).not.toBeNull();
  });

  it("outside production, http(s) to the loopback host is allowed, other private hosts never", () => {
    expect(urlProblem(new URL("http://127.0.0.1:8787/page"), local)).toBeNull();
    expect(urlProblem(new URL("http://localhost:3000/feed"), local)).toBeNull();
    expect(urlProblem(new URL("http://10.0.0.1/"), local)).not.toBeNull();
    expect(urlProblem(new URL("http://example.com/"), local)).toMatch(/only https/);
    expect(() => checkSourceUrl("not a url", local)).toThrow(/^url: not a valid URL/);
    expect(() => checkSourceUrl("https://10.0.0.1/", production, "source_url")).toThrow(/^source_url: /);
  });
});

describe("robots.txt", () => {
  const text = "User-agent: *\nDisallow: /private/\nAllow: /private/open$\n\nUser-agent: OtherBot\nDisallow: /\n";
  it("uses the * group when none names us; longest rule wins; $ anchors", () => {
    const rules = robotsRules(text);
    expect(robotsAllows(rules, "/blog/post")).toBe(true);
    expect(robotsAllows(rules, "/private/x")).toBe(false);
    expect(robotsAllows(rules, "/private/open")).toBe(true);
    expect(robotsAllows(rules, "/private/open/more")).toBe(false);
  });
  it("a group naming threads-agent replaces the * group", () => {
    const rules = robotsRules(`${text}\nUser-agent: threads-agent\nDisallow: /drafts/\n`);
    expect(robotsAllows(rules, "/private/x")).toBe(true);
    expect(robotsAllows(rules, "/drafts/1")).toBe(false);
    expect(robotsAllows(robotsRules("User-agent: *\nDisallow:\n"), "/anything")).toBe(true);
  });
});

describe("extraction and chunking", () => {
  it("keeps the article's paragraphs, decodes entities and drops hidden and injected text", async () => {
    const page = await extractHtml(INJECTED_PAGE);
    expect(page.title).toBe("What we learned raising our prices");
    expect(page.paragraphs).toContain(PRICING_PARAGRAPHS[0]);
    // Text hidden with display:none is not the page's content.
    expect(page.paragraphs.join(" ")).not.toContain("developer mode");
    const screened = screenParagraphs(page.paragraphs, { personalData: true });
    expect(screened.kept.join(" ")).not.toContain(INJECTION.slice(0, 30));
    expect(screened.dropped.map((d) => d.check)).toEqual(["prompt_injection"]);
    const decoded = await extractHtml("<p>Fish &amp; chips &mdash; &#8220;cheap&#8221; &#x2014; yes.</p>");
    expect(decoded.paragraphs).toEqual(["Fish & chips — “cheap” — yes."]);
  });

  it("cuts chunks at sentences and keeps paragraphs apart", () => {
    const chunks = chunkParagraphs(["A heading without a stop", ...PRICING_PARAGRAPHS], 200);
    expect(chunks.every((c) => c.length <= 200 || !c.includes(" "))).toBe(true);
    expect(chunks.join("\n")).toContain("A heading without a stop\nMost first-time founders");
    expect(textParagraphs("# Title\n\n- one **bold** [link](https://x.y)\n\nplain")).toEqual([
      "Title",
      "one bold link",
      "plain",
    ]);
  });

  it("parses Atom and sniffs feeds", async () => {
    const xml = atom("https://blog.example.com", FEED_ENTRIES);
    expect(sniffFeed(xml)).toBe(true);
    expect(sniffFeed("<!doctype html><html>")).toBe(false);
    const feed = await parseFeed(xml, "https://blog.example.com/atom.xml");
    expect(feed.title).toBe("Calm Founder (Atom)");
    expect(feed.entries.map((e) => [e.key, e.url, e.publishedAt])).toEqual([
      ["urn:calm:pricing", "https://blog.example.com/posts/pricing", Date.parse("2026-11-20T09:00:00Z")],
      ["urn:calm:hiring", "https://blog.example.com/posts/hiring", Date.parse("2026-11-27T09:00:00Z")],
    ]);
    expect(feed.entries[0]?.paragraphs).toEqual(PRICING_PARAGRAPHS);
    await expect(parseFeed("<html><body>hi</body></html>", "https://x.y")).rejects.toThrow(/not an RSS or Atom feed/);
  });
});

describe("the offline writer with sources", () => {
  const brief = (over: Partial<GenerationBrief>): GenerationBrief => ({
    kind: "hook",
    persona: { id: "p", name: "P", topics: ["pricing"], language: "en", tone: "warm" },
    topic: "raising your prices",
    arms: { format: "plain", length: "medium" },
    grounding: PRICING_PARAGRAPHS.map((text) => ({ text, url: "https://x.y/a", title: "A" })),
    ...over,
  });

  it("writes the hook and body from the passages' sentences", () => {
    const hook = writeOffline(brief({}));
    expect(PRICING_PARAGRAPHS).toContain(hook);
    const body = writeOffline(brief({ kind: "body", hook }));
    const fromSources = PRICING_PARAGRAPHS.filter((p) => p !== hook && body.includes(p));
    expect(fromSources.length).toBeGreaterThanOrEqual(2);
    expect(body).not.toContain(hook);
  });

  it("skips passages in another language than the persona's, and falls back to the phrasebook without any", () => {
    const es = brief({
      persona: { id: "p", name: "P", topics: ["precios"], language: "es" },
      topic: "subir los precios",
    });
    const hook = writeOffline(es);
    expect(PRICING_PARAGRAPHS).not.toContain(hook);
    const spanish = [
      "La mayoría de los fundadores pone un precio demasiado bajo a su primer producto, casi siempre por miedo.",
      "Subimos el plan básico de 9 a 29 dólares al mes y solo perdimos dos de nuestros cuarenta clientes.",
    ];
    const grounded = writeOffline({ ...es, grounding: spanish.map((text) => ({ text, url: null, title: null })) });
    expect(spanish).toContain(grounded);
  });
});
