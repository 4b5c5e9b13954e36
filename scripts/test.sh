#!/usr/bin/env bash
# Runs every test of suivi, on SQLite and on a real PostgreSQL.
#
# Installs what the tests need with apt when it is missing (the PostgreSQL
# server, Chromium for the browser tests), starts a throwaway PostgreSQL
# cluster on a random loopback port, runs `cargo test` against it, and stops
# it. Extra arguments go to `cargo test`.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/pg.sh
if ! command -v chromium >/dev/null 2>&1; then
  echo "Chromium not found: installing Debian's chromium package…" >&2
  if [ "$(id -u)" -ne 0 ]; then
    echo "Installing Chromium needs root: run 'sudo apt-get install -y chromium' first." >&2
    exit 1
  fi
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq chromium >/dev/null
fi
start_pg
SUIVI_TEST_POSTGRES_URL="$PG_URL" cargo test "$@"
