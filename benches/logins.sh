#!/usr/bin/env bash
# The memory of `suivi serve` under 100 parallel logins (5 addresses × 20
# names, wrong passwords: every one a full Argon2 check of 19 MiB), with the
# bound on password checks (`[login] password_checks`, default twice the
# cores) and, in the same run, with it raised to 512 (the blocking pool's
# size: as unbounded as before the bound). Reports the peak resident memory
# (VmHWM) of the server and the statuses it answered.
#
#   benches/logins.sh                 the packaged binary (target/dist/suivi)
#   SUIVI_BIN=target/release/suivi benches/logins.sh
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=${SUIVI_BIN:-target/dist/suivi}
[ -x "$BIN" ] || { echo "$BIN is missing: cargo build --profile dist" >&2; exit 1; }
work=$(mktemp -d)
trap 'kill "${server:-0}" 2>/dev/null || true; rm -rf "$work"' EXIT
cp -r config workflows "$work/"
# Five addresses through a trusted proxy (X-Forwarded-For).
sed -i 's|^trusted_proxies = \[\]$|trusted_proxies = ["127.0.0.1"]|' "$work/config/suivi.toml"
export SUIVI_CONFIG_DIR="$work/config" SUIVI_WORKFLOWS_DIR="$work/workflows"
export SUIVI_DATABASE_URL="$work/suivi.db" SUIVI_LOG=warn
for n in $(seq -w 1 20); do
  SUIVI_PASSWORD="le bon mot de passe" "$BIN" user add "agent$n" --role reader >/dev/null
done

run() {
  local checks=$1 port
  sed -i "s|^password_checks = .*$|password_checks = $checks|" "$work/config/suivi.toml"
  port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
  SUIVI_LISTEN="127.0.0.1:$port" "$BIN" serve 2>/dev/null &
  server=$!
  until curl -sf "http://127.0.0.1:$port/healthz" >/dev/null; do sleep 0.2; done
  local before
  before=$(awk '/VmRSS/ {print $2}' "/proc/$server/status")
  local start=$SECONDS
  for a in 1 2 3 4 5; do
    for n in $(seq -w 1 20); do
      curl -s -o /dev/null -w '%{http_code}\n' -X POST \
        -H "X-Forwarded-For: 10.0.0.$a" \
        --data-urlencode "name=agent$n" --data-urlencode "password=un mauvais mot" \
        "http://127.0.0.1:$port/login" >>"$work/statuses-$checks" &
    done
  done
  wait $(jobs -p | grep -v "^$server$") 2>/dev/null || true
  local peak
  peak=$(awk '/VmHWM/ {print $2}' "/proc/$server/status")
  local label=$checks
  [ "$checks" = 0 ] && label="$(($(nproc) * 2)) (the default: twice the cores)"
  printf '| %s | %d MiB | %d MiB | %s | %d s |\n' "$label" $((before / 1024)) $((peak / 1024)) \
    "$(sort "$work/statuses-$checks" | uniq -c | awk '{printf "%s×%s ", $1, $2}')" $((SECONDS - start))
  kill "$server"; wait "$server" 2>/dev/null || true
}

echo "| password checks at once | resident before | peak resident | statuses | time |"
echo "|---|---|---|---|---|"
run 0
run 512
