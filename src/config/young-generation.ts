// kuiperd's start-up allocates a lot of short-lived objects (configuration, modules, routes), and V8 answers by
// growing its young generation from 1 MB to 16 MB per semi-space: 30 MB of RSS that an idle kuiperd then keeps.
// Holding the young generation at its initial size while kuiperd starts, then giving V8 its default growth back,
// keeps an idle kuiperd ~13 MB smaller (docs/performance.md); under load the young generation grows as before, so
// throughput is unchanged. A --semi-space-growth-factor or semi-space size given to node is left alone.

import { setFlagsFromString } from 'node:v8'

const V8_DEFAULT_GROWTH = 2
let held = false

function userChoseYoungGeneration(): boolean {
  const opts = [...process.execArgv, ...(process.env['NODE_OPTIONS'] ?? '').split(/\s+/)]
  return opts.some((o) => /^--(semi-space-growth-factor|max-semi-space-size|min-semi-space-size)\b/.test(o))
}

/** Keeps the young generation at its initial size until `releaseYoungGeneration`. Idempotent. */
export function holdYoungGeneration(): void {
  if (held || userChoseYoungGeneration()) return
  held = true
  setFlagsFromString('--semi-space-growth-factor=1')
}

/** Gives V8 its default young-generation growth back (kuiperd has started). */
export function releaseYoungGeneration(): void {
  if (!held) return
  held = false
  setFlagsFromString(`--semi-space-growth-factor=${V8_DEFAULT_GROWTH}`)
}
