#!/usr/bin/env bash
# Bench target for ../shared/bench (./run.sh --engine "bash <project>/scripts/bench-engine.sh"): starts Kuiper with
# the rule(s) described by the BENCH_* variables (see scripts/bench-engine.ts). The script is bundled with esbuild
# (tsx's) into node_modules/.cache so that the measured process is plain node: no TypeScript loader thread or
# esbuild service in its memory. Extra node flags: BENCH_NODE_OPTS.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$here"
out="node_modules/.cache/kuiper-bench/bench-engine.mjs"
if [[ -x node_modules/.bin/esbuild ]] &&
  node_modules/.bin/esbuild scripts/bench-engine.ts --bundle --platform=node --format=esm --target=node20 \
    --packages=external --log-level=error --outfile="$out"; then
  # shellcheck disable=SC2086
  exec node ${BENCH_NODE_OPTS:-} "$out"
fi
# shellcheck disable=SC2086
exec node ${BENCH_NODE_OPTS:-} --import tsx scripts/bench-engine.ts
