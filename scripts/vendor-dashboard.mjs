// Copies the browser libraries from node_modules into dashboard/vendor/ (gitignored), where the
// Worker serves them as static assets: uPlot for the dashboard's charts, Swagger UI for /docs.
// No bundler and no CDN. Runs as `postinstall`, so every `npm install`/`npm ci` refreshes it;
// by hand: npm run vendor:dashboard
import { copyFileSync, mkdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
/** @type {[string, string][]} */
const files = [
  ["uplot/dist/uPlot.iife.min.js", "uPlot.iife.min.js"],
  ["uplot/dist/uPlot.min.css", "uPlot.min.css"],
  ["uplot/LICENSE", "uPlot.LICENSE"],
  ["swagger-ui-dist/swagger-ui-bundle.js", "swagger-ui/swagger-ui-bundle.js"],
  ["swagger-ui-dist/swagger-ui.css", "swagger-ui/swagger-ui.css"],
  ["swagger-ui-dist/LICENSE", "swagger-ui/LICENSE"],
  ["swagger-ui-dist/favicon-32x32.png", "swagger-ui/favicon-32x32.png"],
];
for (const [from, to] of files) {
  const dest = join(root, "dashboard", "vendor", to);
  mkdirSync(dirname(dest), { recursive: true });
  copyFileSync(join(root, "node_modules", from), dest);
}
if (!process.env.npm_lifecycle_event?.includes("install"))
  console.log(`copied ${files.length} files into dashboard/vendor/`);
