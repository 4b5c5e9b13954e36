#!/usr/bin/env bash
# Builds the Debian package of suivi into target/debian/.
#
#   scripts/package.sh           the binary of the `dist` profile (built here:
#                                long, for size)
#   scripts/package.sh --debug   the tests' debug binary, already built
#
# Installs cargo-deb when it is missing. The binary is copied (stripped) to
# target/package/ with the packaged suivi.toml, which serves HTTPS on every
# address, port 8443.
set -euo pipefail
cd "$(dirname "$0")/.."
profile=dist
if [ "${1:-}" = "--debug" ]; then
  profile=debug
fi
if ! cargo deb --version >/dev/null 2>&1; then
  echo "cargo-deb not found: installing it with cargo…" >&2
  cargo install cargo-deb --locked --version "^3.8"
fi
if [ "$profile" = dist ]; then
  cargo build --profile dist --locked
  binary=target/dist/suivi
else
  binary=${SUIVI_BINARY:-target/debug/suivi}
  [ -x "$binary" ] || cargo build --bin suivi
fi
mkdir -p target/package
strip --strip-unneeded -o target/package/suivi "$binary"
# The configuration as installed: every address, port 8443.
sed -e 's|^listen = "127.0.0.1:8080"$|listen = "0.0.0.0:8443"|' \
    -e 's|^# Où « suivi serve » écoute.*$|# Où « suivi serve » écoute : toutes les adresses, en HTTPS (certificat du système tant que [http] n'\''en nomme pas).|' \
    config/suivi.toml > target/package/suivi.toml
grep -q '^listen = "0.0.0.0:8443"$' target/package/suivi.toml
if [ "$profile" = dist ]; then
  cargo deb --no-build --locked
else
  cargo deb --no-build --locked --fast
fi
ls -1 target/debian/suivi_*.deb
