#!/bin/sh
# The homologation speed benchmark (`make bench` runs it after run.sh's
# import and search benchmark): builds the homologation index of the synthetic
# catalogue's database and times homologations beside FTS5, printing the
# figures. Usage: sh bench/run_homologate.sh BUILD_DIR
#
# It reuses the database that run.sh (bench_catalog) left in bench/out/; when
# there is none, it generates the catalogue (once) and bench_homologate imports
# it. Environment (defaults in brackets):
#   BENCH_STANDARDS [100000]  BENCH_UNITS [10]  BENCH_CRITERIA [5]
#   BENCH_SEED [1]            BENCH_HOMOLOGATIONS [2000]
#   BENCH_THREADS [1,2]       BENCH_OUT [bench/out]
set -eu
build=${1:-build}
case $build in
/*) ;;
*) build=$(pwd)/$build ;;
esac
cd "$(dirname "$0")/.."

standards=${BENCH_STANDARDS:-100000}
units=${BENCH_UNITS:-10}
criteria=${BENCH_CRITERIA:-5}
seed=${BENCH_SEED:-1}
queries=${BENCH_HOMOLOGATIONS:-2000}
threads=${BENCH_THREADS:-1,2}
out=${BENCH_OUT:-bench/out}

gen=$build/bench/gen_catalog
bench=$build/bench/bench_homologate
for exe in "$gen" "$bench"; do
	if [ ! -x "$exe" ]; then
		echo "run_homologate.sh: $exe is missing; build first" \
			"(make build)" >&2
		exit 1
	fi
done

mkdir -p "$out"
name=catalog-s$standards-u$units-c$criteria-seed$seed
catalog=$out/$name.jsonl
db=$out/$name.db
if [ ! -f "$db" ] && [ ! -f "$catalog" ]; then
	echo "Generating $catalog ..."
	"$gen" --standards "$standards" --units "$units" \
		--criteria "$criteria" --seed "$seed" -o "$catalog.tmp"
	mv "$catalog.tmp" "$catalog"
fi
echo "Command: $bench --queries $queries --threads $threads --seed $seed" \
	"--import $catalog $db"
exec "$bench" --queries "$queries" --threads "$threads" --seed "$seed" \
	--import "$catalog" "$db"
