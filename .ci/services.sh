#!/usr/bin/env bash
# The servers and tools the tests need, from Debian packages (there is no Docker engine on
# these machines). Used by .ci/run and by hand:
#   bash .ci/services.sh install      apt packages (once per machine)
#   source .ci/services.sh start      Redis and PostgreSQL on private ports; exports
#                                     TEST_REDIS_URL and TEST_DATABASE_URL for the tests
#   bash .ci/services.sh stop         stops both and removes their data folder
# Tests that need a server read those variables and skip with a note when they are unset.

SERVICES_DIR="${SERVICES_DIR:-/tmp/crm-ivr-test-services}"
TEST_REDIS_PORT="${TEST_REDIS_PORT:-56379}"
TEST_PG_PORT="${TEST_PG_PORT:-55432}"
PACKAGES=(redis-server postgresql espeak-ng sox ffmpeg chromium)

services_install() {
  local missing=()
  for p in "${PACKAGES[@]}"; do
    dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p")
  done
  if [ "${#missing[@]}" -gt 0 ]; then
    echo "installing: ${missing[*]}"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  fi
}

services_start() {
  local pgbin
  pgbin="$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)"
  mkdir -p "$SERVICES_DIR"
  chmod 777 "$SERVICES_DIR"
  # PostgreSQL refuses to run as root: its own cluster, owned by the postgres user.
  if [ ! -f "$SERVICES_DIR/pg/PG_VERSION" ]; then
    mkdir -p "$SERVICES_DIR/pg"
    chown postgres "$SERVICES_DIR/pg" 2>/dev/null || true
    runuser -u postgres -- "$pgbin/initdb" -D "$SERVICES_DIR/pg" -U postgres \
      --auth=trust --no-sync >/dev/null
  fi
  runuser -u postgres -- "$pgbin/pg_ctl" -D "$SERVICES_DIR/pg" -l "$SERVICES_DIR/pg.log" \
    -o "-p $TEST_PG_PORT -k $SERVICES_DIR -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=300" \
    -w start >/dev/null
  redis-server --port "$TEST_REDIS_PORT" --bind 127.0.0.1 --save '' --appendonly no \
    --daemonize yes --pidfile "$SERVICES_DIR/redis.pid" --logfile "$SERVICES_DIR/redis.log"
  for _ in $(seq 1 50); do
    redis-cli -p "$TEST_REDIS_PORT" ping >/dev/null 2>&1 && break
    sleep 0.1
  done
  export TEST_REDIS_URL="redis://127.0.0.1:$TEST_REDIS_PORT"
  export TEST_DATABASE_URL="postgres://postgres@127.0.0.1:$TEST_PG_PORT/postgres"
  echo "Redis at $TEST_REDIS_URL, PostgreSQL at $TEST_DATABASE_URL"
}

services_stop() {
  local pgbin
  pgbin="$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)"
  if [ -f "$SERVICES_DIR/redis.pid" ]; then
    redis-cli -p "$TEST_REDIS_PORT" shutdown nosave >/dev/null 2>&1 || true
  fi
  if [ -f "$SERVICES_DIR/pg/postmaster.pid" ]; then
    runuser -u postgres -- "$pgbin/pg_ctl" -D "$SERVICES_DIR/pg" -m fast -w stop >/dev/null || true
  fi
  rm -rf "$SERVICES_DIR"
}

case "${1:-}" in
  install) services_install ;;
  start) services_start ;;
  stop) services_stop ;;
  *) echo "usage: .ci/services.sh install|start|stop" >&2 ;;
esac
