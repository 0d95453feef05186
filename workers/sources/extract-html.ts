// Main text of an HTML page with HTMLRewriter (the Workers runtime's streaming HTML parser):
// the title, and paragraphs of the <article>/<main> (else the <body>) without scripts, styles,
// navigation, headers, footers, asides, forms and hidden elements (hidden attributes or inline styles). Text chunks from HTMLRewriter
// keep their entities, so they are decoded here.

const SKIP =
  "head, script, style, noscript, template, svg, iframe, object, nav, header, footer, aside, form, button, select, textarea, [hidden], [aria-hidden=true], " +
  // Text a reader never sees is not the page's content (and a favourite place to hide instructions).
  '[style*="display:none"], [style*="display: none"], [style*="visibility:hidden"], [style*="visibility: hidden"]';
const BLOCKS =
  "p, li, h1, h2, h3, h4, h5, h6, blockquote, pre, td, th, dd, dt, figcaption, div, section, article, main, tr, ul, ol, table, br, hr";
const MAIN = "article, main, [role=main]";

const NAMED: Record<string, string> = {
  amp: "&",
  lt: "<",
  gt: ">",
  quot: '"',
  apos: "'",
  nbsp: " ",
  mdash: "—",
  ndash: "–",
  hellip: "…",
  rsquo: "’",
  lsquo: "‘",
  rdquo: "”",
  ldquo: "“",
  laquo: "«",
  raquo: "»",
  copy: "©",
  reg: "®",
  trade: "™",
  euro: "€",
  middot: "·",
  bull: "•",
};

export function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, ent: string) => {
    if (ent[0] === "#") {
      const code = ent[1] === "x" || ent[1] === "X" ? Number.parseInt(ent.slice(2), 16) : Number(ent.slice(1));
      return Number.isFinite(code) && code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
    }
    return NAMED[ent.toLowerCase()] ?? whole;
  });
}

export interface ExtractedPage {
  title: string | null;
  paragraphs: string[];
}

const tidy = (s: string) => decodeEntities(s).replace(/\s+/g, " ").trim();

/** The page's title and main-text paragraphs. */
export async function extractHtml(html: string): Promise<ExtractedPage> {
  let skip = 0;
  let main = 0;
  let title = "";
  let ogTitle: string | null = null;
  const found: { text: string; main: boolean }[] = [];
  let current = "";
  let currentInMain = false;
  const flush = () => {
    const text = tidy(current);
    if (text) found.push({ text, main: currentInMain });
    current = "";
  };
  const rewriter = new HTMLRewriter()
    .on("title", {
      text(t) {
        title += t.text;
      },
    })
    .on('meta[property="og:title"]', {
      element(e) {
        ogTitle = e.getAttribute("content");
      },
    })
    .on(SKIP, {
      element(e) {
        skip++;
        e.onEndTag(() => {
          skip--;
        });
      },
    })
    .on(MAIN, {
      element(e) {
        flush();
        main++;
        e.onEndTag(() => {
          flush();
          main--;
        });
      },
    })
    .on(BLOCKS, {
      element(e) {
        flush();
        if (!["br", "hr"].includes(e.tagName)) e.onEndTag(flush);
      },
    })
    .onDocument({
      text(t) {
        if (skip > 0) return;
        if (current === "") currentInMain = main > 0;
        else if (main > 0 !== currentInMain) {
          flush();
          currentInMain = main > 0;
        }
        current += t.text;
      },
    });
  await rewriter.transform(new Response(html, { headers: { "content-type": "text/html" } })).text();
  flush();
  const inMain = found.filter((p) => p.main);
  // A page's <article> is its text when it has any substance; else everything outside the chrome.
  const chosen = inMain.reduce((n, p) => n + p.text.length, 0) >= 200 ? inMain : found;
  const paragraphs = chosen.map((p) => p.text);
  const t = tidy(ogTitle ?? "") || tidy(title);
  return { title: t || null, paragraphs };
}
