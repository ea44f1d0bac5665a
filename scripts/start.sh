#!/usr/bin/env bash
# Starts the Lifeboat panel on the embedded defaults (PGlite and a local destination under ./data),
# installing what it needs first. Prints the URL and how to sign in.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh

export LIFEBOAT_DATA_DIR="${LIFEBOAT_DATA_DIR:-./data}"
export HOST="${HOST:-127.0.0.1}" PORT="${PORT:-3000}"
if [ ! -f .next/BUILD_ID ] || [ -n "$(find app components lib -newer .next/BUILD_ID -type f -print -quit 2>/dev/null)" ]; then
  echo "Building the panel…"
  npx next build >/tmp/lifeboat-build.log 2>&1 || { tail -40 /tmp/lifeboat-build.log; exit 1; }
fi
echo
echo "Lifeboat is starting on http://${HOST}:${PORT}"
if [ -n "${LIFEBOAT_ADMIN_EMAIL:-}" ]; then
  echo "Sign in as ${LIFEBOAT_ADMIN_EMAIL} with LIFEBOAT_ADMIN_PASSWORD."
else
  echo "On first start, open the URL to create the admin account (one-time setup page)."
fi
echo
exec npx next start --hostname "$HOST" --port "$PORT"
