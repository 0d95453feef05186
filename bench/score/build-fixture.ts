// Builds a fixture of test/fixtures/real-posts/ from Twitter analytics exports, one CSV per month
// (tweet_activity_metrics_*.csv; sources in test/fixtures/real-posts/SOURCE.md):
//   node bench/score/build-fixture.ts <dir with the CSVs> <out.json> <source url>
// Keeps top-level posts (not replies, which start with "@") with at least 100 impressions, one per
// tweet id, sorted by time; interactions are likes + retweets + replies (what Threads counts as
// likes, reposts and replies; quotes are not in the export).
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";

/** RFC 4180 rows: quoted fields may hold commas, newlines and doubled quotes. */
function csvRows(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = "";
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ",") {
      row.push(field);
      field = "";
    } else if (ch === "\n" || ch === "\r") {
      if (ch === "\r" && text[i + 1] === "\n") i++;
      row.push(field);
      rows.push(row);
      row = [];
      field = "";
    } else field += ch;
  }
  if (field || row.length) rows.push([...row, field]);
  return rows;
}

const [dir, out, source] = process.argv.slice(2);
if (!dir || !out || !source) throw new Error("usage: node bench/score/build-fixture.ts <dir> <out.json> <source url>");
const byId = new Map<
  string,
  { id: string; published_at: string; text: string; views: number; likes: number; reposts: number; replies: number }
>();
for (const file of readdirSync(dir)
  .filter((f) => f.startsWith("tweet_activity_metrics_") && f.endsWith(".csv"))
  .sort()) {
  const [header, ...rows] = csvRows(readFileSync(join(dir, file), "utf8"));
  const col = (name: string) => (header ?? []).indexOf(name);
  for (const r of rows) {
    const text = r[col("Tweet text")] ?? "";
    const views = Number(r[col("impressions")]);
    if (!text || text.startsWith("@") || !(views >= 100)) continue;
    const id = r[col("Tweet id")] ?? "";
    const time = (r[col("time")] ?? "").replace(" +0000", "Z").replace(" ", "T");
    byId.set(id, {
      id,
      published_at: new Date(time).toISOString(),
      text,
      views,
      likes: Number(r[col("likes")]) || 0,
      reposts: Number(r[col("retweets")]) || 0,
      replies: Number(r[col("replies")]) || 0,
    });
  }
}
const posts = [...byId.values()].sort((a, b) => a.published_at.localeCompare(b.published_at));
writeFileSync(out, `${JSON.stringify({ source, posts }, null, 0).replace(/\},\{/g, "},\n{")}\n`);
console.log(`${posts.length} posts, ${posts[0]?.published_at} … ${posts.at(-1)?.published_at}`);
