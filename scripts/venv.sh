#!/usr/bin/env bash
# Create .venv if missing and install the pinned requirements, only when they changed.
#
# Usage: scripts/venv.sh [runtime|dev]   (runtime = requirements.txt, dev = requirements-dev.txt)
# Why a stamp: `pip install` on an up-to-date venv still costs seconds of resolver work; the stamp
# holds a hash of the requirement files and the lock, so a second `make run`/`make test` skips pip.
# Versions come from requirements*.txt (exact pins) constrained by requirements.lock (the full
# `pip freeze`, transitive dependencies included), so a new machine gets the same set we tested.
set -euo pipefail
cd "$(dirname "$0")/.."

KIND="${1:-dev}"
case "$KIND" in
  runtime) REQ=requirements.txt ;;
  dev) REQ=requirements-dev.txt ;;
  *) echo "usage: $0 [runtime|dev]" >&2; exit 2 ;;
esac
VENV=.venv

pick_python() {
  if [[ -n "${PYTHON:-}" ]]; then echo "$PYTHON"; return; fi
  for p in python3.11 python3; do
    if command -v "$p" >/dev/null 2>&1 && "$p" -c 'import sys; sys.exit(0 if sys.version_info[:2] >= (3, 11) else 1)' 2>/dev/null; then
      echo "$p"; return
    fi
  done
  echo "ERROR: Python 3.11 not found (set PYTHON=/path/to/python3.11)" >&2
  exit 1
}

# A venv copied from another machine or Python may have a broken interpreter: rebuild it.
if [[ -d "$VENV" ]] && ! "$VENV/bin/python" -c 'import sys' >/dev/null 2>&1; then
  echo "==> venv: $VENV is broken, recreating"
  rm -rf "$VENV"
fi
if [[ ! -x "$VENV/bin/python" ]]; then
  PY=$(pick_python)
  echo "==> venv: creating $VENV with $($PY --version 2>&1)"
  "$PY" -m venv "$VENV"
fi

hash_inputs() {
  local files=(requirements.txt "$REQ")
  [[ -f requirements.lock ]] && files+=(requirements.lock)
  { "$VENV/bin/python" --version; cat "${files[@]}"; } | sha256sum | cut -d' ' -f1
}
STAMP="$VENV/.sotay-$KIND.stamp"
want=$(hash_inputs)
if [[ -f "$STAMP" && "$(cat "$STAMP")" == "$want" ]]; then
  echo "==> venv: $REQ already installed (stamp up to date)"
  exit 0
fi

echo "==> venv: installing $REQ"
export PIP_DISABLE_PIP_VERSION_CHECK=1
constraints=()
[[ -f requirements.lock ]] && constraints=(-c requirements.lock)
"$VENV/bin/python" -m pip install -q -r "$REQ" "${constraints[@]}"
echo "$want" >"$STAMP"
# A dev install also satisfies runtime: mark it so `make run` after `make test` skips pip.
if [[ "$KIND" == dev ]]; then
  KIND=runtime REQ=requirements.txt
  hash_inputs >"$VENV/.sotay-runtime.stamp"
fi
echo "==> venv: done"
