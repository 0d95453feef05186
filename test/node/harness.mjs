// A tiny TAP-like runner for the Node-side tests against a real `wrangler dev`: one line per
// check ("ok - …" / "not ok - …" with the error), a summary, a hard overall deadline, and the
// Worker (its own process group) always stopped.
import { startWorker } from "../browser/worker.mjs";

export function createRun({ name, root, deadlineMs }) {
  let passed = 0;
  let failed = 0;
  let worker;
  let finishing = false;
  const started = Date.now();

  async function finish(code) {
    if (finishing) return;
    finishing = true;
    await worker?.stop().catch(() => undefined);
    console.log(`${name}: ${passed} passed, ${failed} failed (${((Date.now() - started) / 1000).toFixed(1)} s)`);
    process.exit(code ?? (failed === 0 ? 0 : 1));
  }
  process.on("exit", () => worker?.stopNow());
  for (const sig of ["SIGINT", "SIGTERM"]) process.on(sig, () => (failed++, void finish(1)));
  setTimeout(() => {
    console.log(`not ok - ${name} finished within ${deadlineMs / 1000} s`);
    failed++;
    void finish(1);
  }, deadlineMs).unref();

  return {
    async start() {
      worker = await startWorker({ root, timeoutMs: 90_000, fakeThreads: true });
      return worker;
    },
    async check(title, fn) {
      const t0 = Date.now();
      try {
        await fn();
        passed++;
        // Quiet on success unless asked: one summary line is enough for a green run.
        if (process.env.VERBOSE) console.log(`ok - ${title} (${((Date.now() - t0) / 1000).toFixed(1)} s)`);
      } catch (e) {
        failed++;
        console.log(
          `not ok - ${title}\n  ${String(e?.stack ?? e)
            .split("\n")
            .slice(0, 12)
            .join("\n  ")}`,
        );
      }
    },
    finish,
    fail(title, e) {
      failed++;
      console.log(
        `not ok - ${title}\n  ${String(e?.stack ?? e)
          .split("\n")
          .join("\n  ")}`,
      );
      if (worker) console.log(`  --- wrangler dev output ---\n  ${worker.log().slice(-2000).split("\n").join("\n  ")}`);
    },
  };
}
