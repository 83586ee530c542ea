#!/bin/sh
# Fails when src/lib/text/lexicon_data.c is not what src/lib/text/gen_lexicon.py
# generates from the shared data: the file says "do not edit", and a hand edit
# or a generator change without regenerating would ship a lexicon nobody can
# reproduce. Skips (77) without ../shared/data. Usage: lexicon_fresh.sh ROOT DATA
root=${1:-.}
data=${2:-$root/../shared/data}
py=${PU_SYSTEM_PYTHON:-/usr/bin/python3}
if [ ! -f "$data/esco/skills_v1.0_es.csv" ] || [ ! -f "$data/bench/esco_units_es_en.json" ]; then
	echo "skipped: $data/esco or $data/bench absent (the lexicon's sources)"
	exit 77
fi
out=$(mktemp) || exit 1
trap 'rm -f "$out"' EXIT
"$py" "$root/src/lib/text/gen_lexicon.py" "$data" >"$out" || {
	echo "gen_lexicon.py failed" >&2
	exit 1
}
if ! cmp -s "$out" "$root/src/lib/text/lexicon_data.c"; then
	echo "src/lib/text/lexicon_data.c differs from what gen_lexicon.py generates:" >&2
	diff "$root/src/lib/text/lexicon_data.c" "$out" | head -20 >&2
	echo "regenerate: $py src/lib/text/gen_lexicon.py > src/lib/text/lexicon_data.c" >&2
	exit 1
fi
echo "lexicon_data.c is what gen_lexicon.py generates"
