#!/bin/sh
# bench/smoke (ctest): a tiny benchmark run, so that the benchmark code keeps
# building and running in CI. It checks that the generator is deterministic and
# that bench_catalog imports what was generated, and runs bench_homologate on
# that database with a handful of homologations; it asserts nothing about time.
# Usage: smoke.sh GEN_CATALOG BENCH_CATALOG WORK_DIR [BENCH_HOMOLOGATE]
set -eu
gen=$1
bench=$2
dir=$3
homologate=${4:-}
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

[ -n "$homologate" ] || exit 0
"$homologate" --queries 12 --threads 1,2 --decisions "$dir/decisions.txt" \
	"$dir/smoke.db" >"$dir/homologate.txt"
cat "$dir/homologate.txt"
grep -q '^index: 50 standards, 500 units' "$dir/homologate.txt" || {
	echo "smoke: bench_homologate did not index 50 standards, 500 units" >&2
	exit 1
}
grep -q '^homologate: 12 homologations' "$dir/homologate.txt" || {
	echo "smoke: no homologation figures" >&2
	exit 1
}
grep -q 'errors 0$' "$dir/homologate.txt" || {
	echo "smoke: a homologation failed" >&2
	exit 1
}
if grep '^batch:' "$dir/homologate.txt" |
	grep -qv "results differing from one thread's: 0; errors 0"; then
	echo "smoke: threads gave other results than one thread" >&2
	exit 1
fi
grep -q '^fts5: 12 searches' "$dir/homologate.txt" || {
	echo "smoke: no FTS5 baseline figures" >&2
	exit 1
}
lines=$(wc -l <"$dir/decisions.txt")
[ "$lines" -eq 12 ] || {
	echo "smoke: expected 12 decisions, got $lines" >&2
	exit 1
}
