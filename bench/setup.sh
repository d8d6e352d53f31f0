# Sourced by the bench scripts. start_nginx and write_post serve run.sh too; bench_setup is the set-up of
# the per-process ones (cpu-per-request.sh, syscalls-per-request.sh): nginx as the
# origin (127.0.0.1:18191) and as a proxy to it (18192); the gateway (18193, admin 18194) with three
# routes, origin (one set-headers policy), plain (none) and dlp (the default dlp policy, redact, or as
# DLP_ACTION says: report, block); and the 16 KiB JSON POST for wrk in $work/post.lua. Needs $here (this
# folder), $jar and $work (a fresh temporary folder); sets $gw, the gateway's pid. Nothing listens beyond
# 127.0.0.1.

bench_cleanup() {
  [ -n "${gw:-}" ] && kill "$gw" 2>/dev/null
  nginx -p "$work" -c "$work/nginx.conf" -s stop 2>/dev/null
  sleep 0.5
  rm -rf "$work" # the audit file grows by GBs
}

# nginx in $work: the origin on 127.0.0.1:$1 (/1k a 1 KiB file, /sink answers "ok") and a proxy to it on $2
start_nginx() {
  head -c 1024 /dev/zero | tr '\0' 'x' > "$work/1k"
  chmod 755 "$work"; chmod 644 "$work/1k" # nginx's workers run as nobody: mktemp's 700 would make /1k a 403
  cat > "$work/nginx.conf" <<CONF
worker_processes 1;
pid $work/nginx.pid;
error_log $work/error.log warn;
events { worker_connections 4096; }
http { access_log off; client_body_buffer_size 64k;
  upstream origin { server 127.0.0.1:$1; keepalive 64; }
  server { listen 127.0.0.1:$1; location / { root $work; } location /sink { return 200 "ok\n"; } }
  server { listen 127.0.0.1:$2;
    location / { proxy_pass http://origin; proxy_http_version 1.1; proxy_set_header Connection ""; } } }
CONF
  nginx -p "$work" -c "$work/nginx.conf"
}

# the 16 KiB JSON POST for wrk: $work/16k.json (one card in it; BODY=clean: none) and $work/post.lua.
# BODY=mix: every tenth POST is the body with the card, the others the clean one (a mixed workload).
# BODY=late: the card in the last order (near the end of the body) instead of the 20th (at 30%).
write_post() {
  if [ "${BODY:-}" = mix ]; then
    "$here/json-body.py" "$work/16k.json"
    "$here/json-body.py" "$work/clean.json" --clean
    cat > "$work/post.lua" <<LUA
local function read(p) local f = io.open(p, "rb"); local b = f:read("*a"); f:close(); return b end
local card, clean = read("$work/16k.json"), read("$work/clean.json")
local headers = { ["Content-Type"] = "application/json" }
local n = 0
request = function()
  n = n + 1
  return wrk.format("POST", nil, headers, n % 10 == 0 and card or clean)
end
LUA
    return
  fi
  "$here/json-body.py" "$work/16k.json" ${BODY:+--$BODY}
  cat > "$work/post.lua" <<LUA
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
local f = io.open("$work/16k.json", "rb"); wrk.body = f:read("*a"); f:close()
LUA
}

bench_setup() {
  start_nginx 18191 18192
  cat > "$work/p.yaml" <<CONF
version: 1
listen: { address: 127.0.0.1:18193 }
admin: { address: 127.0.0.1:18194 }
network: { allowNetworks: [127.0.0.1/32] }
routes:
  - { name: origin, prefix: /origin, upstream: "http://127.0.0.1:18191", policies: [tag] }
  - { name: plain, prefix: /plain, upstream: "http://127.0.0.1:18191" }
  - { name: dlp, prefix: /dlp, upstream: "http://127.0.0.1:18191", policies: [pii] }
policies:
  - { name: tag, type: set-headers, set: { X-Egress: portcullis } }
  - { name: pii, type: dlp, action: ${DLP_ACTION:-redact} }
audit: { sink: file, path: $work/audit.jsonl }
CONF
  "${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}/bin/java" -Xmx128m -XX:+UseSerialGC --enable-native-access=ALL-UNNAMED --add-modules=jdk.incubator.vector \
    -XX:CompileCommand=quiet -XX:CompileCommand=dontinline,dev.portcullis.dlp.TextScanner::candidate ${GW_JAVA_OPTS:-} \
    -jar "$jar" run --config "$work/p.yaml" >/dev/null 2>&1 &
  gw=$!
  for _ in $(seq 1 100); do curl -sf http://127.0.0.1:18194/readyz >/dev/null && break; sleep 0.2; done
  write_post
}
