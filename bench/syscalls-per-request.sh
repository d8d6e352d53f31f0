#!/usr/bin/env bash
# Syscalls per request made by the gateway (all threads), counted by perf over a short wrk run of
# 16 KiB JSON POSTs: a count, not a rate, so it does not move with the noise of a shared machine. Use it
# to check that a change to the hot path did not add a send, a read or an epoll_ctl per call.
#   bench/syscalls-per-request.sh [JAR] [plain|dlp]     (needs nginx, wrk and perf; ~20 s)
# Nothing leaves 127.0.0.1; the run is bounded in time.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
jar=${1:-$here/../target/portcullis.jar}
route=${2:-dlp}
work=$(mktemp -d)
gw=
trap '[ -n "$gw" ] && kill $gw 2>/dev/null; nginx -p "$work" -c "$work/nginx.conf" -s stop 2>/dev/null; sleep 0.5; rm -rf "$work"' EXIT
cat > "$work/nginx.conf" <<CONF
worker_processes 1;
pid $work/nginx.pid;
error_log $work/error.log warn;
events { worker_connections 4096; }
http { access_log off; client_body_buffer_size 64k;
  server { listen 127.0.0.1:18291; location /sink { return 200 "ok\n"; } } }
CONF
nginx -p "$work" -c "$work/nginx.conf"
cat > "$work/p.yaml" <<CONF
version: 1
listen: { address: 127.0.0.1:18293 }
admin: { address: 127.0.0.1:18294 }
network: { allowNetworks: [127.0.0.1/32] }
routes:
  - { name: plain, prefix: /plain, upstream: "http://127.0.0.1:18291" }
  - { name: dlp, prefix: /dlp, upstream: "http://127.0.0.1:18291", policies: [pii] }
policies:
  - { name: pii, type: dlp, action: redact }
audit: { sink: file, path: $work/audit.jsonl }
CONF
"${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}/bin/java" -Xmx128m -XX:+UseSerialGC --enable-native-access=ALL-UNNAMED \
  -jar "$jar" run --config "$work/p.yaml" >/dev/null 2>&1 &
gw=$!
for _ in $(seq 1 100); do curl -sf http://127.0.0.1:18294/readyz >/dev/null && break; sleep 0.2; done
"$here/json-body.py" "$work/16k.json"
cat > "$work/post.lua" <<LUA
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
local f = io.open("$work/16k.json", "rb"); wrk.body = f:read("*a"); f:close()
LUA
wrk -t2 -c50 -d10s -s "$work/post.lua" "http://127.0.0.1:18293/$route/sink" >/dev/null # warm-up
events=syscalls:sys_enter_writev,syscalls:sys_enter_write,syscalls:sys_enter_recvfrom,syscalls:sys_enter_read
events=$events,syscalls:sys_enter_sendto,syscalls:sys_enter_epoll_ctl,syscalls:sys_enter_epoll_wait,syscalls:sys_enter_futex
perf stat -e "$events" -p "$gw" -o "$work/perf.txt" -- sleep 5 &
counting=$!
sleep 0.2
out=$(wrk -t2 -c50 -d4s -s "$work/post.lua" "http://127.0.0.1:18293/$route/sink")
wait $counting
requests=$(awk '/requests in/ {print $1}' <<<"$out")
echo "$jar, route $route: $requests requests"
awk -v r="$requests" '/syscalls:/ {gsub(",", "", $1); sub("syscalls:sys_enter_", "", $2); printf "  %-12s %6.2f per request\n", $2, $1 / r}' "$work/perf.txt"
