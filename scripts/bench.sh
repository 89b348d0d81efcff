#!/usr/bin/env bash
# make bench: the benchmarks in bench/ (bench/run.py) on every engine, in one run.
#
# - Elasticsearch: $ELASTICSEARCH_URL when given; else a node answering on $SOTAY_ES_URL (default
#   http://127.0.0.1:9200, e.g. `make es-up`) is reused and left running; else one is started here and
#   stopped on exit. BENCH_NO_ES=1 measures without it.
# - PostgreSQL: a throwaway cluster of its own (scripts/pg-up.sh on port $BENCH_PG_PORT, default 55434, data in
#   a temp dir), so it never meets the development cluster or `make test`'s (55432); stopped and deleted on
#   exit. BENCH_NO_PG=1 measures without it.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
cd "$ROOT"
PY="$ROOT/.venv/bin/python"
ES_URL="${ELASTICSEARCH_URL:-${SOTAY_ES_URL:-http://127.0.0.1:9200}}"
export SOTAY_PG_PORT="${BENCH_PG_PORT:-55434}"
export SOTAY_PG_DIR="${BENCH_PG_DIR:-/tmp/sotay-pg-bench-$$}"
es_started=0
pg_started=0
cleanup() {
  if [[ $pg_started == 1 ]]; then scripts/pg-down.sh || echo "WARNING: pg-down failed" >&2; fi
  if [[ $es_started == 1 ]]; then scripts/es-down.sh || echo "WARNING: es-down failed" >&2; fi
}
trap cleanup EXIT

if [[ -z "${BENCH_NO_ES:-}" ]]; then
  if ! curl -fsS --max-time 3 "$ES_URL/_cluster/health" 2>/dev/null | grep -Eq '"status":"(green|yellow)"'; then
    if [[ -n "${ELASTICSEARCH_URL:-}" ]]; then
      echo "ERROR (bench): ELASTICSEARCH_URL=$ELASTICSEARCH_URL does not answer" >&2
      exit 1
    fi
    es_started=1
    scripts/es-up.sh
  fi
  export ELASTICSEARCH_URL="$ES_URL"
  export ELASTICSEARCH_INDEX_PREFIX="sotay-bench-$$"
else
  unset ELASTICSEARCH_URL
fi

if [[ -z "${BENCH_NO_PG:-}" ]]; then
  pg_started=1
  BENCH_PG_URL="$(scripts/pg-up.sh | tail -n 1)"
  export BENCH_PG_URL
fi

"$PY" bench/run.py "$@"
