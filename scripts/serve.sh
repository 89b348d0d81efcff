#!/usr/bin/env bash
# `make serve`: the production server (gunicorn, pinned in requirements.txt) on $GUNICORN_BIND
# (default 127.0.0.1:8000), behind a reverse proxy that terminates HTTPS (README: "Chạy như máy chủ thật").
#
# Runs what a deploy needs first, every step idempotent: install the pinned packages (only when changed),
# migrate, collectstatic (hashed names for the manifest storage), `check --deploy` (warnings are printed,
# never ignored silently). Configuration comes from the environment (README: "Cấu hình").
set -euo pipefail
cd "$(dirname "$0")/.."
PY=.venv/bin/python

scripts/venv.sh runtime
echo "==> migrate"
"$PY" manage.py migrate --noinput
echo "==> collectstatic"
"$PY" manage.py collectstatic --noinput -v 0
echo "==> check --deploy"
"$PY" manage.py check --deploy || true
echo "==> gunicorn on ${GUNICORN_BIND:-127.0.0.1:8000}"
exec .venv/bin/gunicorn -c portal/gunicorn_conf.py portal.wsgi:application
