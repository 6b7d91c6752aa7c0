#!/usr/bin/env bash
# Installs what the tests use and the machine lacks: poppler-utils and qpdf (the PDF tests),
# Chromium and Node.js (the browser tests) from Debian's packages, and the browser tests' npm
# packages (pinned in tests/browser/package-lock.json). Run by scripts/test.sh and .ci/run.
# Installing needs root on Debian or Ubuntu; elsewhere it says what is missing, and the tests
# that need it are skipped with the same message.
set -euo pipefail
cd "$(dirname "$0")/.."

# Debian package → the program that shows it is installed.
declare -A provides=(
  [poppler-utils]=pdftotext
  [qpdf]=qpdf
  [chromium]="${CHROMIUM:-/usr/bin/chromium}"
  [nodejs]=node
  [npm]=npm
  [ca-certificates]=/etc/ssl/certs/ca-certificates.crt
)

need=()
for pkg in poppler-utils qpdf chromium nodejs npm ca-certificates; do
  tool="${provides[$pkg]}"
  if [[ "$tool" == /* ]]; then
    [ -e "$tool" ] || need+=("$pkg")
  else
    command -v "$tool" >/dev/null 2>&1 || need+=("$pkg")
  fi
done

if [ ${#need[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "setup-tests: installing ${need[*]}"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends "${need[@]}"
  else
    echo "setup-tests: missing ${need[*]}; install them (Debian/Ubuntu, as root:" \
      "apt-get install ${need[*]}); the tests that need them are skipped" >&2
  fi
fi

if command -v npm >/dev/null 2>&1; then
  if [ ! -d tests/browser/node_modules/playwright-core ] \
    || [ tests/browser/package-lock.json -nt tests/browser/node_modules/.package-lock.json ]; then
    npm ci --prefix tests/browser --no-audit --no-fund
  fi
fi
