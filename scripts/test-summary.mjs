// Adds up the vitest and Playwright JSON reports given as arguments into one closing line:
// "tests: N passed, N failed, N skipped". A missing report counts as a failure (that stage crashed
// before reporting). A report is Playwright's when it has `stats`, vitest's otherwise.
import fs from "node:fs";

let passed = 0;
let failed = 0;
let skipped = 0;

function read(file) {
  try {
    return JSON.parse(fs.readFileSync(file, "utf8"));
  } catch {
    console.log(`(no report at ${file}: that stage did not finish)`);
    failed += 1;
    return null;
  }
}

for (const file of process.argv.slice(2)) {
  const r = read(file);
  if (!r) continue;
  if (r.stats) {
    passed += (r.stats.expected ?? 0) + (r.stats.flaky ?? 0);
    failed += r.stats.unexpected ?? 0;
    skipped += r.stats.skipped ?? 0;
    if ((r.errors ?? []).length > 0) failed += r.errors.length;
  } else {
    passed += r.numPassedTests ?? 0;
    failed += (r.numFailedTests ?? 0) + (r.numRuntimeErrorTestSuites ?? 0);
    skipped += (r.numPendingTests ?? 0) + (r.numTodoTests ?? 0);
    if (!r.success && !r.numFailedTests && !r.numRuntimeErrorTestSuites) failed += 1;
  }
}
console.log(`tests: ${passed} passed, ${failed} failed, ${skipped} skipped`);
process.exit(failed > 0 ? 1 : 0);
