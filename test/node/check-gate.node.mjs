// The gate itself: `npm run check` must FAIL on an import cycle, a layer breach, an unformatted file
// and a type error in bench/, cli/ and scripts/. Each case adds one file to a temporary copy of the
// tree (the repository is never touched), runs the step of scripts/check.mjs that should catch it,
// and expects a failure that names the added file, so the failure is that file's and no other's.
// `node --test test/node/check-gate.node.mjs`, part of `npm run test:operator`.
import assert from "node:assert/strict";
import { execFileSync, spawnSync } from "node:child_process";
import { cpSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { after, before, test } from "node:test";
import { fileURLToPath } from "node:url";

const repo = resolve(dirname(fileURLToPath(import.meta.url)), "..", "..");
let copy = "";

before(() => {
  copy = mkdtempSync(join(tmpdir(), "check-gate-"));
  // Tracked and untracked-but-not-ignored files: what the gate sees in this working tree.
  const files = execFileSync("git", ["ls-files", "-co", "--exclude-standard", "-z"], { cwd: repo, encoding: "utf8" })
    .split("\0")
    .filter(Boolean);
  for (const f of files) {
    mkdirSync(dirname(join(copy, f)), { recursive: true });
    try {
      cpSync(join(repo, f), join(copy, f));
    } catch (e) {
      if (/** @type {NodeJS.ErrnoException} */ (e).code !== "ENOENT") throw e; // deleted, not yet committed
    }
  }
  symlinkSync(join(repo, "node_modules"), join(copy, "node_modules"));
  // Biome reads .gitignore through git (biome.jsonc: vcs).
  execFileSync("git", ["init", "-q"], { cwd: copy });
});

after(() => {
  if (copy) rmSync(copy, { recursive: true, force: true });
});

/** Adds `files` to the copy, runs the check's `steps`, removes the files again; the run's exit code and output. */
function checkWith(files, steps) {
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(copy, path)), { recursive: true });
    writeFileSync(join(copy, path), text);
  }
  try {
    const r = spawnSync(process.execPath, [join(repo, "scripts", "check.mjs"), "--root", copy, "--only", steps], {
      encoding: "utf8",
    });
    return { code: r.status, output: `${r.stdout}${r.stderr}` };
  } finally {
    for (const path of Object.keys(files)) rmSync(join(copy, path), { force: true });
  }
}

function assertFails({ code, output }, ...mentions) {
  assert.equal(code, 1, `expected the check to fail:\n${output}`);
  for (const m of mentions) assert.ok(output.includes(m), `expected '${m}' in:\n${output}`);
}

test("an import cycle fails, type-only imports included", () => {
  const r = checkWith(
    {
      "workers/zz-cycle-a.ts": 'import type { B } from "./zz-cycle-b.ts";\nexport interface A {\n  b?: B;\n}\n',
      "workers/zz-cycle-b.ts": 'import type { A } from "./zz-cycle-a.ts";\nexport interface B {\n  a?: A;\n}\n',
    },
    "dependencies",
  );
  assertFails(r, "no-cycle", "workers/zz-cycle-a.ts");
});

test("a lower layer importing a higher one fails (storage importing HTTP)", () => {
  const r = checkWith(
    { "workers/db/zz-layer-breach.ts": 'export { newRouter } from "../api/router.ts";\n' },
    "dependencies",
  );
  assertFails(r, "layer-storage-imports-higher", "workers/db/zz-layer-breach.ts");
});

test("an unformatted file fails", () => {
  const r = checkWith({ "workers/zz-unformatted.ts": "export const  x = {a:1,\n b:2}\n" }, "format");
  assertFails(r, "workers/zz-unformatted.ts");
});

test("a type error in bench/ fails", () => {
  const r = checkWith({ "bench/zz-type-error.ts": 'export const n: number = "not a number";\n' }, "types-bench");
  assertFails(r, "bench/zz-type-error.ts", "TS2322");
});

test("a type error in cli/ fails (checked JavaScript)", () => {
  const r = checkWith(
    { "cli/zz-type-error.mjs": '/** @type {number} */\nexport const n = "not a number";\n' },
    "types-node",
  );
  assertFails(r, "cli/zz-type-error.mjs", "TS2322");
});

test("a type error in scripts/ fails (checked JavaScript)", () => {
  const r = checkWith(
    { "scripts/zz-type-error.mjs": 'import { join } from "node:path";\nexport const p = join(42);\n' },
    "types-node",
  );
  assertFails(r, "scripts/zz-type-error.mjs", "TS2345");
});
