# Sourced by scripts/test.sh and scripts/bench.sh: starts a throwaway
# PostgreSQL cluster on a random loopback port (installing the server with apt
# when missing) and stops it when the calling script exits. Sets PG_URL.

find_pg_bin() {
  local d
  for d in /usr/lib/postgresql/*/bin; do
    [ -x "$d/initdb" ] && { echo "$d"; return 0; }
  done
  return 1
}

start_pg() {
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
  if [ "$(id -u)" -eq 0 ]; then
    chown -R postgres: "$PGDATA_DIR"
    AS_PG=(runuser -u postgres --)
  else
    AS_PG=()
  fi
  trap stop_pg EXIT
  "${AS_PG[@]}" "$PG_BIN/initdb" -D "$PGDATA_DIR/data" -U postgres -A trust --no-sync >/dev/null
  # Durable settings (fsync and synchronous_commit stay on). A port below the
  # ephemeral range; another one if it is taken.
  local port attempt
  for attempt in 1 2 3 4 5; do
    port=$(( 20000 + RANDOM % 12000 ))
    if "${AS_PG[@]}" "$PG_BIN/pg_ctl" -D "$PGDATA_DIR/data" -l "$PGDATA_DIR/server.log" -w \
      -o "-p $port -k $PGDATA_DIR -c listen_addresses=127.0.0.1 -c max_connections=300" start >/dev/null; then
      break
    fi
    if [ "$attempt" -eq 5 ]; then
      echo "PostgreSQL did not start; its log:" >&2
      cat "$PGDATA_DIR/server.log" >&2
      exit 1
    fi
  done
  PG_URL="postgres://postgres@127.0.0.1:$port/postgres"
  echo "PostgreSQL $("$PG_BIN/postgres" --version | awk '{print $3}') on 127.0.0.1:$port" >&2
}

stop_pg() {
  "${AS_PG[@]}" "$PG_BIN/pg_ctl" -D "$PGDATA_DIR/data" -m fast -w stop >/dev/null 2>&1 || true
  rm -rf "$PGDATA_DIR"
}
