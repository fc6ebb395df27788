#!/usr/bin/env bash
# Make sure a PostgreSQL server is installed for the tests (Debian's `postgresql` package).
# The tests start a throwaway server of their own (tests/postgres.py); this script only installs it.
# As root, a missing server is installed with apt-get; otherwise the script says what is missing and exits 0
# (the PostgreSQL tests then skip with the reason, unless ACCORD_REQUIRE_POSTGRES=1).
set -uo pipefail

find_initdb() {
    command -v initdb 2>/dev/null && return 0
    ls /usr/lib/postgresql/*/bin/initdb 2>/dev/null | sort -V | tail -n 1 | grep . && return 0
    return 1
}

if initdb_path=$(find_initdb); then
    echo "postgres: server found ($initdb_path)"
    exit 0
fi
if [ "$(id -u)" -ne 0 ]; then
    echo "postgres: no server installed and not root: run 'apt-get install -y postgresql' as root" >&2
    exit 0
fi
echo "postgres: installing Debian's postgresql package"
export DEBIAN_FRONTEND=noninteractive
if ! apt-get install -y -q postgresql >/dev/null 2>&1; then
    apt-get update -q >/dev/null 2>&1 && apt-get install -y -q postgresql >/dev/null 2>&1
fi
if initdb_path=$(find_initdb); then
    echo "postgres: installed ($initdb_path)"
else
    echo "postgres: installation failed" >&2
    exit 1
fi
