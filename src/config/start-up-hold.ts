// What V8 does by default while kuiperd starts costs an idle kuiperd RSS it keeps for good, so two V8 behaviours are
// held back during start-up (docs/performance.md, "Idle footprint"):
// - The young generation. Start-up allocates many short-lived objects (configuration, modules, routes), and V8
//   answers by growing its young generation from 1 MB to 16 MB per semi-space: ~12 MB of RSS that an idle kuiperd
//   then keeps. It is held at its initial size until kuiperd has started; under load it grows as before.
// - The optimizing compiler (TurboFan). Loading ~250 modules makes the module loader's own functions hot, and
//   optimizing them pages in the compiler's code and leaves its compile-thread arenas behind: ~11 MB of RSS, for code
//   that never runs again. It is held until the REST server listens, before any rule is restored, so a rule's code
//   is optimized as before. Start-up takes the same CPU time with it held (the interpreter and baseline code run
//   the one-off start-up code about as fast as compiling it would take).
// A flag given to node for either (semi-space sizes or growth, --turbofan/--opt, --jitless) is left alone.

import { setFlagsFromString } from 'node:v8'

const V8_DEFAULT_GROWTH = 2
let youngHeld = false
let optimizerHeld = false

function userChose(flags: RegExp): boolean {
  const opts = [...process.execArgv, ...(process.env['NODE_OPTIONS'] ?? '').split(/\s+/)]
  return opts.some((o) => flags.test(o))
}

/** Holds the young generation at its initial size and the optimizing compiler off. Idempotent. */
export function holdDuringStartUp(): void {
  if (!youngHeld && !userChose(/^--(semi-space-growth-factor|max-semi-space-size|min-semi-space-size)\b/)) {
    youngHeld = true
    setFlagsFromString('--semi-space-growth-factor=1')
  }
  if (!optimizerHeld && !userChose(/^--(no-)?(turbofan|opt|jitless)\b/)) {
    optimizerHeld = true
    setFlagsFromString('--no-opt')
  }
}

/** Gives V8 its optimizing compiler back (kuiperd serves; the rules are about to start). */
export function releaseOptimizer(): void {
  if (!optimizerHeld) return
  optimizerHeld = false
  setFlagsFromString('--opt')
}

/** Gives V8 its default young-generation growth back (kuiperd has started). */
export function releaseYoungGeneration(): void {
  if (!youngHeld) return
  youngHeld = false
  setFlagsFromString(`--semi-space-growth-factor=${V8_DEFAULT_GROWTH}`)
}

/** Both released: kuiperd has started, or failed to. */
export function releaseStartUpHold(): void {
  releaseOptimizer()
  releaseYoungGeneration()
}
