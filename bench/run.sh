#!/usr/bin/env bash
# Loopback benchmark: wrk against an nginx upstream directly, through nginx as a reverse proxy, and
# through Portcullis in reverse and forward mode (audit log on, to a file), and in reverse mode with a
# shared (Redis) rate limit that never triggers, to show what the shared store costs per call. Bounded: each run lasts
# DURATION seconds; nothing leaves 127.0.0.1. Prints requests/s, p50 and p99 side by side, and the
# gateway's peak RSS.
#   bench/run.sh            (needs nginx, wrk and redis-server: apt-get install -y nginx wrk redis-server)
#   ONLY_POST=1 bench/run.sh   (only the 16 KiB JSON POST targets: nginx proxy, plain reverse, dlp redact)
#   BODY=clean ONLY_POST=1 bench/run.sh   (the same POSTs without the card: nothing for the dlp route to find)
#   BODY=mix ONLY_POST=1 bench/run.sh     (every tenth POST with the card, the others without)
#   BODY=late ONLY_POST=1 bench/run.sh    (the card near the end of the body, not at 30%)
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(dirname "$here")"
DURATION="${DURATION:-15}"
CONNECTIONS="${CONNECTIONS:-50}"
THREADS="${THREADS:-2}"
work="$(mktemp -d)"
trap 'kill $(cat "$work"/*.pid 2>/dev/null) 2>/dev/null || true; redis-cli -p 18095 shutdown nosave >/dev/null 2>&1 || true; nginx -p "$work" -c "$work/nginx.conf" -s stop 2>/dev/null || true; sleep 0.5; rm -rf "$work"' EXIT # the audit file grows by GBs

source "$here/setup.sh" # start_nginx, write_post
start_nginx 18091 18092
redis-server --port 18095 --bind 127.0.0.1 --save "" --appendonly no --daemonize yes --pidfile "$work/redis.pid" >/dev/null

cat > "$work/portcullis.yaml" <<CONF
version: 1
instance: bench
listen: { address: 127.0.0.1:18093 }
admin: { address: 127.0.0.1:18094 }
network: { allowNetworks: [127.0.0.1/32] }
routes:
  - { name: origin, prefix: /origin, upstream: "http://127.0.0.1:18091", policies: [tag] }
  - { name: limited, prefix: /limited, upstream: "http://127.0.0.1:18091", policies: [tag, never-triggers] }
  - { name: forward, hosts: ["127.0.0.1"], ports: [18091] }
  - { name: plain, prefix: /plain, upstream: "http://127.0.0.1:18091" }
  - { name: dlp, prefix: /dlp, upstream: "http://127.0.0.1:18091", policies: [pii] }
policies:
  - { name: tag, type: set-headers, set: { X-Egress: portcullis } }
  - { name: pii, type: dlp, action: redact }      # the default detector set
  - { name: never-triggers, type: rate-limit, limit: 1000000, per: 1s, key: route, shared: true }
store: { redis: "redis://127.0.0.1:18095", timeout: 50ms }
audit: { sink: file, path: $work/audit.jsonl }
CONF
PORTCULLIS_JAVA_OPTS="${PORTCULLIS_JAVA_OPTS:-}" \
  "$root/portcullis" run --config "$work/portcullis.yaml" 2> "$work/gateway.log" &
echo $! > "$work/gw.pid"
for _ in $(seq 1 100); do curl -sf http://127.0.0.1:18094/readyz >/dev/null && break; sleep 0.2; done
gwpid=$(pgrep -f "portcullis.jar run --config $work/portcullis.yaml" | head -1)

# 16 KiB of realistic JSON with one card number in it (redacted by the dlp route on every call)
write_post

cat > "$work/proxy.lua" <<'LUA'
wrk.method = "GET"
wrk.path = "http://127.0.0.1:18091/1k"
LUA


run() { # name, url, [script]
  local name=$1 url=$2 script=${3:-}
  wrk -t"$THREADS" -c"$CONNECTIONS" -d5s ${script:+-s "$script"} "$url" >/dev/null  # warm-up
  local out; out=$(wrk -t"$THREADS" -c"$CONNECTIONS" -d"${DURATION}s" --latency ${script:+-s "$script"} "$url")
  local rps p50 p99
  rps=$(awk '/Requests\/sec/ {print $2}' <<<"$out")
  p50=$(awk '$1=="50%" {print $2}' <<<"$out")
  p99=$(awk '$1=="99%" {print $2}' <<<"$out")
  local bad; bad=$(awk '/Non-2xx or 3xx responses/ {print $NF}' <<<"$out") # errors would be measured as requests
  printf "%-28s %12s %10s %10s%s\n" "$name" "$rps" "$p50" "$p99" "${bad:+   ($bad non-2xx responses!)}"
}

# JIT warm-up of both gateway paths before anything is measured (otherwise the first target measured
# pays for the compilation of the whole gateway and reads 10-20% low).
wrk -t"$THREADS" -c"$CONNECTIONS" -d10s http://127.0.0.1:18093/origin/1k >/dev/null
wrk -t"$THREADS" -c"$CONNECTIONS" -d10s -s "$work/proxy.lua" http://127.0.0.1:18093/ >/dev/null

if [ "${ONLY_POST:-}" = "" ]; then
echo "1 KiB GETs, $CONNECTIONS connections, $THREADS wrk threads, ${DURATION}s per run, $(nproc) cores"
printf "%-28s %12s %10s %10s\n" "target" "requests/s" "p50" "p99"
run "nginx direct" http://127.0.0.1:18091/1k
run "nginx reverse proxy" http://127.0.0.1:18092/1k
run "portcullis reverse" http://127.0.0.1:18093/origin/1k
run "portcullis forward" http://127.0.0.1:18093/ "$work/proxy.lua"
run "portcullis shared limit" http://127.0.0.1:18093/limited/1k
fi
wrk -t"$THREADS" -c"$CONNECTIONS" -d10s -s "$work/post.lua" http://127.0.0.1:18093/dlp/sink >/dev/null # JIT warm-up
echo "16 KiB JSON POSTs ($(wc -c < "$work/16k.json") bytes), $CONNECTIONS connections"
run "nginx reverse proxy POST" http://127.0.0.1:18092/sink "$work/post.lua"
run "portcullis reverse POST" http://127.0.0.1:18093/plain/sink "$work/post.lua"
run "portcullis dlp redact POST" http://127.0.0.1:18093/dlp/sink "$work/post.lua"
echo "portcullis peak RSS: $(awk '/VmHWM/ {printf "%.0f MiB", $2/1024}' /proc/"$gwpid"/status)"
echo "audit records written: $(wc -l < "$work/audit.jsonl")"
