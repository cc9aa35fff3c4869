#!/usr/bin/env bash
# Installs (from Debian's packages) and starts what the test suite needs: a PostgreSQL server,
# LibreOffice (report PDF), poppler (PDF pages) and Chromium (browser tests).
# Idempotent: safe to run before every test run. Prints the test database URL on its last line.
set -euo pipefail

as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }
apt_updated=""
need_pkg() {  # need_pkg COMMAND-OR-PATH PACKAGE...
  if ! command -v "$1" >/dev/null 2>&1 && [ ! -e "$1" ]; then
    shift
    [ -n "$apt_updated" ] || { as_root apt-get update -qq >&2; apt_updated=1; }
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@" >&2
  fi
}

need_pkg pg_ctlcluster postgresql postgresql-contrib
need_pkg soffice libreoffice-impress fonts-dejavu-core   # PDF of the council report
need_pkg /usr/share/fonts/truetype/crosextra/Carlito-Regular.ttf fonts-crosextra-carlito fonts-crosextra-caladea  # metric-compatible with Calibri/Cambria: line breaks as in PowerPoint
need_pkg pdftoppm poppler-utils                          # report PDF -> PNG pages in tests
need_pkg chromium chromium                               # browser tests (Playwright drives it)
need_pkg wrk wrk                                         # load generator of benchmarks/bench_web.py and bench_scale.py
need_pkg /usr/sbin/mosquitto mosquitto                   # MQTT broker: the tests start their own on a loopback port
# django-ogc-sensorthings, a second SensorThings server for the client tests, in a venv of its
# own (pinned, hashed; tests/data_platform/test_django_sensorthings.py starts it on a loopback port).
repo=$(cd "$(dirname "$0")/.." && pwd)
if [ ! -x "$repo/.venv-sensorthings/bin/python" ]; then
  python3 -m venv "$repo/.venv-sensorthings" >&2
  "$repo/.venv-sensorthings/bin/pip" install -q --require-hashes --no-deps \
    -r "$repo/scripts/sensorthings-django/requirements.txt" >&2
fi
version=$(ls /usr/lib/postgresql | sort -n | tail -1)
if ! pg_lsclusters -h | awk '{print $1" "$2}' | grep -q "^$version main$"; then
  as_root pg_createcluster "$version" main >&2
fi
if ! pg_lsclusters -h | awk -v v="$version" '$1==v && $2=="main" {print $4}' | grep -q online; then
  as_root pg_ctlcluster "$version" main start >&2
fi
port=$(pg_lsclusters -h | awk -v v="$version" '$1==v && $2=="main" {print $3}')
psql_admin() { as_root su postgres -c "psql -p $port -tAc \"$1\""; }
for _ in $(seq 1 30); do psql_admin "select 1" >/dev/null 2>&1 && break; sleep 1; done
if [ "$(psql_admin "select 1 from pg_roles where rolname='stadtpuls'")" != "1" ]; then
  psql_admin "create role stadtpuls login createdb password 'stadtpuls'" >/dev/null
fi
# the tests drop their databases WITH (FORCE), which must end every backend still connected
psql_admin "grant pg_signal_backend to stadtpuls" >/dev/null
echo "postgresql+psycopg://stadtpuls:stadtpuls@127.0.0.1:$port/postgres"
