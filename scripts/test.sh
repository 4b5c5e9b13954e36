#!/usr/bin/env bash
# Runs every test of suivi, on SQLite and on a real PostgreSQL.
#
# Installs the PostgreSQL server with apt when it is missing, starts a
# throwaway cluster on a random loopback port, runs `cargo test` against it,
# and stops it. Extra arguments go to `cargo test`.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/pg.sh
start_pg
SUIVI_TEST_POSTGRES_URL="$PG_URL" cargo test "$@"
