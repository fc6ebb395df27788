#!/usr/bin/env bash
# Make sure Debian's chromium (the browser of the dashboard's Playwright tests) is installed at /usr/bin/chromium.
# As root a missing chromium is installed with apt-get; otherwise the script says what is missing and exits 0
# (the browser tests then skip with the reason). Never `playwright install`: the tests use this browser.
set -uo pipefail

if [ -x /usr/bin/chromium ]; then
    echo "chromium: found (/usr/bin/chromium)"
    exit 0
fi
if [ "$(id -u)" -ne 0 ]; then
    echo "chromium: not installed and not root: run 'apt-get install -y chromium' as root" >&2
    exit 0
fi
echo "chromium: installing Debian's chromium package"
export DEBIAN_FRONTEND=noninteractive
if ! apt-get install -y -q chromium >/dev/null 2>&1; then
    apt-get update -q >/dev/null 2>&1 && apt-get install -y -q chromium >/dev/null 2>&1
fi
if [ -x /usr/bin/chromium ]; then
    echo "chromium: installed (/usr/bin/chromium)"
else
    echo "chromium: installation failed" >&2
fi
exit 0
