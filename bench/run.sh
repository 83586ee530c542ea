#!/bin/sh
# `make bench`: generates the synthetic catalogue into bench/out/ (once per set
# of parameters) and runs the import and search benchmark on it, then the
# homologation speed benchmark (run_homologate.sh) on the database it
# imported, printing the figures. Usage: sh bench/run.sh BUILD_DIR
#
# Environment (defaults in brackets), for smaller or different runs:
#   BENCH_STANDARDS [100000]  BENCH_UNITS [10]  BENCH_CRITERIA [5]
#   BENCH_SEED [1]            BENCH_SEARCHES [2000]
#   BENCH_OUT [bench/out]     where the catalogue and the database go
# and those of run_homologate.sh (BENCH_HOMOLOGATIONS, BENCH_THREADS).
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
searches=${BENCH_SEARCHES:-2000}
out=${BENCH_OUT:-bench/out}

gen=$build/bench/gen_catalog
bench=$build/bench/bench_catalog
for exe in "$gen" "$bench"; do
	if [ ! -x "$exe" ]; then
		echo "run.sh: $exe is missing; build first (make build)" >&2
		exit 1
	fi
done

mkdir -p "$out"
name=catalog-s$standards-u$units-c$criteria-seed$seed
catalog=$out/$name.jsonl
if [ ! -f "$catalog" ]; then
	echo "Generating $catalog ..."
	# Into a temporary name first, so an interrupted run leaves no
	# half catalogue behind to be mistaken for a whole one.
	"$gen" --standards "$standards" --units "$units" \
		--criteria "$criteria" --seed "$seed" -o "$catalog.tmp"
	mv "$catalog.tmp" "$catalog"
fi
echo "Command: $bench --searches $searches --seed $seed --replace $catalog $out/$name.db"
"$bench" --searches "$searches" --seed "$seed" --replace "$catalog" \
	"$out/$name.db"
# Then the homologation speed benchmark on the database just imported.
echo
exec sh bench/run_homologate.sh "$build"
