#!/usr/bin/env bash
# Runs the store benchmark on SQLite and on a throwaway PostgreSQL cluster
# (durable settings). `--before REV` also builds the benchmark of commit REV
# (in target/bench-before, sharing the build's dependencies) and measures
# that commit's commands in the same run. Other arguments go to the
# benchmark, e.g. --sizes 100000 --runs 3 (see benches/store/main.rs).
set -euo pipefail
cd "$(dirname "$0")/.."
args=()
before=""
while [ $# -gt 0 ]; do
  case "$1" in
    --before) before="${2:?--before needs a commit}"; shift 2 ;;
    *) args+=("$1"); shift ;;
  esac
done
if [ -n "$before" ]; then
  name=$(git rev-parse --short "$before^{commit}")
  tree="$PWD/target/bench-before/$name"
  rm -rf "$tree" && mkdir -p "$tree"
  git archive "$name" | tar -x -C "$tree"
  exe=$(cd "$tree" && CARGO_TARGET_DIR="$PWD/../.." cargo bench --bench store --no-run \
          --message-format=json | grep '"kind":\["bench"\]' \
          | sed -n 's/.*"executable":"\([^"]*\)".*/\1/p' | tail -n 1)
  [ -x "$exe" ] || { echo "the benchmark of $name did not build" >&2; exit 1; }
  export SUIVI_BENCH_BEFORE="$exe" SUIVI_BENCH_BEFORE_NAME="$name"
fi
. scripts/pg.sh
start_pg
SUIVI_BENCH_POSTGRES_URL="$PG_URL" cargo bench --bench store -- "${args[@]}"
