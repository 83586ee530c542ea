#!/bin/sh
# `make run`: creates the database from data/ on first start (reference frameworks,
# referencing, demo catalogue, demo agreement), keeps it in step with data/
# afterwards, and shows what is loaded. Usage: run.sh PUENTE_BINARY DB_PATH
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
"$puente" --db "$db" frameworks
cat <<MSG

Try:
  $puente --db $db standards search albañil
  $puente --db $db standards show MX-ELEC-01
  $puente --db $db levels compare CR:2 MX:2
  $puente --db $db levels compare cr-mnc-eftp mx-conocer
  $puente --db $db homologate MX-ELEC-01 --to CL --explain
  $puente --db $db homologate NI-COOK-01 --to CR
  $puente --db $db agreements show demo-cr-ni-cook
  $puente help
MSG
