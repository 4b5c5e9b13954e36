#!/usr/bin/env bash
# Runs every test of suivi, on SQLite and on a real PostgreSQL.
#
# Installs the PostgreSQL server with apt when it is missing, starts a
# throwaway cluster on a random loopback port, runs `cargo test` against it,
# and stops it. Extra arguments go to `cargo test`.
set -euo pipefail
cd "$(dirname "$0")/.."

find_pg_bin() {
  local d
  for d in /usr/lib/postgresql/*/bin; do
    [ -x "$d/initdb" ] && { echo "$d"; return 0; }
  done
  return 1
}

if ! PG_BIN=$(find_pg_bin); then
  echo "PostgreSQL server not found: installing it with apt…" >&2
  if [ "$(id -u)" -ne 0 ]; then
    echo "Installing PostgreSQL needs root: run 'sudo apt-get install -y postgresql' first." >&2
    exit 1
  fi
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq postgresql >/dev/null
  PG_BIN=$(find_pg_bin)
fi

PGDATA_DIR=$(mktemp -d /tmp/suivi-pg.XXXXXX)
PORT=$(( 20000 + RANDOM % 20000 ))
as_pg() {
  if [ "$(id -u)" -eq 0 ]; then
    chown -R postgres: "$PGDATA_DIR"
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}
stop_pg() {
  as_pg "$PG_BIN/pg_ctl" -D "$PGDATA_DIR/data" -m fast -w stop >/dev/null 2>&1 || true
  rm -rf "$PGDATA_DIR"
}
trap stop_pg EXIT

as_pg "$PG_BIN/initdb" -D "$PGDATA_DIR/data" -U postgres -A trust --no-sync >/dev/null
as_pg "$PG_BIN/pg_ctl" -D "$PGDATA_DIR/data" -l "$PGDATA_DIR/server.log" -w \
  -o "-p $PORT -k $PGDATA_DIR -c listen_addresses=127.0.0.1 -c max_connections=300" start >/dev/null

export SUIVI_TEST_POSTGRES_URL="postgres://postgres@127.0.0.1:$PORT/postgres"
echo "PostgreSQL $("$PG_BIN/postgres" --version | awk '{print $3}') on 127.0.0.1:$PORT" >&2
cargo test "$@"
