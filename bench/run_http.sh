#!/bin/sh
# HTTP benchmark: wrk on loopback against `puente serve` (a standard's detail,
# a search, a homologation, and the portal's start page), each beside nginx
# serving a static file of the same size on the same machine in the same run;
# the ratio is the figure. Each route twice: the same target again and again
# (served from the reply cache after the first), and a new target every time
# (an ignored parameter with a counter: the handler runs every time). Prints requests per second and p99 latency of each,
# and the server's memory after the run. Usage: sh bench/run_http.sh BUILD_DIR
# Environment: BENCH_HTTP_SECONDS [10]  BENCH_HTTP_CONNECTIONS [32]
#              BENCH_HTTP_THREADS [2] (wrk threads and server threads)
set -eu
build=${1:-build}
case $build in
/*) ;;
*) build=$(pwd)/$build ;;
esac
cd "$(dirname "$0")/.."
secs=${BENCH_HTTP_SECONDS:-10}
conns=${BENCH_HTTP_CONNECTIONS:-32}
threads=${BENCH_HTTP_THREADS:-2}
for tool in wrk nginx curl; do
	command -v $tool >/dev/null 2>&1 || [ -x /usr/sbin/$tool ] || {
		echo "bench/run_http.sh: $tool is missing (sh scripts/deps.sh bench)" >&2
		exit 1
	}
done
NGINX=$(command -v nginx || echo /usr/sbin/nginx)

work=$(mktemp -d /tmp/puente-http-XXXXXX)
pid=""
npid=""
cleanup() {
	[ -n "$pid" ] && kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null
	[ -n "$npid" ] && kill "$npid" 2>/dev/null
	rm -rf "$work"
}
trap cleanup EXIT INT TERM

puente=$build/puente
db=$work/bench.db
"$puente" --db "$db" import data/frameworks/*.json data/referencing/*.json \
	data/catalog/*.json data/agreements/*.json >/dev/null
"$puente" --db "$db" serve --quiet --listen 127.0.0.1:0 --threads "$threads" \
	--ready-file "$work/ready" >/dev/null 2>"$work/serve.log" &
pid=$!
i=0
while [ ! -f "$work/ready" ]; do
	i=$((i + 1))
	[ $i -gt 600 ] && { cat "$work/serve.log" >&2; exit 1; }
	sleep 0.1
done
base=http://$(cat "$work/ready")

# nginx, two workers like the server's two threads, serving the same bytes.
mkdir -p "$work/www" "$work/nginx"
cat >"$work/nginx.conf" <<CONF
daemon off;
worker_processes $threads;
pid $work/nginx/nginx.pid;
error_log $work/nginx/error.log;
events { worker_connections 1024; }
http {
	access_log off;
	client_body_temp_path $work/nginx;
	proxy_temp_path $work/nginx;
	fastcgi_temp_path $work/nginx;
	uwsgi_temp_path $work/nginx;
	scgi_temp_path $work/nginx;
	server {
		listen 127.0.0.1:18089;
		root $work/www;
		default_type application/json;
	}
}
CONF
"$NGINX" -c "$work/nginx.conf" -p "$work/nginx" &
npid=$!
sleep 0.5

# Every request a new target (a counter in an ignored parameter): what the
# server does when its reply cache cannot help.
cat >"$work/fresh.lua" <<'LUA'
local n = 0
request = function()
	n = n + 1
	local sep = string.find(wrk.path, "?", 1, true) and "&" or "?"
	return wrk.format(nil, wrk.path .. sep .. "bench=" .. n .. "-" .. math.random(1e9))
end
LUA

# wrk's summary -> "requests/s p99_ms"; $2 may be a wrk script.
measure() {
	wrk -t "$threads" -c "$conns" -d "${secs}s" --latency ${2:+-s "$2"} "$1" 2>/dev/null |
		awk '/Requests\/sec/ {rps=$2}
		     / 99%/ {v=$2; if (v ~ /us$/) {sub(/us/,"",v); v=v/1000}
			     else if (v ~ /ms$/) {sub(/ms/,"",v)}
			     else if (v ~ /s$/) {sub(/s/,"",v); v=v*1000}
			     p99=v}
		     END {printf "%s %s", rps, p99}'
}

printf '%-13s %6s | %9s %7s | %9s %7s | %9s %7s | %6s %6s\n' route bytes \
	cached p99_ms uncached p99_ms nginx p99_ms ratio ratio_u
for spec in \
	"standard:/api/v1/standards/CR/CR-COOK-01" \
	"search:/api/v1/standards?q=cocina" \
	"homologation:/api/v1/homologate?from=MX/MX-ELEC-01&to=CL" \
	"start_page:/?lang=es"; do
	name=${spec%%:*}
	path=${spec#*:}
	curl -sf "$base$path" -o "$work/www/$name"
	bytes=$(wc -c <"$work/www/$name")
	set -- $(measure "$base$path")
	p_rps=$1 p_p99=$2
	set -- $(measure "$base$path" "$work/fresh.lua")
	u_rps=$1 u_p99=$2
	set -- $(measure "http://127.0.0.1:18089/$name")
	n_rps=$1 n_p99=$2
	ratio=$(awk -v a="$p_rps" -v b="$n_rps" 'BEGIN {printf "%.2f", a / b}')
	ratio_u=$(awk -v a="$u_rps" -v b="$n_rps" 'BEGIN {printf "%.2f", a / b}')
	printf '%-13s %6s | %9.0f %7.2f | %9.0f %7.2f | %9.0f %7.2f | %6s %6s\n' \
		"$name" "$bytes" "$p_rps" "$p_p99" "$u_rps" "$u_p99" "$n_rps" \
		"$n_p99" "$ratio" "$ratio_u"
done
rss=$(awk '/VmRSS/ {print $2}' /proc/$pid/status)
hwm=$(awk '/VmHWM/ {print $2}' /proc/$pid/status)
echo "server memory after the run: RSS $((rss / 1024)) MiB (peak $((hwm / 1024)) MiB)"
echo "machine: $(nproc) cores; wrk -t$threads -c$conns -d${secs}s; server --threads $threads"
