#!/usr/bin/env bash
# `make test`: everything the suite needs, then the whole suite on SQLite and on PostgreSQL.
#
# Why this shape:
#  - CI may be a brand-new machine: system packages and the venv are installed here (both skip
#    when already present, so a second run is fast).
#  - A real PostgreSQL (Debian's server, throwaway data dir, loopback port) and a real
#    Elasticsearch (scripts/es-up.sh) are started; if either cannot start, this FAILS. Nothing is
#    ever skipped for want of a service (scripts/pytest_services.py turns such skips into failures).
#  - Every settings branch is checked (bakerydemo lesson): local defaults, and production-like
#    (DJANGO_DEBUG=0, SECRET_KEY, PostgreSQL DATABASE_URL, ELASTICSEARCH_URL) with --deploy.
#  - Both suites always run (a failure on SQLite still lets PostgreSQL report), services are
#    stopped on every exit path (trap), and the last line is a plain "N passed, N failed" total.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)

START=$(date +%s)
step() { echo; echo "==> [$(( $(date +%s) - START ))s] $*"; }

# The harness decides the environment of each run; nothing leaks in from the caller's shell.
unset DATABASE_URL ELASTICSEARCH_URL ELASTICSEARCH_INDEX_PREFIX DJANGO_DEBUG SECRET_KEY ALLOWED_HOSTS \
      MEDIA_ROOT STATIC_ROOT DJANGO_SETTINGS_MODULE
export PYTHONDONTWRITEBYTECODE=1
export SE_OFFLINE=true   # Selenium Manager must never try to download a browser or driver.
ES_URL="${SOTAY_ES_URL:-http://127.0.0.1:9200}"
RUN_ID="$(date +%s)-$$"
WORK=$(mktemp -d "${TMPDIR:-/tmp}/sotay-test-XXXXXX")
PY="$ROOT/.venv/bin/python"
mkdir -p "$WORK/tmp"

cleaned=0
es_state=""   # "started" by this run (stopped on exit) or "reused" (a developer's node: left running)
cleanup() {
  [[ $cleaned == 1 ]] && return 0
  cleaned=1
  step "stopping Elasticsearch and PostgreSQL"
  if [[ $es_state == started ]]; then
    scripts/es-down.sh || echo "WARNING: es-down failed" >&2
  elif [[ $es_state == reused ]]; then
    echo "==> Elasticsearch was already running before make test: left running"
  fi
  scripts/pg-down.sh || echo "WARNING: pg-down failed" >&2
  rm -rf "$WORK"
}
trap cleanup EXIT
trap 'echo "interrupted" >&2; exit 130' INT TERM

step "system packages (apt only when something is missing)"
scripts/system-deps.sh

step "python packages (.venv, pip only when requirements changed)"
scripts/venv.sh dev

step "axe-core for the accessibility checks (npm, cached outside the clone)"
SOTAY_AXE_JS=$(scripts/axe-core.sh)
export SOTAY_AXE_JS
echo "axe-core: $SOTAY_AXE_JS"

