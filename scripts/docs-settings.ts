// npm run docs:settings: writes the README's settings table from the registry
// (workers/settings/registry.ts); `--check` only reports whether the committed table is current.
import { readFileSync, writeFileSync } from "node:fs";
import { withSettingsTable } from "../workers/settings/docs.ts";

const path = new URL("../README.md", import.meta.url);
const current = readFileSync(path, "utf8");
const next = withSettingsTable(current);
if (process.argv.includes("--check")) {
  if (next !== current) {
    console.error("README.md: the settings table differs from the registry; run npm run docs:settings");
    process.exit(1);
  }
} else if (next !== current) {
  writeFileSync(path, next);
  console.log("README.md: settings table updated");
} else console.log("README.md: settings table already current");
