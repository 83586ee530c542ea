#!/bin/sh
# `make run`: creates the database from data/ on first start (reference frameworks,
# referencing, demo catalogue, demo agreement), keeps it in step with data/
# afterwards, shows what is loaded, and serves the portal and the API on
# http://127.0.0.1:8080 (PUENTE_LISTEN=ADDR:PORT to change; Ctrl-C stops).
# Usage: run.sh PUENTE_BINARY DB_PATH
set -eu
puente=$1
db=$2
cd "$(dirname "$0")/.."

first=no
[ -f "$db" ] || first=yes
"$puente" --db "$db" init >/dev/null
# Frameworks before the referencing that points at them, before the standards
# that have levels in them, before the agreements that name them. Each file is
# one transaction.
"$puente" --db "$db" import data/frameworks/*.json data/referencing/*.json \
	data/catalog/*.json data/agreements/*.json >/dev/null
if [ "$first" = yes ]; then
	echo "Created $db from data/."
else
	echo "Updated $db from data/."
fi
echo
"$puente" --db "$db" status
echo
cat <<MSG
The command line works on the same database, for example:
  $puente --db $db standards search albañil
  $puente --db $db levels compare CR:2 MX:2
  $puente --db $db homologate NI-COOK-01 --to CR --explain
  $puente help

MSG
exec "$puente" --db "$db" serve --listen "${PUENTE_LISTEN:-127.0.0.1:8080}"
