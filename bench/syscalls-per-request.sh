#!/usr/bin/env bash
# Syscalls per request made by the gateway (all threads), counted by perf over a short wrk run of
# 16 KiB JSON POSTs: a count, not a rate, so it does not move with the noise of a shared machine. Use it
# to check that a change to the hot path did not add a send, a read or an epoll_ctl per call.
#   bench/syscalls-per-request.sh [JAR] [plain|dlp]     (needs nginx, wrk and perf; ~20 s)
# Set-up shared with cpu-per-request.sh (setup.sh). Nothing leaves 127.0.0.1; the run is bounded in time.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
jar=${1:-$here/../target/portcullis.jar}
route=${2:-dlp}
work=$(mktemp -d)
gw=
source "$here/setup.sh"
trap bench_cleanup EXIT
bench_setup
wrk -t2 -c50 -d10s -s "$work/post.lua" "http://127.0.0.1:18193/$route/sink" >/dev/null # warm-up
events=syscalls:sys_enter_writev,syscalls:sys_enter_write,syscalls:sys_enter_recvfrom,syscalls:sys_enter_read
events=$events,syscalls:sys_enter_sendto,syscalls:sys_enter_epoll_ctl,syscalls:sys_enter_epoll_wait,syscalls:sys_enter_futex
events=$events,syscalls:sys_enter_io_uring_enter
perf stat -e "$events" -p "$gw" -o "$work/perf.txt" -- sleep 5 &
counting=$!
sleep 0.2
out=$(wrk -t2 -c50 -d4s -s "$work/post.lua" "http://127.0.0.1:18193/$route/sink")
wait $counting
requests=$(awk '/requests in/ {print $1}' <<<"$out")
echo "$jar, route $route: $requests requests"
awk -v r="$requests" '/syscalls:/ {gsub(",", "", $1); sub("syscalls:sys_enter_", "", $2); printf "  %-12s %6.2f per request\n", $2, $1 / r}' "$work/perf.txt"
