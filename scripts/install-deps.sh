#!/usr/bin/env bash
# Installs what Lifeboat needs on a Debian machine: the apt packages (when running as root; otherwise it
# says what to install) and the npm packages. `--test` adds what the test suite needs (Chromium,
# rclone, sshd, database servers). Idempotent and quiet when everything is already there.
set -euo pipefail
cd "$(dirname "$0")/.."

want=(restic postgresql-client mariadb-client sqlite3 openssl ca-certificates)
if [ "${1:-}" = "--test" ]; then
  want+=(chromium rclone openssh-server openssh-client postgresql mariadb-server prometheus poppler-utils iproute2)
fi
missing=()
for p in "${want[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    echo "Installing apt packages: ${missing[*]}"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  else
    echo "Lifeboat needs these Debian packages: ${missing[*]}" >&2
    echo "Install them with: sudo apt-get install ${missing[*]}" >&2
    exit 1
  fi
fi

if ! command -v node >/dev/null || [ "$(node -p 'process.versions.node.split(".")[0]')" -lt 20 ]; then
  echo "Lifeboat needs Node.js 20 or newer (apt-get install nodejs npm, or nodesource)." >&2
  exit 1
fi

# npm ci fails on lockfiles made here (no non-Linux optional binaries), so install with npm install.
stamp=node_modules/.lifeboat-install-stamp
if [ ! -f "$stamp" ] || [ package.json -nt "$stamp" ] || [ package-lock.json -nt "$stamp" ]; then
  echo "Installing npm packages…"
  npm install --no-audit --no-fund --loglevel=error
  touch "$stamp"
fi
