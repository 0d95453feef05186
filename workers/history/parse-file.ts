// POST /v1/personas/:id/history: a file of past posts (JSON or CSV) → rows, or every bad row
// named by its row number and field. All or nothing: one bad row rejects the request.
import { parse } from "csv-parse/sync";
import { AppError } from "../errors.ts";
import { unsafeTextProblem } from "../text/unsafe-chars.ts";
import { COUNT_FIELDS, FILE_FIELDS, type ImportRow, parseCount, parsePublishedAt, textProblem } from "./rows.ts";

export const MAX_IMPORT_POSTS = 5_000;
/** Problems listed in a 400 (the count of rejected rows is always complete). */
const MAX_LISTED = 50;
/** A CSV header's columns: the file has 8 names; more than this is not a posts export. */
export const MAX_CSV_COLUMNS = 100;
/** Characters in a column name, as for a JSON field name (JSON_LIMITS.keyLength). */
const MAX_COLUMN_NAME = 200;

export interface RowProblem {
  /** 0-based index into posts[] (JSON) or the data rows after the header (CSV). */
  row: number;
  field: string;
  message: string;
}

/** One row of raw values → an ImportRow, or its problems. */
function readRow(raw: Record<string, unknown>, row: number, now: number): ImportRow | RowProblem[] {
  const problems: RowProblem[] = [];
  const bad = (field: string, message: string) => problems.push({ row, field, message });
  for (const key of Object.keys(raw)) if (!(FILE_FIELDS as readonly string[]).includes(key)) bad(key, "unknown field");
  const text = raw.text;
  const textIssue = text === undefined || text === "" ? "is required" : textProblem(text);
  if (textIssue) bad("text", textIssue);
  const at =
    raw.published_at === undefined || raw.published_at === "" ? "is required" : parsePublishedAt(raw.published_at, now);
  if (typeof at === "string") bad("published_at", at);
  const counts: Partial<Record<(typeof COUNT_FIELDS)[number], number>> = {};
  for (const f of COUNT_FIELDS) {
    const v = raw[f];
    if (v === undefined || v === "" || v === null) {
      if (f === "views") bad(f, "is required");
      else counts[f] = 0;
      continue;
    }
    const n = parseCount(v);
    if (typeof n === "string") bad(f, n);
    else counts[f] = n;
  }
  if (problems.length) return problems;
  return {
    text: (text as string).trim(),
    publishedAt: at as number,
    views: counts.views ?? 0,
    likes: counts.likes ?? 0,
    replies: counts.replies ?? 0,
    reposts: counts.reposts ?? 0,
    quotes: counts.quotes ?? 0,
    shares: counts.shares ?? 0,
  };
}

function readRows(
  raws: Record<string, unknown>[],
  label: (row: number, field: string) => string,
  now: number,
): ImportRow[] {
  if (raws.length === 0) throw new AppError("bad_request", "posts: the file holds no posts", { field: "posts" });
  if (raws.length > MAX_IMPORT_POSTS)
    throw new AppError("bad_request", `posts: ${raws.length} posts, over the ${MAX_IMPORT_POSTS} a request may carry`, {
      field: "posts",
      max: MAX_IMPORT_POSTS,
    });
  const rows: ImportRow[] = [];
  const problems: RowProblem[] = [];
  let rejected = 0;
  raws.forEach((raw, i) => {
    const r = readRow(raw, i, now);
    if (Array.isArray(r)) {
      rejected++;
      // One at a time: a spread of a row's problems (one per unknown field) can pass the
      // argument limit and overflow the stack.
      for (const p of r) if (problems.length < MAX_LISTED) problems.push(p);
    } else rows.push(r);
  });
  const first = problems[0];
  if (first) {
    throw new AppError("bad_request", `${label(first.row, first.field)}: ${first.message}`, {
      field: label(first.row, first.field),
      row: first.row,
      rejected,
      imported: 0,
      problems: problems.map((p) => ({ ...p, field: label(p.row, p.field) })),
    });
  }
  return rows;
}

/** A JSON body `{"posts":[…]}`: problems are named `posts.<i>.<field>`, like every other 400. */
export function rowsFromJson(body: unknown, now: number): ImportRow[] {
  if (typeof body !== "object" || body === null || Array.isArray(body))
    throw new AppError("bad_request", 'body: must be an object {"posts":[…]}', { field: "body" });
  const extra = Object.keys(body).find((k) => k !== "posts");
  if (extra) throw new AppError("bad_request", `${extra}: unknown field`, { field: extra });
  const posts = (body as { posts?: unknown }).posts;
  if (!Array.isArray(posts)) throw new AppError("bad_request", "posts: must be an array of posts", { field: "posts" });
  const raws = posts.map((p, i) => {
    if (typeof p !== "object" || p === null || Array.isArray(p))
      throw new AppError("bad_request", `posts.${i}: must be an object`, { field: `posts.${i}`, row: i });
    return p as Record<string, unknown>;
  });
  return readRows(raws, (row, field) => `posts.${row}.${field}`, now);
}

/**
 * A CSV file with a header of the field names (any order; counts other than views may be left
 * out). Problems are named `row <n>.<field>`, n counting data rows from 1 (the header is line 1);
 * a header that cannot be one (over MAX_CSV_COLUMNS columns, a name too long, unsafe or repeated)
 * is named `header`.
 */
/** The header's column names, or a 400 naming `header` (too many, too long, unsafe, repeated). */
function checkHeader(names: unknown[]): string[] {
  const bad = (message: string, details: Record<string, unknown> = {}) =>
    new AppError("bad_request", `header: ${message}`, { field: "header", ...details });
  if (names.length > MAX_CSV_COLUMNS)
    throw bad(`${names.length} columns, over the limit of ${MAX_CSV_COLUMNS}`, { max_columns: MAX_CSV_COLUMNS });
  const seen = new Set<string>();
  return names.map((raw, i) => {
    const name = String(raw);
    if (name.length > MAX_COLUMN_NAME)
      throw bad(`column ${i + 1}'s name is ${name.length} characters, over the limit of ${MAX_COLUMN_NAME}`, {
        column: i + 1,
      });
    if (name.trim() === "") throw bad(`column ${i + 1} has no name`, { column: i + 1 });
    const unsafe = unsafeTextProblem(name);
    if (unsafe) throw bad(`column ${i + 1}'s name ${unsafe}`, { column: i + 1 });
    if (seen.has(name)) throw bad(`column '${name}' appears twice`, { column: i + 1 });
    seen.add(name);
    return name;
  });
}

export function rowsFromCsv(text: string, now: number): ImportRow[] {
  let records: Record<string, string>[];
  try {
    records = parse(text, {
      columns: checkHeader,
      skip_empty_lines: true,
      bom: true,
      trim: false,
      relax_column_count: false,
    });
  } catch (err) {
    if (err instanceof AppError) throw err;
    const line = (err as { lines?: number }).lines;
    throw new AppError(
      "bad_request",
      `body: not readable CSV${line ? ` at line ${line}` : ""}: ${(err as Error).message}`,
      {
        field: "body",
        line,
      },
    );
  }
  return readRows(records, (row, field) => `row ${row + 1}.${field}`, now);
}
