#!/bin/sh
# bench/smoke (ctest): a tiny benchmark run, so that the benchmark code keeps
# building and running in CI. It checks that the generator is deterministic and
# that bench_catalog imports what was generated; it asserts nothing about time.
# Usage: smoke.sh GEN_CATALOG BENCH_CATALOG WORK_DIR
set -eu
gen=$1
bench=$2
dir=$3
rm -rf "$dir"
mkdir -p "$dir"

"$gen" --standards 50 --seed 7 -o "$dir/a.jsonl"
"$gen" --standards 50 --seed 7 >"$dir/b.jsonl"
cmp "$dir/a.jsonl" "$dir/b.jsonl" || {
	echo "smoke: the same seed gave different catalogues" >&2
	exit 1
}
"$gen" --standards 50 --seed 8 -o "$dir/c.jsonl"
if cmp -s "$dir/a.jsonl" "$dir/c.jsonl"; then
	echo "smoke: different seeds gave the same catalogue" >&2
	exit 1
fi
lines=$(wc -l <"$dir/a.jsonl")
[ "$lines" -eq 50 ] || {
	echo "smoke: expected 50 lines, got $lines" >&2
	exit 1
}

"$bench" --searches 20 "$dir/a.jsonl" "$dir/smoke.db" >"$dir/out.txt"
cat "$dir/out.txt"
grep -q '^import: 50 standards, 500 units, 2500 criteria' "$dir/out.txt" || {
	echo "smoke: the import did not report 50 standards, 500 units," \
		"2500 criteria" >&2
	exit 1
}
grep -q '^search: 20 queries' "$dir/out.txt" || {
	echo "smoke: no search figures" >&2
	exit 1
}
