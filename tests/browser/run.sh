#!/bin/sh
# Browser journeys of the web portal: playwright-core (npm, pinned in
# package-lock.json) drives Debian's Chromium headless against a real
# `puente serve` on a loopback port, started and stopped here.
#
# Usage: run.sh [JOURNEY...]   journeys: start search levels authority verify cases (default: all)
#
# Environment (set by ctest, see tests/CMakeLists.txt):
#   PUENTE                the puente binary under test
#   PU_SOURCE_DIR         the repository root
#   PU_BROWSER_ARTEFACTS  where screenshots and the server log go (default ./browser-artefacts)
#   PU_BROWSER_NODE       where `npm ci` installs playwright-core (default ~/.cache/puente-browser)
#   PU_CHROMIUM           the Chromium binary (default Debian's /usr/lib/chromium/chromium)
#
# Exit: 0 passed, 1 failed, 77 skipped (no Node.js, no Chromium, npm registry
# unreachable, or every journey asked for is pending).
set -u

fail() {
	echo "FAIL: $*" >&2
	exit 1
}
skip() {
	echo "skipped: $*"
	exit 77
}

here=$(cd "$(dirname "$0")" && pwd)
: "${PUENTE:?PUENTE must name the puente binary}"
: "${PU_SOURCE_DIR:=$(cd "$here/../.." && pwd)}"
case $PUENTE in /*) ;; *) PUENTE=$(pwd)/$PUENTE ;; esac
[ -x "$PUENTE" ] || fail "PUENTE=$PUENTE is not an executable"
art=${PU_BROWSER_ARTEFACTS:-$(pwd)/browser-artefacts}
node_dir=${PU_BROWSER_NODE:-${XDG_CACHE_HOME:-$HOME/.cache}/puente-browser}

command -v node >/dev/null 2>&1 || skip "node is absent (scripts/deps.sh installs it)"
command -v npm >/dev/null 2>&1 || skip "npm is absent (scripts/deps.sh installs it)"
chromium=${PU_CHROMIUM:-}
if [ -z "$chromium" ]; then
	# The real binary: /usr/bin/chromium is a shell wrapper.
	for c in /usr/lib/chromium/chromium /usr/bin/chromium; do
		if [ -x "$c" ]; then
			chromium=$c
			break
		fi
	done
fi
[ -n "$chromium" ] && [ -x "$chromium" ] || skip "Chromium is absent (scripts/deps.sh installs Debian's chromium)"
"$PUENTE" help serve >/dev/null 2>&1 || skip "this puente has no serve verb yet"

# playwright-core, installed once per lock file into $node_dir. A lock
# directory keeps two runs from installing at the same time.
# Fail fast when the registry cannot be reached (npm retries for minutes by default).
npm_flags="--fetch-retries=1 --fetch-retry-mintimeout=2000 --fetch-retry-maxtimeout=5000 --fetch-timeout=60000"
install_node_modules() {
	if [ -f "$node_dir/node_modules/playwright-core/package.json" ] &&
		cmp -s "$here/package-lock.json" "$node_dir/package-lock.json"; then
		return 0
	fi
	mkdir -p "$node_dir" || fail "mkdir $node_dir"
	waited=0
	until mkdir "$node_dir/.lock" 2>/dev/null; do
		waited=$((waited + 1))
		[ $waited -gt 300 ] && fail "$node_dir/.lock held for 5 minutes; remove it if no install is running"
		sleep 1
	done
	if ! { [ -f "$node_dir/node_modules/playwright-core/package.json" ] &&
		cmp -s "$here/package-lock.json" "$node_dir/package-lock.json"; }; then
		echo "browser: npm ci (playwright-core) into $node_dir"
		rm -rf "$node_dir/node_modules"
		cp "$here/package.json" "$here/package-lock.json" "$node_dir/"
		# shellcheck disable=SC2086
		if ! (cd "$node_dir" && npm ci --ignore-scripts --no-audit --no-fund $npm_flags \
			--cache "$node_dir/.npm-cache" >"$node_dir/npm.log" 2>&1); then
			rm -rf "$node_dir/node_modules" "$node_dir/package-lock.json"
			rmdir "$node_dir/.lock"
			# shellcheck disable=SC2086
			if ! npm ping $npm_flags --cache "$node_dir/.npm-cache" >/dev/null 2>&1; then
				skip "npm cannot reach its registry to install playwright-core (see $node_dir/npm.log)"
			fi
			cat "$node_dir/npm.log" >&2
			fail "npm ci failed in $node_dir"
		fi
	fi
	rmdir "$node_dir/.lock"
}
install_node_modules

T=$(mktemp -d "${TMPDIR:-/tmp}/puente-browser.XXXXXX") || fail "mktemp -d"
server_pid=""
cleanup() {
	if [ -n "$server_pid" ]; then
		kill -TERM "$server_pid" 2>/dev/null
		wait "$server_pid" 2>/dev/null
	fi
	rm -rf "$T"
}
trap cleanup EXIT
trap 'exit 130' HUP INT TERM

# A database seeded from data/ as `make run` does: frameworks, referencing,
# the demonstration catalogue and agreement.
db=$T/puente.db
"$PUENTE" --db "$db" init >/dev/null || fail "puente init"
"$PUENTE" --db "$db" import "$PU_SOURCE_DIR"/data/frameworks/*.json \
	"$PU_SOURCE_DIR"/data/referencing/*.json "$PU_SOURCE_DIR"/data/catalog/*.json \
	"$PU_SOURCE_DIR"/data/agreements/*.json >/dev/null || fail "seeding $db from data/"

# Accounts for the authority journey: the national authority of Costa Rica.
PU_USERS=""
if "$PUENTE" help user >/dev/null 2>&1; then
	pw=$T/password
	printf '%s\n' 'cr-authority-pass-2026' >"$pw"
	"$PUENTE" --db "$db" user add ina.cr --role authority --country CR \
		--password-file "$pw" >/dev/null || fail "puente user add ina.cr"
	rm -f "$pw"
	PU_USERS="ina.cr:cr-authority-pass-2026:CR"
fi
export PU_USERS

mkdir -p "$art" || fail "mkdir $art"
journeys=${*:-start search levels authority verify cases}

# For the certificate check: the issuer's signing key, and a trust list that
# accredits it for Costa Rica's standards, signed by a regional authority's
# own key and put where the server reads its trust lists ($PUENTE_TRUST,
# formats.md "Trust list"). The journey issues and revokes with the CLI on
# the same database and key store while the server runs.
PU_ISSUER=""
case " $journeys " in *" verify "* | *" cases "*)
	if "$PUENTE" help issue >/dev/null 2>&1 && "$PUENTE" help trust >/dev/null 2>&1; then
		PUENTE_KEYS=$T/keys PUENTE_TRUST=$T/trust
		PUENTE_KEY_PASSPHRASE='browser test passphrase 2026'
		export PUENTE_KEYS PUENTE_TRUST PUENTE_KEY_PASSPHRASE
		PU_ISSUER=$("$PUENTE" keys new --json | sed -n 's/.*"did": *"\([^"]*\)".*/\1/p') &&
			[ -n "$PU_ISSUER" ] || fail "puente keys new"
		"$PUENTE" keys new --keys "$T/authority-keys" >/dev/null || fail "puente keys new (authority)"
		mkdir -p "$T/trust" || fail "mkdir $T/trust"
		tl=$T/trust/sica.json
		"$PUENTE" trust new --id https://trust.sica.example/lists/browser-test \
			--name "SICA: organismos acreditados (prueba)" \
			--valid-from 2020-01-01T00:00:00Z -o "$tl" >/dev/null &&
			"$PUENTE" trust add "$tl" --did "$PU_ISSUER" --country CR --role authority \
				--scope 'CR/*' --name "INA Costa Rica" >/dev/null &&
			"$PUENTE" trust sign "$tl" --keys "$T/authority-keys" >/dev/null ||
			fail "the trust list of the verify journey"
	fi
	;;
esac
export PU_ISSUER
log=$art/serve-$(echo "$journeys" | tr ' ' '-').log
"$PUENTE" --db "$db" serve --listen 127.0.0.1:0 --threads 2 \
	--ready-file "$T/ready" 2>"$log" >/dev/null &
server_pid=$!
i=0
while [ ! -s "$T/ready" ]; do
	kill -0 "$server_pid" 2>/dev/null || { cat "$log" >&2; server_pid=""; fail "puente serve exited at start"; }
	i=$((i + 1))
	[ $i -gt 600 ] && fail "puente serve did not start in 60 s"
	sleep 0.1
done
addr=$(cat "$T/ready")

PU_BASE_URL="http://$addr" PU_NODE_MODULES="$node_dir/node_modules" PU_CHROMIUM="$chromium" \
	PU_BROWSER_ARTEFACTS="$art" PU_TMP="$T" PU_SOURCE_DIR="$PU_SOURCE_DIR" PU_PUENTE="$PUENTE" PU_DB="$db" \
	node "$here/journeys.mjs" $journeys
rc=$?
exit $rc
