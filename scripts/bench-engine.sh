#!/usr/bin/env bash
# Bench target for ../shared/bench (./run.sh --engine "bash <project>/scripts/bench-engine.sh"): starts Kuiper with
# the rule(s) described by the BENCH_* variables (see scripts/bench-engine.ts). Extra node flags: BENCH_NODE_OPTS.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$here"
# shellcheck disable=SC2086
exec node ${BENCH_NODE_OPTS:-} --import tsx scripts/bench-engine.ts
