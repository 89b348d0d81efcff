#!/usr/bin/env bash
# make bench: the benchmarks in bench/ (bench/run.py), with a real Elasticsearch for the 100,000-document
# search measurement. A node already answering (make es-up) is reused and left running; otherwise one is
# started here and stopped on exit. Set BENCH_NO_ES=1 to measure the database backend only.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
cd "$ROOT"
PY="$ROOT/.venv/bin/python"
ES_URL="${SOTAY_ES_URL:-http://127.0.0.1:9200}"
started=0
cleanup() { if [[ $started == 1 ]]; then scripts/es-down.sh || echo "WARNING: es-down failed" >&2; fi; }
trap cleanup EXIT

if [[ -z "${BENCH_NO_ES:-}" ]]; then
  if ! curl -fsS --max-time 3 "$ES_URL/_cluster/health" 2>/dev/null | grep -Eq '"status":"(green|yellow)"'; then
    started=1
    scripts/es-up.sh
  fi
  export ELASTICSEARCH_URL="$ES_URL"
  export ELASTICSEARCH_INDEX_PREFIX="sotay-bench-$$"
fi
"$PY" bench/run.py "$@"
