// The README's "How it works" table names every folder of workers/ (and the top-level pieces), so
// a new folder cannot land without saying where it sits.
import { describe, expect, it } from "vitest";
import readme from "../../README.md?raw";

const modules = import.meta.glob("../../workers/**/*.ts");

describe("README: How it works", () => {
  it("names every folder under workers/", () => {
    const table = readme.slice(
      readme.indexOf("## How it works"),
      readme.indexOf("\n## ", readme.indexOf("## How it works") + 5),
    );
    const folders = new Set(
      Object.keys(modules)
        .map((p) => p.replace("../../", "").split("/"))
        .filter((parts) => parts.length > 2)
        .map((parts) => `${parts[0]}/${parts[1]}/`),
    );
    expect(folders.size).toBeGreaterThan(20);
    const missing = [...folders].filter((f) => !table.includes(`\`${f}`));
    expect(missing, "add these folders to the README's How it works table").toEqual([]);
  });
});
