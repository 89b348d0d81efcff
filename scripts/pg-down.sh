#!/usr/bin/env bash
# Stop the throwaway PostgreSQL started by scripts/pg-up.sh and delete its data dir.
# Safe to call when nothing runs (the test harness calls it from an EXIT trap).
set -euo pipefail

PORT="${SOTAY_PG_PORT:-55432}"
BASE="${SOTAY_PG_DIR:-/tmp/sotay-pg-$PORT}"
DATA="$BASE/data"

BIN=""
for d in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V); do
  [[ -x "$d/pg_ctl" ]] && BIN="$d"
done

if [[ -n "$BIN" && -f "$DATA/postmaster.pid" ]]; then
  if [[ $(id -u) -eq 0 ]]; then
    runuser -u postgres -- "$BIN/pg_ctl" -D "$DATA" -m fast -w -t 30 stop >/dev/null 2>&1 \
      || runuser -u postgres -- "$BIN/pg_ctl" -D "$DATA" -m immediate -w stop >/dev/null 2>&1 || true
  else
    "$BIN/pg_ctl" -D "$DATA" -m fast -w -t 30 stop >/dev/null 2>&1 \
      || "$BIN/pg_ctl" -D "$DATA" -m immediate -w stop >/dev/null 2>&1 || true
  fi
  echo "==> pg-down: PostgreSQL on 127.0.0.1:$PORT stopped"
else
  echo "==> pg-down: no PostgreSQL running from $DATA"
fi
rm -rf "$BASE"
