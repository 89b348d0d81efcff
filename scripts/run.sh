#!/usr/bin/env bash
# `make run`: from a brand-new machine (only Python 3.11 and the OS) to the demo on :8000.
#
# Every step is idempotent and cheap on a second run: pip only when requirements changed (stamp),
# migrate (no-op when current), collectstatic only when static sources changed, load_demo (itself
# idempotent). The dev server is for local demo use only; production uses a WSGI server.
set -euo pipefail
cd "$(dirname "$0")/.."

HOST="${RUN_HOST:-127.0.0.1}"
PORT="${RUN_PORT:-8000}"
PY=.venv/bin/python

scripts/venv.sh runtime

echo "==> migrate"
"$PY" manage.py migrate --noinput

# collectstatic only when a static source or the installed packages changed since last time.
STATIC_STAMP=staticfiles/.sotay-collected
if [[ ! -f "$STATIC_STAMP" ]] || [[ -n "$(find static .venv/.sotay-runtime.stamp -newer "$STATIC_STAMP" -print -quit 2>/dev/null)" ]]; then
  echo "==> collectstatic"
  "$PY" manage.py collectstatic --noinput -v 0
  touch "$STATIC_STAMP"
else
  echo "==> collectstatic: up to date"
fi

if compgen -G "*/management/commands/load_demo.py" >/dev/null; then
  echo "==> load_demo (idempotent)"
  "$PY" manage.py load_demo
else
  echo "WARNING: load_demo command not found yet: serving without demo content" >&2
fi

dbg="${DJANGO_DEBUG:-1}"
if [[ "${dbg,,}" =~ ^(0|false|no|off)$ ]]; then
  ACCOUNTS="  DJANGO_DEBUG=0: tài khoản demo KHÔNG được tạo / demo accounts are NOT created.
  Tạo quản trị viên / create an admin:      .venv/bin/python manage.py createsuperuser"
else
  ACCOUNTS="  Tài khoản demo (chỉ dùng trên máy local / local use only):
      admin / admin-demo-2026
  Các tài khoản đảng viên demo: xem README.md (\"Tài khoản demo\")."
fi

cat <<BANNER

==================================================================================
  Sổ tay chuyên đề đang chạy / is running:  http://$HOST:$PORT/
  Đăng nhập / log in:                       http://$HOST:$PORT/tai-khoan/dang-nhap/
  Trang quản trị / admin:                   http://$HOST:$PORT/admin/
$ACCOUNTS
  Dừng / stop: Ctrl+C
==================================================================================

BANNER
exec "$PY" manage.py runserver "$HOST:$PORT"
