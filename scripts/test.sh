#!/usr/bin/env bash
# Runs every test: Biome (lint + format check), type check, unit, integration (real restic, PostgreSQL,
# MariaDB, SQLite, S3/SFTP/REST servers on loopback), the database tests on PGlite and on PostgreSQL, the
# REST fuzz suite, the two-host test (network namespaces; needs root and iproute2), the fault suite (kill -9
# of workers mid-job, S3 outage, full disk, source down), and Playwright end-to-end in Debian's Chromium.
# Installs what it needs first. Five stages that share no server, in three streams at the same time:
# vitest unit+integration then vitest faults then vitest hosts (its own PostgreSQL cluster inside its own
# network namespaces); vitest db; Playwright — each with its own databases, ports and temp dirs; each
# one's output is printed at the end. Every stage runs even if another
# failed; the run ends with the total ("N passed, N failed") and the suite's duration, and the exit code
# is non-zero if anything failed.
set -uo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh --test || exit 1

started=$(date +%s)
mkdir -p artifacts/logs
rm -f artifacts/vitest-*.json artifacts/playwright.json artifacts/logs/*.log
status=0

echo "== lint and format (Biome)"
npx biome ci . || status=1

echo "== type check"
npx tsc --noEmit || status=1

run_stage() { # name, command…: output to artifacts/logs/<name>.log, exit code to <name>.rc
  local name=$1
  shift
  "$@" >"artifacts/logs/$name.log" 2>&1
  echo $? >"artifacts/logs/$name.rc"
}
stage() { # the same in the background
  (run_stage "$@") &
}
# Three streams on two cores: (1) unit + integration, then the fault suite, then the two-host test — one
# after another, so the bounded suites get the time their bounds assume; (2) the database tests; (3)
# Playwright.
(
  run_stage vitest-engine npx vitest run --project unit --project integration \
    --reporter=default --reporter=json --outputFile.json=artifacts/vitest-engine.json
  # The fault suite: its own databases (lbt_faults_*), s3rver/PostgreSQL cluster on ports it picks, its own
  # temp dirs; two files side by side; it ends with "repositories corrupt N, jobs stuck N, false green N".
  # Bounded: killed after 10 minutes (its report is then missing, which the summary counts as a failure).
  run_stage vitest-faults timeout -k 30 600 npx vitest run --project faults --maxWorkers=2 \
    --reporter=default --reporter=json --outputFile.json=artifacts/vitest-faults.json
  # Bounded to 6 minutes (it takes about 3): a hung namespace test must not hold the whole suite.
  run_stage vitest-hosts timeout --kill-after=20 360 npx vitest run --project hosts \
    --reporter=default --reporter=json --outputFile.json=artifacts/vitest-hosts.json
) &
stage vitest-db npx vitest run --project db-pglite --project db-postgres --project fuzz \
  --reporter=default --reporter=json --outputFile.json=artifacts/vitest-db.json
stage e2e env PLAYWRIGHT_JSON_OUTPUT_NAME=artifacts/playwright.json npx playwright test --reporter=list,json
wait

for name in vitest-engine vitest-db vitest-hosts vitest-faults e2e; do
  echo "== $name"
  cat "artifacts/logs/$name.log"
  [ "$(cat "artifacts/logs/$name.rc" 2>/dev/null)" = 0 ] || status=1
done

node scripts/test-summary.mjs artifacts/vitest-engine.json artifacts/vitest-db.json artifacts/vitest-hosts.json \
  artifacts/vitest-faults.json artifacts/playwright.json ||
  status=1
elapsed=$(($(date +%s) - started))
echo "suite duration: $((elapsed / 60)) min $((elapsed % 60)) s"
exit $status
