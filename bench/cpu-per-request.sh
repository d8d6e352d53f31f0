#!/usr/bin/env bash
# CPU time the gateway process spends per request (perf stat task-clock on its PID only) on 1 KiB reverse
# GETs: steadier than requests/s on a noisy shared machine, for A/B comparisons of two jars.
#   bench/cpu-per-request.sh target/portcullis.jar      (needs nginx, wrk, perf; ~25 s)
set -euo pipefail
jar=${1:-target/portcullis.jar}
work=$(mktemp -d)
head -c 1024 /dev/zero | tr '\0' 'x' > "$work/1k"
cat > "$work/nginx.conf" <<CONF
worker_processes 1;
pid $work/nginx.pid;
error_log $work/error.log warn;
events { worker_connections 4096; }
http { access_log off; server { listen 127.0.0.1:18191; location / { root $work; } } }
CONF
nginx -p "$work" -c "$work/nginx.conf"
cat > "$work/p.yaml" <<CONF
version: 1
listen: { address: 127.0.0.1:18193 }
admin: { address: 127.0.0.1:18194 }
network: { allowNetworks: [127.0.0.1/32] }
routes:
  - { name: origin, prefix: /origin, upstream: "http://127.0.0.1:18191", policies: [tag] }
policies:
  - { name: tag, type: set-headers, set: { X-Egress: portcullis } }
audit: { sink: file, path: $work/audit.jsonl }
CONF
"${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}/bin/java" -Xmx128m -XX:+UseSerialGC --enable-native-access=ALL-UNNAMED -jar "$jar" run --config "$work/p.yaml" 2>/dev/null &
gw=$!
for _ in $(seq 1 100); do curl -sf http://127.0.0.1:18194/readyz >/dev/null && break; sleep 0.2; done
wrk -t2 -c50 -d10s http://127.0.0.1:18193/origin/1k >/dev/null   # warm-up
out=$(perf stat -e task-clock -p $gw -x, -o "$work/perf.txt" -- wrk -t2 -c50 -d8s http://127.0.0.1:18193/origin/1k)
req=$(awk '/requests in/ {print $1}' <<<"$out")
clk=$(awk -F, '/task-clock/ {print $1}' "$work/perf.txt")
echo "$jar requests=$req cpu-us/request=$(awk -v c=$clk -v r=$req 'BEGIN{printf "%.1f", c*1000/r}')"
kill $gw; wait $gw 2>/dev/null || true
nginx -p "$work" -c "$work/nginx.conf" -s stop
