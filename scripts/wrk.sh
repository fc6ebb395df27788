#!/usr/bin/env bash
# Make sure Debian's `wrk` (the HTTP load generator of benchmarks/bench_service.py) is installed.
# As root a missing wrk is installed with apt-get; otherwise the script says what is missing and exits 0.
set -uo pipefail

if command -v wrk >/dev/null 2>&1; then
    echo "wrk: found ($(command -v wrk))"
    exit 0
fi
if [ "$(id -u)" -ne 0 ]; then
    echo "wrk: not installed and not root: run 'apt-get install -y wrk' as root" >&2
    exit 0
fi
echo "wrk: installing Debian's wrk package"
export DEBIAN_FRONTEND=noninteractive
if ! apt-get install -y -q wrk >/dev/null 2>&1; then
    apt-get update -q >/dev/null 2>&1 && apt-get install -y -q wrk >/dev/null 2>&1
fi
if command -v wrk >/dev/null 2>&1; then
    echo "wrk: installed ($(command -v wrk))"
else
    echo "wrk: installation failed" >&2
fi
exit 0
