#!/bin/sh
# Installs the Debian packages Puente needs to build, test and run, when they are
# missing. Idempotent and quiet when everything is already there. Needs root (or sudo)
# only when something must be installed.
set -eu

PKGS="build-essential cmake pkg-config
libsqlite3-dev sqlite3 libjansson-dev libsodium-dev libutf8proc-dev libstemmer-dev
libcmocka-dev zlib1g-dev clang libclang-rt-14-dev python3 python3-jsonschema python3-yaml
apertium apertium-eng-spa apertium-fr-es apertium-es-pt
libmicrohttpd-dev libqrencode-dev libhpdf-dev chromium poppler-utils zbar-tools"

# Node.js runs the browser tests (playwright-core) and the interoperability
# tests of credentials (the W3C reference libraries); Debian's when none is there.
command -v node >/dev/null 2>&1 || PKGS="$PKGS nodejs npm"
# Benchmarks only (`make bench`): wrk, and nginx as the static-file yardstick.
[ "${1:-}" = bench ] && PKGS="$PKGS wrk nginx-light"

missing=""
for p in $PKGS; do
	if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
		missing="$missing $p"
	fi
done
[ -z "$missing" ] && exit 0

echo "deps: installing:$missing" >&2
SUDO=""
if [ "$(id -u)" -ne 0 ]; then
	if command -v sudo >/dev/null 2>&1; then
		SUDO="sudo"
	else
		echo "deps: need root to install:$missing" >&2
		exit 1
	fi
fi
export DEBIAN_FRONTEND=noninteractive
# An out-of-date package list makes installs fail on a fresh machine.
$SUDO apt-get update -qq >/dev/null
# shellcheck disable=SC2086
$SUDO apt-get install -y -qq --no-install-recommends $missing >/dev/null
echo "deps: done" >&2
