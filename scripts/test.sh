#!/usr/bin/env bash
# Runs every test: type check, unit, integration (real restic, PostgreSQL, MariaDB, SQLite, S3/SFTP/REST
# servers on loopback), the database tests on PGlite and on PostgreSQL, and Playwright end-to-end in
# Debian's Chromium. Installs what it needs first. Every stage runs even if an earlier one failed; the
# last line is the total ("N passed, N failed") and the exit code is non-zero if anything failed.
set -uo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh --test || exit 1

mkdir -p artifacts
rm -f artifacts/vitest.json artifacts/playwright.json
status=0

echo "== type check"
npx tsc --noEmit || status=1

echo "== unit, integration and database tests (vitest)"
npx vitest run --reporter=default --reporter=json --outputFile.json=artifacts/vitest.json || status=1

echo "== end-to-end (Playwright, Chromium)"
PLAYWRIGHT_JSON_OUTPUT_NAME=artifacts/playwright.json npx playwright test --reporter=list,json || status=1

node scripts/test-summary.mjs artifacts/vitest.json artifacts/playwright.json || status=1
exit $status
