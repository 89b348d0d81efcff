#!/usr/bin/env bash
# Start a single-node Elasticsearch 8.19 on 127.0.0.1:${ES_PORT:-9200} for development and tests.
#
# Why this shape (see docs/SEARCH-FACTS.md):
#  - Maven Central only serves the "integ-test-zip" distribution (no bundled JDK, no analysis-common):
#    it is fetched once with `mvn dependency:copy` and cached outside the clone (~/.cache/sotay/es).
#  - The node refuses to run as root: as root we create an unprivileged user and run it with runuser;
#    that user must own the unzipped home (config/ is 0660 and the keystore is written there).
#  - `GET /` answers 405 on this distribution, so readiness is checked on `/_cluster/health`.
#  - Idempotent: when a node already answers on the port, nothing is started.
#  - Fails loudly (non-zero, with the log tail) if the node is not healthy after ~90 s: `make test`
#    never silently runs without Elasticsearch.
set -euo pipefail

ES_VERSION="${ES_VERSION:-8.19.21}"
ES_PORT="${ES_PORT:-9200}"
ES_HOME_DIR="${ES_HOME_DIR:-/tmp/sotay-es-$ES_PORT}"
ES_USER="${ES_USER:-sotay-es}"
CACHE_DIR="${SOTAY_ES_CACHE:-$HOME/.cache/sotay/es}"
ARTIFACT="org.elasticsearch.distribution.integ-test-zip:elasticsearch:$ES_VERSION:zip"
ZIP="$CACHE_DIR/elasticsearch-$ES_VERSION.zip"
HOME_ES="$ES_HOME_DIR/elasticsearch-$ES_VERSION"
PIDFILE="$ES_HOME_DIR/es.pid"
URL="http://127.0.0.1:$ES_PORT"
WAIT_SECONDS="${ES_WAIT_SECONDS:-90}"

die() { echo "ERROR (es-up): $*" >&2; exit 1; }

health() { curl -fsS --max-time 3 "$URL/_cluster/health" 2>/dev/null; }
healthy() { health | grep -Eq '"status":"(green|yellow)"'; }

if healthy; then
  echo "==> es-up: Elasticsearch already answering on $URL"
  exit 0
fi
if (exec 3<>"/dev/tcp/127.0.0.1/$ES_PORT") 2>/dev/null; then
  # Something listens but is not (yet) healthy: maybe our node still starting; wait for it below.
  if [[ ! -f "$PIDFILE" ]]; then
    die "port 127.0.0.1:$ES_PORT is in use by another program (set ES_PORT)"
  fi
fi

# --- Java 17 -----------------------------------------------------------------------------------
if [[ -z "${ES_JAVA_HOME:-}" ]]; then
  for cand in /usr/lib/jvm/java-17-openjdk-amd64 /usr/lib/jvm/java-17-openjdk-arm64 /usr/lib/jvm/java-17-openjdk \
              /usr/lib/jvm/openjdk-17 /usr/lib/jvm/temurin-17-jdk-amd64 $(ls -d /usr/lib/jvm/*17* 2>/dev/null); do
    if [[ -x "$cand/bin/java" ]]; then ES_JAVA_HOME="$cand"; break; fi
  done
fi
[[ -n "${ES_JAVA_HOME:-}" && -x "$ES_JAVA_HOME/bin/java" ]] || die "no Java 17 found (set ES_JAVA_HOME or run scripts/system-deps.sh)"
export ES_JAVA_HOME

# --- Distribution (cached) -----------------------------------------------------------------------
mkdir -p "$CACHE_DIR"
if [[ ! -s "$ZIP" ]]; then
  command -v mvn >/dev/null || die "mvn is missing (run scripts/system-deps.sh)"
  echo "==> es-up: downloading $ARTIFACT (once, into $CACHE_DIR)"
  mvn -q -B dependency:copy -Dartifact="$ARTIFACT" -DoutputDirectory="$CACHE_DIR" \
    || die "mvn dependency:copy failed for $ARTIFACT"
  found=$(ls "$CACHE_DIR"/elasticsearch-"$ES_VERSION"*.zip 2>/dev/null | head -n1 || true)
  [[ -n "$found" ]] || die "download finished but no zip in $CACHE_DIR"
  [[ "$found" == "$ZIP" ]] || mv "$found" "$ZIP"
fi

# --- Unprivileged user -----------------------------------------------------------------------------
as_es() { "$@"; }
if [[ $(id -u) -eq 0 ]]; then
  if ! id "$ES_USER" >/dev/null 2>&1; then
    useradd --system --no-create-home --shell /usr/sbin/nologin "$ES_USER" 2>/dev/null \
      || adduser --system --no-create-home "$ES_USER" >/dev/null \
      || die "could not create user $ES_USER"
  fi
  as_es() { runuser -u "$ES_USER" -- "$@"; }
fi

# --- Fresh home (stop a leftover node first) ---------------------------------------------------------
if [[ -f "$PIDFILE" ]]; then
  old=$(cat "$PIDFILE" 2>/dev/null || true)
  if [[ -n "$old" ]] && kill -0 "$old" 2>/dev/null; then
    echo "==> es-up: a node (pid $old) is still starting; waiting for it"
  else
    rm -rf "$ES_HOME_DIR"
  fi
fi
if [[ ! -f "$PIDFILE" ]]; then
  rm -rf "$ES_HOME_DIR"
  mkdir -p "$ES_HOME_DIR"
  echo "==> es-up: unzipping into $ES_HOME_DIR"
  (cd "$ES_HOME_DIR" && unzip -q "$ZIP") || die "unzip failed"
  [[ -x "$HOME_ES/bin/elasticsearch" ]] || die "unexpected zip layout: $HOME_ES/bin/elasticsearch missing"
  mkdir -p "$ES_HOME_DIR/data" "$ES_HOME_DIR/logs"
  if [[ $(id -u) -eq 0 ]]; then chown -R "$ES_USER": "$ES_HOME_DIR"; fi

  echo "==> es-up: starting Elasticsearch $ES_VERSION on $URL (java: $ES_JAVA_HOME)"
  (cd "$ES_HOME_DIR" && as_es env ES_JAVA_HOME="$ES_JAVA_HOME" ES_JAVA_OPTS="${ES_JAVA_OPTS:--Xms512m -Xmx1g}" \
    "$HOME_ES/bin/elasticsearch" -d -p "$PIDFILE" \
      -E discovery.type=single-node \
      -E xpack.security.enabled=false \
      -E cluster.routing.allocation.disk.threshold_enabled=false \
      -E http.host=127.0.0.1 -E http.port="$ES_PORT" \
      -E transport.host=127.0.0.1 \
      -E path.data="$ES_HOME_DIR/data" -E path.logs="$ES_HOME_DIR/logs" \
      >"$ES_HOME_DIR/start.out" 2>&1) || { cat "$ES_HOME_DIR/start.out" >&2; die "elasticsearch did not start"; }
fi

# --- Wait for health -----------------------------------------------------------------------------------
for _ in $(seq 1 "$WAIT_SECONDS"); do
  if healthy; then
    echo "==> es-up: Elasticsearch ready on $URL ($(health | sed -E 's/.*"status":"([a-z]+)".*/\1/'))"
    exit 0
  fi
  sleep 1
done
echo "---- last lines of the Elasticsearch log ----" >&2
tail -n 40 "$ES_HOME_DIR"/logs/*.log 2>/dev/null >&2 || cat "$ES_HOME_DIR/start.out" >&2 || true
die "Elasticsearch not healthy on $URL after ${WAIT_SECONDS}s"
