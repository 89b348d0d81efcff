#!/usr/bin/env bash
# Install the pinned axe-core (accessibility checks of the browser tests) from npm into a cache outside
# the clone, once; print the path of axe.min.js. The tests read that file and inject it into the page
# under test, so nothing is ever loaded from a CDN. Needs node + npm only the first time.
set -euo pipefail
AXE_VERSION="${AXE_VERSION:-4.14.1}"
CACHE="${SOTAY_AXE_CACHE:-$HOME/.cache/sotay/axe-core-$AXE_VERSION}"
AXE_JS="$CACHE/node_modules/axe-core/axe.min.js"
if [[ ! -s "$AXE_JS" ]]; then
  command -v npm >/dev/null 2>&1 || { echo "ERROR: npm is needed once to install axe-core $AXE_VERSION" >&2; exit 1; }
  mkdir -p "$CACHE"
  npm install --prefix "$CACHE" --no-save --no-audit --no-fund --ignore-scripts --loglevel=error \
    "axe-core@$AXE_VERSION" >&2
fi
[[ -s "$AXE_JS" ]] || { echo "ERROR: $AXE_JS is missing after npm install" >&2; exit 1; }
echo "$AXE_JS"
