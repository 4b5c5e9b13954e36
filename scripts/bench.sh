#!/usr/bin/env bash
# Runs the store benchmark on SQLite and on a throwaway PostgreSQL cluster
# (durable settings). Extra arguments go to the benchmark, e.g. --events 100000.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/pg.sh
start_pg
SUIVI_BENCH_POSTGRES_URL="$PG_URL" cargo bench --bench store -- "$@"
