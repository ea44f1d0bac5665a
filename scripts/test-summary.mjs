// Adds up the vitest and Playwright JSON reports given as arguments into one closing line:
// "tests: N passed, N failed, N skipped". A missing report counts as a failure (that stage crashed
// before reporting). A report is Playwright's when it has `stats`, vitest's otherwise. Each failed test is
// listed under the line with its file, name and the first line of its error, so the end of the output
// (which is all a CI log's tail shows) names what failed.
import fs from "node:fs";
import path from "node:path";
import { stripVTControlCharacters } from "node:util";

let passed = 0;
let failed = 0;
let skipped = 0;
const failures = [];

function firstLine(text) {
  return stripVTControlCharacters(String(text ?? ""))
    .split("\n")
    .find((line) => line.trim() !== "")
    ?.trim()
    .slice(0, 200);
}

function vitestFailures(report) {
  for (const file of report.testResults ?? []) {
    const where = path.relative(process.cwd(), file.name ?? "?");
    const failedTests = (file.assertionResults ?? []).filter((t) => t.status === "failed");
    for (const t of failedTests) {
      failures.push(`${where} › ${t.fullName ?? t.title}: ${firstLine(t.failureMessages?.[0]) ?? ""}`);
    }
    if (failedTests.length === 0 && file.status === "failed") {
      failures.push(`${where}: ${firstLine(file.message) ?? "the file failed to run"}`);
    }
  }
}

function playwrightFailures(suites, titles = []) {
  for (const suite of suites ?? []) {
    const inner = suite.title && !suite.title.endsWith(".ts") ? [...titles, suite.title] : titles;
    for (const spec of suite.specs ?? []) {
      if (spec.ok) continue;
      const error = spec.tests?.flatMap((t) => t.results ?? []).find((r) => r.error)?.error;
      failures.push(
        `${spec.file}:${spec.line} › ${[...inner, spec.title].join(" › ")}: ${firstLine(error?.message) ?? ""}`,
      );
    }
    playwrightFailures(suite.suites, inner);
  }
}

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
    for (const e of r.errors ?? []) failures.push(`playwright: ${firstLine(e.message) ?? "error"}`);
    playwrightFailures(r.suites);
  } else {
    passed += r.numPassedTests ?? 0;
    failed += (r.numFailedTests ?? 0) + (r.numRuntimeErrorTestSuites ?? 0);
    skipped += (r.numPendingTests ?? 0) + (r.numTodoTests ?? 0);
    if (!r.success && !r.numFailedTests && !r.numRuntimeErrorTestSuites) failed += 1;
    vitestFailures(r);
  }
}
console.log(`tests: ${passed} passed, ${failed} failed, ${skipped} skipped`);
for (const line of failures) console.log(`  failed: ${line}`);
process.exit(failed > 0 ? 1 : 0);
