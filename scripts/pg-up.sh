#!/usr/bin/env bash
# Start a throwaway PostgreSQL for the test suite: fresh data dir, loopback port, no fsync.
#
# Why: the suite must pass on PostgreSQL as well as SQLite, against a real server (Debian's
# package), never a mock. The cluster lives under $SOTAY_PG_DIR (default /tmp/sotay-pg-$PORT) and
# is wiped on every start, so runs never see each other's data. As root, the server runs as the
# `postgres` OS user (PostgreSQL refuses root). Prints the DATABASE_URL to use on its last line.
# Fails loudly (non-zero) if the server cannot start: the suite never silently skips PostgreSQL.
set -euo pipefail

PORT="${SOTAY_PG_PORT:-55432}"
BASE="${SOTAY_PG_DIR:-/tmp/sotay-pg-$PORT}"
DATA="$BASE/data"
DB_NAME="${SOTAY_PG_DB:-sotay}"
DB_USER="${SOTAY_PG_USER:-sotay}"
DB_PASS="${SOTAY_PG_PASSWORD:-sotay}"

die() { echo "ERROR (pg-up): $*" >&2; exit 1; }

# Newest installed major version wins (Debian puts binaries outside PATH).
BIN=""
for d in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V); do
  [[ -x "$d/initdb" && -x "$d/pg_ctl" ]] && BIN="$d"
done
[[ -n "$BIN" ]] || die "no PostgreSQL server found under /usr/lib/postgresql/*/bin (run scripts/system-deps.sh)"

as_pg() {
  if [[ $(id -u) -eq 0 ]]; then
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}

# Stop a leftover server from an interrupted run before wiping its directory.
if [[ -f "$DATA/postmaster.pid" ]]; then
  echo "==> pg-up: stopping a leftover server in $DATA"
  as_pg "$BIN/pg_ctl" -D "$DATA" -m immediate -w stop >/dev/null 2>&1 || true
fi
if (exec 3<>"/dev/tcp/127.0.0.1/$PORT") 2>/dev/null; then
  die "port 127.0.0.1:$PORT is already in use by another program (set SOTAY_PG_PORT)"
fi

rm -rf "$BASE"
mkdir -p "$BASE"
if [[ $(id -u) -eq 0 ]]; then
  id postgres >/dev/null 2>&1 || die "OS user 'postgres' missing (is the postgresql package installed?)"
  chown postgres: "$BASE"
  chmod 0700 "$BASE"
fi

echo "==> pg-up: initdb ($BIN) in $DATA"
as_pg "$BIN/initdb" -D "$DATA" -U postgres -A trust -E UTF8 --locale=C.UTF-8 --no-sync >"$BASE/initdb.log" 2>&1 \
  || { cat "$BASE/initdb.log" >&2; die "initdb failed"; }

# Test-only speed settings: durability is pointless for a throwaway cluster.
cat >>"$DATA/postgresql.conf" <<CONF
listen_addresses = '127.0.0.1'
port = $PORT
unix_socket_directories = '$BASE'
fsync = off
synchronous_commit = off
full_page_writes = off
max_connections = 50
shared_buffers = 128MB
CONF

echo "==> pg-up: starting on 127.0.0.1:$PORT"
as_pg "$BIN/pg_ctl" -D "$DATA" -l "$BASE/server.log" -w -t 60 start >/dev/null \
  || { tail -n 30 "$BASE/server.log" >&2 || true; die "PostgreSQL did not start"; }

psql_pg() { as_pg "$BIN/psql" -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$PORT" -U postgres -d postgres "$@"; }
psql_pg -c "CREATE ROLE \"$DB_USER\" LOGIN CREATEDB PASSWORD '$DB_PASS';" \
  || die "could not create role $DB_USER"
psql_pg -c "CREATE DATABASE \"$DB_NAME\" OWNER \"$DB_USER\";" || die "could not create database $DB_NAME"
version=$(psql_pg -At -c "SHOW server_version;")
echo "==> pg-up: PostgreSQL $version ready"
echo "postgres://$DB_USER:$DB_PASS@127.0.0.1:$PORT/$DB_NAME"