step "PostgreSQL (throwaway cluster)"
scripts/pg-up.sh | tee "$WORK/pg-up.out"
PG_URL=$(tail -n1 "$WORK/pg-up.out")
[[ "$PG_URL" == postgres://* ]] || { echo "ERROR: PostgreSQL did not start" >&2; exit 1; }

step "Elasticsearch (scripts/es-up.sh)"
if [[ ! -x scripts/es-up.sh ]]; then
  echo "ERROR: scripts/es-up.sh is missing: make test needs a real Elasticsearch" >&2
  exit 1
fi
# A node a developer started with `make es-up` is reused and left running; otherwise (always in CI)
# this run starts one and stops it at the end. Test runs never collide: each uses its own prefix.
if curl -fsS --max-time 3 "$ES_URL/_cluster/health" 2>/dev/null | grep -Eq '"status":"(green|yellow)"'; then
  echo "==> Elasticsearch already running at $ES_URL (reused, will be left running)"
  es_state=reused
else
  es_state=started  # set before es-up so a half-started node is stopped on exit too
  scripts/es-up.sh
fi
"$PY" - "$ES_URL" <<'PYCHECK'
import json, sys, urllib.request
url = sys.argv[1].rstrip("/") + "/_cluster/health?wait_for_status=yellow&timeout=60s"
try:
    with urllib.request.urlopen(url, timeout=70) as resp:
        health = json.load(resp)
except Exception as exc:
    sys.exit(f"ERROR: Elasticsearch at {sys.argv[1]} is not reachable: {exc}")
if health.get("status") not in ("green", "yellow"):
    sys.exit(f"ERROR: Elasticsearch health is {health.get('status')}")
print(f"Elasticsearch {sys.argv[1]}: cluster {health.get('cluster_name')} is {health['status']}")
PYCHECK

# From here on, temp files (test media dirs, browser profiles, screenshots) live inside $WORK and
# vanish with the run. Not earlier: Elasticsearch's own temp dir must stay readable by its user.
export TMPDIR="$WORK/tmp"

# Project checks: a failure is recorded and fails the run at the end, but the suites still run
# (one broken check should not hide what the tests would say).
failed_checks=()
check_step() {
  local title=$1; shift
  step "$title"
  if ! "$@"; then
    echo "FAILED: $title" >&2
    failed_checks+=("$title")
  fi
}

check_step "lint-imports (every import points down a floor: .importlinter, ARCHITECTURE.md)" \
  "$ROOT/.venv/bin/lint-imports" --no-cache
check_step "manage.py makemigrations --check --dry-run" "$PY" manage.py makemigrations --check --dry-run
check_step "manage.py check (local defaults: DEBUG, SQLite, no Elasticsearch)" "$PY" manage.py check

PROD_SECRET=$("$PY" -c 'import secrets; print(secrets.token_urlsafe(50))')
# The README's production example (HTTPS behind a proxy, HSTS): `check --deploy` must be clean with it.
prod_env=(DJANGO_DEBUG=0 SECRET_KEY="$PROD_SECRET" ALLOWED_HOSTS=sotay.example.org,127.0.0.1
          CSRF_TRUSTED_ORIGINS=https://sotay.example.org SECURE_PROXY_SSL_HEADER="X-Forwarded-Proto: https"
          SECURE_SSL_REDIRECT=1 SECURE_HSTS_SECONDS=31536000 SECURE_HSTS_INCLUDE_SUBDOMAINS=1 SECURE_HSTS_PRELOAD=1
          DATABASE_URL="$PG_URL" ELASTICSEARCH_URL="$ES_URL" ELASTICSEARCH_INDEX_PREFIX="sotay-ci-deploy-$RUN_ID"
          SESSION_COOKIE_SECURE=1 CSRF_COOKIE_SECURE=1 MEDIA_ROOT="$WORK/media" STATIC_ROOT="$WORK/static")

check_step "manage.py check --deploy (production-like: DJANGO_DEBUG=0, PostgreSQL, Elasticsearch)" \
  env "${prod_env[@]}" "$PY" manage.py check --deploy --fail-level WARNING --database default
check_step "manage.py check --deploy (production-like on SQLite)" \
  env "${prod_env[@]}" DATABASE_URL="sqlite:///$WORK/deploy.sqlite3" "$PY" manage.py check --deploy --fail-level WARNING --database default
check_step "collectstatic with the production storage (every referenced static file must exist)" \
  env "${prod_env[@]}" "$PY" manage.py collectstatic --noinput -v 0

# Both suites run even if the first fails; their exit codes decide the result.
run_suite() {
  local label=$1; shift
  step "pytest on $label"
  set +e
  env "$@" PYTHONPATH="$ROOT/scripts${PYTHONPATH:+:$PYTHONPATH}" \
    "$PY" -m pytest -p pytest_services -q -ra --timeout=900 --durations=10 \
      --junitxml="$WORK/junit-$label.xml" ${PYTEST_ARGS:-}
  local rc=$?
  set -e
  echo "pytest on $label: exit $rc"
  return $rc
}

rc_sqlite=0; rc_pg=0
run_suite sqlite ELASTICSEARCH_URL="$ES_URL" ELASTICSEARCH_INDEX_PREFIX="sotay-ci-sqlite-$RUN_ID" || rc_sqlite=$?
run_suite postgresql DATABASE_URL="$PG_URL" ELASTICSEARCH_URL="$ES_URL" \
  ELASTICSEARCH_INDEX_PREFIX="sotay-ci-pg-$RUN_ID" || rc_pg=$?

summary=$("$PY" - "${#failed_checks[@]}" "$WORK/junit-sqlite.xml" "$WORK/junit-postgresql.xml" <<'PYSUM'
import sys
import xml.etree.ElementTree as ET
checks_failed = int(sys.argv[1])
total = {"passed": 0, "failed": checks_failed, "skipped": 0}
if checks_failed:
    print(f"project checks: {checks_failed} failed (counted below)")
for path, label in zip(sys.argv[2:], ("sqlite", "postgresql")):
    try:
        root = ET.parse(path).getroot()
    except Exception:
        print(f"{label}: no report (pytest did not run)")
        total["failed"] += 1
        continue
    suites = [root] if root.tag == "testsuite" else root.findall("testsuite")
    t = sum(int(s.get("tests", 0)) for s in suites)
    f = sum(int(s.get("failures", 0)) + int(s.get("errors", 0)) for s in suites)
    s_ = sum(int(s.get("skipped", 0)) for s in suites)
    p = t - f - s_
    print(f"{label}: {p} passed, {f} failed, {s_} skipped")
    total["passed"] += p; total["failed"] += f; total["skipped"] += s_
print(f"TOTAL: {total['passed']} passed, {total['failed']} failed, {total['skipped']} skipped")
PYSUM
)

cleanup
trap - EXIT

echo
echo "==> make test finished in $(( $(date +%s) - START ))s (sqlite exit $rc_sqlite, postgresql exit $rc_pg)"
for c in "${failed_checks[@]}"; do echo "FAILED check: $c"; done
echo "$summary"
if [[ $rc_sqlite -ne 0 || $rc_pg -ne 0 || ${#failed_checks[@]} -ne 0 ]]; then
  [[ $rc_sqlite -eq 5 || $rc_pg -eq 5 ]] && echo "ERROR: pytest collected no tests" >&2
  exit 1
fi
