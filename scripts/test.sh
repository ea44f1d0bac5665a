#!/usr/bin/env bash
# Runs every test: Biome (lint + format check), type check, unit, integration (real restic, PostgreSQL,
# MariaDB, SQLite, S3/SFTP/REST servers on loopback), the database tests on PGlite and on PostgreSQL, and
# Playwright end-to-end in Debian's Chromium. Installs what it needs first. Every stage runs even if an
# earlier one failed; it ends with the total ("N passed, N failed") and the suite's duration, and the exit
# code is non-zero if anything failed.
set -uo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh --test || exit 1

started=$(date +%s)
mkdir -p artifacts
rm -f artifacts/vitest.json artifacts/playwright.json
status=0

echo "== lint and format (Biome)"
npx biome ci . || status=1

echo "== type check"
npx tsc --noEmit || status=1

echo "== unit, integration and database tests (vitest)"
npx vitest run --reporter=default --reporter=json --outputFile.json=artifacts/vitest.json || status=1

echo "== end-to-end (Playwright, Chromium)"
PLAYWRIGHT_JSON_OUTPUT_NAME=artifacts/playwright.json npx playwright test --reporter=list,json || status=1

node scripts/test-summary.mjs artifacts/vitest.json artifacts/playwright.json || status=1
[ $status -eq 0 ] || echo "tests: a stage failed (see above)"
elapsed=$(( $(date +%s) - started ))
echo "suite duration: $((elapsed / 60)) min $((elapsed % 60)) s"
exit $status
