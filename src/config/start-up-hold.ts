// What V8 does by default while kuiperd starts costs an idle kuiperd RSS it keeps for good, so two V8 behaviours are
// held back during start-up (docs/performance.md, "Idle footprint"):
// - The young generation (src/core/young-generation.ts): start-up allocates many short-lived objects, and V8 grows
//   its young generation to 2 × 16 MB for them. Held until kuiperd has started.
// - The optimizing compiler (TurboFan). Loading ~250 modules makes the module loader's own functions hot, and
//   optimizing them pages in the compiler's code and leaves its compile-thread arenas behind: ~11 MB of RSS, for code
//   that never runs again. It is held until the REST server listens, before any rule is restored, so a rule's code
//   is optimized as before. Start-up takes the same CPU time with it held (the interpreter and baseline code run
//   the one-off start-up code about as fast as compiling it would take).
// A flag given to node for either (semi-space sizes or growth, --turbofan/--opt, --jitless) is left alone.

import { setFlagsFromString } from 'node:v8'
import { holdYoungGeneration } from '../core/young-generation.js'

let releaseYoung: (() => void) | undefined
let optimizerHeld = false

function userChoseCompiler(): boolean {
  const opts = [...process.execArgv, ...(process.env['NODE_OPTIONS'] ?? '').split(/\s+/)]
  return opts.some((o) => /^--(no-)?(turbofan|opt|jitless)\b/.test(o))
}

/** Holds the young generation at its initial size and the optimizing compiler off. Idempotent. */
export function holdDuringStartUp(): void {
  releaseYoung ??= holdYoungGeneration()
  if (!optimizerHeld && !userChoseCompiler()) {
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

/** Both released: kuiperd has started, or failed to. */
export function releaseStartUpHold(): void {
  releaseOptimizer()
  releaseYoung?.()
  releaseYoung = undefined
}
