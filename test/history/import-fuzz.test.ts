// POST /v1/personas/:id/history against a real persona (the spec-wide fuzz in test/api/api-fuzz.test.ts
// reaches this route only with a missing persona, and never with CSV): hostile shapes in both
// formats, each answered by a 400 naming what is wrong, and a property test over generated CSV
// (quotes, separators, line ends, BOM, control and bidi characters, header tricks, long and many
// columns) that fails on any 5xx and on a 400 whose message does not start with its field.
import fc from "fast-check";
import { beforeEach, describe, expect, it } from "vitest";
import { api, createPersona } from "../support/helpers.ts";

const P = "import-fuzz";
const NOW = new Date(Date.now() - 3_600_000).toISOString();

const send = (body: string, type: string) =>
  api(`/v1/personas/${P}/history`, { method: "POST", body, headers: { "content-type": type } });

interface ErrorBody {
  error: { code: string; message: string; details?: { field?: string } };
}

async function expect400(res: Response, message: RegExp | string, field: string) {
  const text = await res.text();
  expect(res.status, text.slice(0, 300)).toBe(400);
  const { error } = JSON.parse(text) as ErrorBody;
  expect(error.code).toBe("bad_request");
  if (typeof message === "string") expect(error.message).toBe(message);
  else expect(error.message).toMatch(message);
  expect(error.details?.field).toBe(field);
}

describe("history import: hostile files", () => {
  beforeEach(async () => {
    await api(`/v1/personas/${P}?purge=true`, { method: "DELETE" });
    await createPersona({ id: P, name: "Import Fuzz" });
  });

  it("JSON: deep nesting, 700,000 fields, 2,000-field rows and long keys are 400s naming the problem", {
    timeout: 400_000,
  }, async () => {
    const row = (extra: string) => `{"posts":[{"text":"t","published_at":"${NOW}","views":1${extra}}]}`;
    await expect400(
      await send(row(`,"x":${"[".repeat(20_000)}${"]".repeat(20_000)}`), "application/json"),
      "body: nested deeper than 64 levels",
      "body",
    );
    // 3 MB of fields in one object (700,000 made a 500 before): refused from the raw text, before JSON.parse builds it.
    const fields = Array.from({ length: 300_000 }, (_, i) => `"${i}":0`).join(",");
    await expect400(
      await send(`{"posts":[{${fields}}]}`, "application/json"),
      "body: more than 200000 values (array items and object fields)",
      "body",
    );
    const wide = Array.from({ length: 2_000 }, (_, i) => `,"f${i}":0`).join("");
    await expect400(
      await send(row(wide), "application/json"),
      "posts.0: an object of 2003 fields, over the limit of 1000",
      "posts.0",
    );
    await expect400(
      await send(row(`,"${"k".repeat(5_000)}":1`), "application/json"),
      "posts.0: a field name of 5000 characters, over the limit of 200",
      "posts.0",
    );
    await expect400(
      await send(JSON.stringify({ posts: Array(20_000).fill(0) }), "application/json"),
      "posts: an array of 20000 items, over the limit of 10000",
      "posts",
    );
    // Many unknown fields in one row: one problem each, listed up to 50 (the spread was a stack risk).
    const unknown = Array.from({ length: 900 }, (_, i) => `,"u${i}":0`).join("");
    const res = await send(row(unknown), "application/json");
    const text = await res.text();
    expect(res.status).toBe(400);
    const body = JSON.parse(text) as { error: { message: string; details: { problems: unknown[] } } };
    expect(body.error.message).toBe("posts.0.u0: unknown field");
    expect(body.error.details.problems).toHaveLength(50);
  });

  it("CSV: header tricks are 400s naming the header", { timeout: 400_000 }, async () => {
    const csv = (header: string, row = `hello there,${NOW},5`) => send(`${header}\n${row}\n`, "text/csv");
    await expect400(
      await csv("text,text,published_at,views", `a,b,${NOW},5`),
      "header: column 'text' appears twice",
      "header",
    );
    await expect400(
      await csv(`${"k".repeat(5_000)},text,published_at,views`, `1,hello,${NOW},5`),
      "header: column 1's name is 5000 characters, over the limit of 200",
      "header",
    );
    await expect400(
      await send(",".repeat(200_000), "text/csv"),
      "header: 200001 columns, over the limit of 100",
      "header",
    );
    await expect400(await csv("text,,published_at,views", `a,b,${NOW},5`), "header: column 2 has no name", "header");
    await expect400(
      await csv("te\u0000xt,published_at,views"),
      "header: column 1's name contains a control character (only newline and tab are allowed)",
      "header",
    );
    await expect400(
      await send("[".repeat(20_000), "text/csv"),
      /^header: column 1's name is 20000 characters/,
      "header",
    );
    await expect400(
      await send(
        `text,published_at,views\n${Array.from({ length: 6_000 }, (_, i) => `t${i},${NOW},1`).join("\n")}`,
        "text/csv",
      ),
      "posts: 6000 posts, over the 5000 a request may carry",
      "posts",
    );
    // __proto__ as a column is an unknown field like any other, not a prototype.
    await expect400(
      await csv("__proto__,text,published_at,views", `1,hello,${NOW},5`),
      "row 1.__proto__: unknown field",
      "row 1.__proto__",
    );
  });

  it("CSV: generated files never make a 5xx, and every 400 starts with the field it names", {
    timeout: 400_000,
  }, async () => {
    const names = fc.constantFrom(
      "text",
      "published_at",
      "views",
      "likes",
      "shares",
      "colour",
      "__proto__",
      "",
      'te"xt',
      "\ufefftext",
    );
    const cell = fc.oneof(
      fc.constantFrom(
        "",
        "hello there",
        NOW,
        "5",
        "-1",
        "1e3",
        "0x10",
        "9".repeat(40),
        '"',
        '""',
        "\u0000",
        "\u202e",
        "\r",
        "\n",
        ",",
        "\ud83c\udf31",
      ),
      fc.string({ maxLength: 12 }),
      fc.integer({ min: 1, max: 3_000 }).map((n) => "a".repeat(n)),
    );
    const line = fc.array(cell, { minLength: 0, maxLength: 6 }).map((cells) => cells.join(","));
    const file = fc
      .tuple(
        fc.array(names, { minLength: 0, maxLength: 6 }),
        fc.array(line, { maxLength: 6 }),
        fc.constantFrom("\n", "\r\n", "\r"),
        fc.boolean(),
      )
      .map(([header, rows, eol, bom]) => `${bom ? "\ufeff" : ""}${[header.join(","), ...rows].join(eol)}`);
    const failures: string[] = [];
    await fc.assert(
      fc.asyncProperty(file, async (body) => {
        const res = await send(body, "text/csv");
        const text = await res.text();
        const where = `${res.status} ${JSON.stringify(body).slice(0, 120)} -> ${text.slice(0, 200)}`;
        if (res.status >= 500) failures.push(where);
        else if (res.status === 400) {
          const { error } = JSON.parse(text) as ErrorBody;
          const field = error.details?.field;
          if (!field || !error.message.startsWith(`${field}: `)) failures.push(`unnamed: ${where}`);
        } else if (res.status !== 200) failures.push(where);
      }),
      { seed: 20261208, numRuns: 150 },
    );
    for (const f of failures) console.log(`import fuzz FAILED ${f}`);
    expect(failures).toEqual([]);
  });
});
