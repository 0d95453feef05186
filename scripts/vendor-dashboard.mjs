// Copies the dashboard's third-party files from node_modules into dashboard/vendor/, where
// the Worker serves them as static assets (no bundler, no CDN). Run after bumping uplot:
//   npm run vendor:dashboard   (or: node scripts/vendor-dashboard.mjs)
import { copyFileSync, mkdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const out = join(root, "dashboard", "vendor");
mkdirSync(out, { recursive: true });
const files = [
  ["node_modules/uplot/dist/uPlot.iife.min.js", "uPlot.iife.min.js"],
  ["node_modules/uplot/dist/uPlot.min.css", "uPlot.min.css"],
  ["node_modules/uplot/LICENSE", "uPlot.LICENSE"],
];
for (const [from, to] of files) {
  copyFileSync(join(root, from), join(out, to));
  console.log(`dashboard/vendor/${to}`);
}
