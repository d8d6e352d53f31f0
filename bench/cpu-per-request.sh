#!/usr/bin/env bash
# CPU time per request, by process: the gateway (all its threads: event loops, audit writer, JIT, GC)
# and the nginx behind it, read from /proc/PID/stat around each wrk run. Steadier than requests/s on a
# noisy shared machine, and it says who spends what; use it for A/B comparisons of two jars (alternate
# them and repeat). Targets: 1 KiB GETs through a route with one set-headers policy, 16 KiB JSON POSTs
# through a route without policies and through one with the default dlp policy in redact mode, and
# nginx itself proxying the same POSTs. Nothing leaves 127.0.0.1; every run is bounded in time.
#   bench/cpu-per-request.sh [target/portcullis.jar]     (needs nginx and wrk; ~2 min)
#   WARM=20 DUR=10 bench/cpu-per-request.sh other.jar    (seconds of warm-up and per target)
#   BODY=clean bench/cpu-per-request.sh                   (the same POSTs without the card: nothing to find)
#   BODY=mix bench/cpu-per-request.sh                     (every tenth POST with the card, the others without)
#   BODY=late bench/cpu-per-request.sh                    (the card near the end of the body, not at 30%)
#   DLP_ACTION=report bench/cpu-per-request.sh            (the dlp route reports instead of redacting: no edit)
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
jar=${1:-$here/../target/portcullis.jar}
WARM=${WARM:-15}
DUR=${DUR:-10}
work=$(mktemp -d)
gw=
source "$here/setup.sh"
trap bench_cleanup EXIT
bench_setup
ngx=$(pgrep -P "$(cat "$work/nginx.pid")" | head -1) # the worker
cpu() { awk '{print $14 + $15}' "/proc/$1/stat"; } # utime + stime, in clock ticks
tick=$(getconf CLK_TCK)

# warm-up: the JIT compiles both paths before anything is measured
wrk -t2 -c50 -d"${WARM}s" http://127.0.0.1:18193/origin/1k >/dev/null
wrk -t2 -c50 -d"${WARM}s" -s "$work/post.lua" http://127.0.0.1:18193/dlp/sink >/dev/null
echo "$jar"
printf "%-26s %12s %16s %16s\n" target requests/s "gateway us/req" "nginx us/req"
for t in "GET-1KiB-set-headers 18193/origin/1k" "POST-nginx-proxy 18192/sink" "POST-plain 18193/plain/sink" \
    "POST-dlp-redact 18193/dlp/sink"; do
  set -- $t
  script=(); [[ $1 == POST* ]] && script=(-s "$work/post.lua")
  g0=$(cpu $gw); n0=$(cpu "$ngx")
  out=$(wrk -t2 -c50 -d"${DUR}s" "${script[@]}" "http://127.0.0.1:$2")
  g1=$(cpu $gw); n1=$(cpu "$ngx")
  req=$(awk '/requests in/ {print $1}' <<<"$out")
  rps=$(awk '/Requests\/sec/ {print $2}' <<<"$out")
  awk -v n="$1" -v rps="$rps" -v r="$req" -v g=$((g1 - g0)) -v x=$((n1 - n0)) -v t="$tick" \
    'BEGIN { printf "%-26s %12s %16.1f %16.1f\n", n, rps, g * 1e6 / t / r, x * 1e6 / t / r }'
  grep -h "Non-2xx or 3xx responses" <<<"$out" | sed 's/^/  warning: /' || true # errors would be measured as requests
done
