// Splits a real-posts fixture (test/fixtures/real-posts/, SOURCE.md there) by time into the two
// committed files every consumer reads, once, before anything is fitted or tuned:
//   node bench/score/split-fixture.ts <fixture.json>   → <name>.train.json, <name>.test.json
// The earliest 80% are the train split, the latest 20% the test split (engagement drifts, so a
// random split would let the model see the test period).
import { readFileSync, writeFileSync } from "node:fs";
import type { FixturePost } from "./fixture-posts.ts";
import { TEST_SHARE } from "./fixture-posts.ts";

const file = process.argv[2];
if (!file?.endsWith(".json")) throw new Error("usage: node bench/score/split-fixture.ts <fixture.json>");
const { source, posts } = JSON.parse(readFileSync(file, "utf8")) as { source: string; posts: FixturePost[] };
const sorted = [...posts].sort((a, b) => a.published_at.localeCompare(b.published_at));
const nTest = Math.floor(sorted.length * TEST_SHARE);
const parts = { train: sorted.slice(0, sorted.length - nTest), test: sorted.slice(sorted.length - nTest) };
for (const [split, rows] of Object.entries(parts)) {
  const out = file.replace(/\.json$/, `.${split}.json`);
  writeFileSync(out, `${JSON.stringify({ source, split, posts: rows }, null, 0).replace(/\},\{/g, "},\n{")}\n`);
  console.log(`${out}: ${rows.length} posts, ${rows[0]?.published_at} … ${rows.at(-1)?.published_at}`);
}
