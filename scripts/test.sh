#!/usr/bin/env bash
# Runs every test: Biome (lint + format check), type check, unit, integration (real restic, PostgreSQL,
# MariaDB, SQLite, S3/SFTP/REST servers on loopback), the database tests on PGlite and on PostgreSQL, the
# REST fuzz suite, the two-host test (network namespaces; needs root and iproute2), the fault suite (kill -9
# of workers mid-job, S3 outage, full disk, source down), and Playwright end-to-end in Debian's Chromium.
# Installs what it needs first. Six stages that share no server, in four streams at the same time (see
# below) — each with its own databases, ports and temp dirs; each one's output and duration is printed at
# the end. Every stage runs even if another failed; the run ends with the total ("N passed, N failed") and
# the suite's duration, and the exit code is non-zero if anything failed.
set -uo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh --test || exit 1

started=$(date +%s)
mkdir -p artifacts/logs
rm -f artifacts/vitest-*.json artifacts/playwright.json artifacts/logs/*
status=0

echo "== lint and format (Biome)"
npx biome ci . || status=1

echo "== type check"
npx tsc --noEmit || status=1

run_stage() { # name, command…: output to artifacts/logs/<name>.log, exit code to <name>.rc, seconds to <name>.s
  local name=$1 t0
  shift
  t0=$(date +%s)
  "$@" >"artifacts/logs/$name.log" 2>&1
  echo $? >"artifacts/logs/$name.rc"
  echo $(($(date +%s) - t0)) >"artifacts/logs/$name.s"
}
stage() { # the same in the background
  (run_stage "$@") &
}
# Four streams on two cores (most tests wait on restic, pg_dump or a browser rather than burn CPU):
# (1) unit + integration, then the fault suite — one after the other, so the bounded suite gets the time its
# bound assumes; (2) the database tests on PostgreSQL, then the fuzz suite; (3) the same database tests on
# PGlite (each file has its own app database either way: nothing is shared between 2 and 3); (4) Playwright,
# then the two-host test (network namespaces and a PostgreSQL cluster of its own).
(
  run_stage vitest-engine npx vitest run --project unit --project integration \
    --reporter=default --reporter=json --outputFile.json=artifacts/vitest-engine.json
  # The fault suite: its own databases (lbt_faults_*), s3rver/PostgreSQL cluster on ports it picks, its own
  # temp dirs; two files side by side; it ends with "repositories corrupt N, jobs stuck N, false green N".
  # Bounded: killed after 10 minutes (its report is then missing, which the summary counts as a failure).
  run_stage vitest-faults timeout -k 30 600 npx vitest run --project faults --maxWorkers=2 \
    --reporter=default --reporter=json --outputFile.json=artifacts/vitest-faults.json
) &
stage vitest-db-postgres npx vitest run --project db-postgres --project fuzz \
  --reporter=default --reporter=json --outputFile.json=artifacts/vitest-db-postgres.json
stage vitest-db-pglite npx vitest run --project db-pglite \
  --reporter=default --reporter=json --outputFile.json=artifacts/vitest-db-pglite.json
(
  run_stage e2e env PLAYWRIGHT_JSON_OUTPUT_NAME=artifacts/playwright.json npx playwright test --reporter=list,json
  # Bounded to 6 minutes (it takes about 3): a hung namespace test must not hold the whole suite.
  run_stage vitest-hosts timeout --kill-after=20 360 npx vitest run --project hosts \
    --reporter=default --reporter=json --outputFile.json=artifacts/vitest-hosts.json
) &
wait

for name in vitest-engine vitest-faults vitest-db-postgres vitest-db-pglite e2e vitest-hosts; do
  echo "== $name ($(cat "artifacts/logs/$name.s" 2>/dev/null || echo "?") s)"
  cat "artifacts/logs/$name.log"
  [ "$(cat "artifacts/logs/$name.rc" 2>/dev/null)" = 0 ] || status=1
done

node scripts/test-summary.mjs artifacts/vitest-engine.json artifacts/vitest-faults.json \
  artifacts/vitest-db-postgres.json artifacts/vitest-db-pglite.json artifacts/playwright.json artifacts/vitest-hosts.json ||
  status=1
elapsed=$(($(date +%s) - started))
echo "suite duration: $((elapsed / 60)) min $((elapsed % 60)) s"
exit $status
