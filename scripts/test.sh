#!/usr/bin/env bash
# Runs every test of suivi, on SQLite and on a real PostgreSQL.
#
# Installs what the tests need when it is missing (the PostgreSQL server,
# Chromium for the browser tests, lintian and ssl-cert for the package's test
# with apt, cargo-deb with cargo, Schemathesis with pip), starts a throwaway PostgreSQL
# cluster on a random loopback port, runs `cargo test` against it, and stops
# it. Extra arguments go to `cargo test`.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/pg.sh
# Chromium for the browser tests; lintian and the package's own dependency
# (ssl-cert) for the Debian package's test; LibreOffice and python-docx for
# the Word documents.
missing=""
command -v chromium >/dev/null 2>&1 || missing="$missing chromium"
command -v lintian >/dev/null 2>&1 || missing="$missing lintian"
[ -e /etc/ssl/certs/ssl-cert-snakeoil.pem ] || missing="$missing ssl-cert"
# LibreOffice and python-docx open the Word documents as their readers would.
command -v soffice >/dev/null 2>&1 || missing="$missing libreoffice-writer-nogui"
/usr/bin/python3 -c "import docx" >/dev/null 2>&1 || missing="$missing python3-docx"
if [ -n "$missing" ]; then
  echo "Not found:$missing; installing Debian's packages…" >&2
  if [ "$(id -u)" -ne 0 ]; then
    echo "Installing them needs root: run 'sudo apt-get install -y$missing' first." >&2
    exit 1
  fi
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  # shellcheck disable=SC2086
  apt-get install -y -qq $missing >/dev/null
fi
# cargo-deb builds the package the package test installs.
if ! cargo deb --version >/dev/null 2>&1; then
  echo "Installing cargo-deb with cargo…" >&2
  cargo install cargo-deb --locked --version "^3.8"
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
