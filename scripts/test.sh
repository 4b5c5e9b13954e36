#!/usr/bin/env bash
# Runs every test of suivi, on SQLite and on a real PostgreSQL.
#
# Installs what the tests need when it is missing (the PostgreSQL server and
# Chromium for the browser tests with apt, Schemathesis with pip), starts a throwaway PostgreSQL
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
# Schemathesis, which checks the API against its OpenAPI document, in a
# virtual environment of its own (kept in target/ between runs).
ST_VENV=target/schemathesis
if [ ! -x "$ST_VENV/bin/st" ]; then
  echo "Installing Schemathesis with pip…" >&2
  python3 -m venv "$ST_VENV"
  "$ST_VENV/bin/pip" install -q "schemathesis==4.32.5"
fi
export SUIVI_SCHEMATHESIS="$PWD/$ST_VENV/bin/st"
start_pg
SUIVI_TEST_POSTGRES_URL="$PG_URL" cargo test "$@"
