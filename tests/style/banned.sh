#!/bin/sh
# Fails when our C uses a banned function (see docs/../CONVENTIONS: strcpy, strcat,
# sprintf, strtok, atoi, gets, strncpy). Comments are not exempt: keep them out.
root=${1:-.}
hits=$(grep -rnE '\b(strcpy|strcat|sprintf|vsprintf|strtok|atoi|atol|gets|strncpy)[[:space:]]*\(' \
	"$root/src" "$root/include" "$root/tests/unit" "$root/bench" "$root/fuzz" \
	--include='*.c' --include='*.h' 2>/dev/null)
if [ -n "$hits" ]; then
	echo "banned functions used:" >&2
	echo "$hits" >&2
	exit 1
fi
echo "no banned functions"
