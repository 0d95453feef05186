// npm run docs:settings: writes the settings tables of README.md and docs/*.md from the registry
// (workers/settings/registry.ts): the README's full table and each `<!-- settings: … -->` block;
// `--check` only reports which committed table is not current.
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { withGeneratedTables } from "../workers/settings/docs.ts";

const root = new URL("../", import.meta.url);
const files = [
  "README.md",
  ...readdirSync(new URL("docs/", root))
    .filter((f) => f.endsWith(".md"))
    .map((f) => `docs/${f}`),
];
const check = process.argv.includes("--check");
let stale = 0;
for (const file of files) {
  const path = new URL(file, root);
  const current = readFileSync(path, "utf8");
  const next = withGeneratedTables(current);
  if (next === current) continue;
  stale++;
  if (check) console.error(`${file}: a settings table differs from the registry; run npm run docs:settings`);
  else {
    writeFileSync(path, next);
    console.log(`${file}: settings table updated`);
  }
}
if (check && stale) process.exit(1);
if (!stale) console.log("settings tables already current");
