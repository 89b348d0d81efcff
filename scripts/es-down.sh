#!/usr/bin/env bash
# Stop the Elasticsearch node started by scripts/es-up.sh (SIGTERM to its pid) and delete its temp home.
# Safe to call when nothing runs (the test harness calls it from an EXIT trap). The downloaded zip
# stays cached in ~/.cache/sotay/es.
set -euo pipefail

ES_PORT="${ES_PORT:-9200}"
ES_HOME_DIR="${ES_HOME_DIR:-/tmp/sotay-es-$ES_PORT}"
PIDFILE="$ES_HOME_DIR/es.pid"

if [[ -f "$PIDFILE" ]]; then
  pid=$(cat "$PIDFILE" 2>/dev/null || true)
  if [[ -n "$pid" ]] && kill -0 "$pid" 2>/dev/null; then
    kill -TERM "$pid"
    for _ in $(seq 1 30); do
      kill -0 "$pid" 2>/dev/null || break
      sleep 1
    done
    if kill -0 "$pid" 2>/dev/null; then
      echo "==> es-down: pid $pid ignored SIGTERM for 30 s; sending SIGKILL" >&2
      kill -KILL "$pid" 2>/dev/null || true
    fi
    echo "==> es-down: Elasticsearch (pid $pid) on 127.0.0.1:$ES_PORT stopped"
  else
    echo "==> es-down: no running Elasticsearch for $PIDFILE"
  fi
else
  echo "==> es-down: no Elasticsearch started from $ES_HOME_DIR"
fi
rm -rf "$ES_HOME_DIR"
