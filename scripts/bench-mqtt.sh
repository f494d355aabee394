#!/usr/bin/env bash
# `npm run bench:mqtt -- [bench.mjs flags]`: the shared MQTT workload (../shared/bench) with Kuiper as target
# "engine" beside the floor and Node-RED. The read-only bench folder is copied to $KB_TMP/bench-src (npm ci once);
# a loopback mosquitto with the bench config is started on $BENCH_PORT (default 18830, so a system broker on 1883
# keeps running) and stopped at the end. Flags go to bench.mjs (e.g. --runs 3 --count 200000 --sink mqtt).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
shared="${BENCH_DIR:-$here/../shared/bench}"
export KB_TMP="${KB_TMP:-/tmp/kbench-kuiper}"
port="${BENCH_PORT:-18830}"
src="$KB_TMP/bench-src"
mkdir -p "$KB_TMP"
command -v mosquitto >/dev/null || { echo "mosquitto not installed (apt-get install mosquitto)" >&2; exit 1; }
if [[ ! -d "$src/node_modules/mqtt" || ! -d "$src/node_modules/node-red" ]]; then
  rm -rf "$src" && cp -r "$shared" "$src" && chmod -R u+w "$src"
  (cd "$src" && npm ci --no-audit --no-fund >/dev/null)
fi
if ss -ltn 2>/dev/null | grep -q "127.0.0.1:$port "; then
  echo "port $port is taken; set BENCH_PORT to a free port" >&2; exit 1
fi
{ sed "s/^listener 1883 127.0.0.1/listener $port 127.0.0.1/" "$src/mosquitto.conf"; [[ $(id -u) -eq 0 ]] && echo "user root"; } \
  > "$KB_TMP/mosquitto.conf"
mosquitto -c "$KB_TMP/mosquitto.conf" >"$KB_TMP/mosquitto.log" 2>&1 &
echo $! > "$KB_TMP/mosquitto.pid"
trap 'kill "$(cat "$KB_TMP/mosquitto.pid")" 2>/dev/null || true; rm -f "$KB_TMP/mosquitto.pid"' EXIT
for _ in $(seq 1 50); do ss -ltn 2>/dev/null | grep -q "127.0.0.1:$port " && break; sleep 0.1; done
cd "$src"
node bench.mjs --url "mqtt://127.0.0.1:$port" --engine "bash $here/scripts/bench-engine.sh" "$@"
