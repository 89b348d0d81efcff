#!/usr/bin/env bash
# Install the Debian packages `make test` needs, and nothing when they are already there.
#
# Why a script and not a README step: CI may run on a brand-new machine where nobody installed
# anything by hand, so the test command itself must bring PostgreSQL (real server, not a mock),
# a JDK 17 + Maven (to fetch and run Elasticsearch) and Chromium + ChromeDriver (browser test).
# `apt-get update` runs at most once per call, and only when something is missing, so a second
# `make test` on the same machine spends no time here.
set -euo pipefail

missing=()

# PostgreSQL server: any installed major version (binaries live in /usr/lib/postgresql/N/bin).
if ! compgen -G "/usr/lib/postgresql/*/bin/initdb" >/dev/null; then
  missing+=(postgresql)
fi

# Java 17 or newer (Elasticsearch 8 runs on the machine's JDK; the test zip bundles none).
java_ok=0
if command -v java >/dev/null 2>&1; then
  major=$(java -XshowSettings:properties -version 2>&1 | awk -F'= ' '/java.specification.version/ {print $2}' | cut -d. -f1)
  if [[ -n "${major:-}" && "$major" -ge 17 ]]; then java_ok=1; fi
fi
[[ $java_ok == 1 ]] || missing+=(openjdk-17-jdk-headless)
command -v mvn >/dev/null 2>&1 || missing+=(maven)

# Debian's Chromium and its driver (a test tool's own browser download cannot work here).
[[ -x /usr/bin/chromium ]] || missing+=(chromium)
[[ -x /usr/bin/chromedriver ]] || missing+=(chromium-driver)

# npm installs the pinned axe-core once (scripts/axe-core.sh) for the accessibility checks; Debian's npm
# package brings Node.js with it.
command -v npm >/dev/null 2>&1 || missing+=(npm)

# unzip and curl are used by scripts/es-up.sh and scripts/test.sh; runuser comes with util-linux.
command -v unzip >/dev/null 2>&1 || missing+=(unzip)
command -v curl >/dev/null 2>&1 || missing+=(curl)

if [[ ${#missing[@]} -eq 0 ]]; then
  echo "==> system packages: all present (postgresql, java 17, maven, chromium, chromedriver, npm)"
  exit 0
fi

echo "==> system packages missing: ${missing[*]}"
SUDO=()
if [[ $(id -u) -ne 0 ]]; then
  if command -v sudo >/dev/null 2>&1; then SUDO=(sudo); else
    echo "ERROR: need root (or sudo) to apt-get install: ${missing[*]}" >&2
    exit 1
  fi
fi
export DEBIAN_FRONTEND=noninteractive
"${SUDO[@]}" apt-get update -q
"${SUDO[@]}" apt-get install -y -q --no-install-recommends "${missing[@]}"
echo "==> system packages installed: ${missing[*]}"
