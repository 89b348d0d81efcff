#!/usr/bin/env bash
# `make soak`: bench/soak.py against a throwaway Elasticsearch on its own port (ES_PORT, default 9250, home
# /tmp/sotay-es-soak-$ES_PORT), stopped at the end; the developer's nodes (9200, 9201…) are never touched.
# Duration: SOAK_SECONDS (default 150) or SOAK_ARGS="--duration 120".
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
cd "$ROOT"
export ES_PORT="${SOAK_ES_PORT:-9250}"
export ES_HOME_DIR="/tmp/sotay-es-soak-$ES_PORT"
if curl -fsS --max-time 2 "http://127.0.0.1:$ES_PORT/_cluster/health" >/dev/null 2>&1 && [[ ! -f "$ES_HOME_DIR/es.pid" ]]; then
  echo "ERROR: port $ES_PORT already serves an Elasticsearch that soak did not start (set SOAK_ES_PORT)" >&2
  exit 1
fi
cleanup() { scripts/es-down.sh >/dev/null 2>&1 || true; }
trap cleanup EXIT
scripts/es-up.sh
.venv/bin/python bench/soak.py --es-port "$ES_PORT" ${SOAK_ARGS:-}
