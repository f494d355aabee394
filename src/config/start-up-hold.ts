// What V8 does by default while kuiperd starts costs an idle kuiperd RSS it keeps for good, so two V8 behaviours are
// held back during start-up (docs/performance.md, "Idle footprint"):
// - The young generation (src/core/young-generation.ts): start-up allocates many short-lived objects, and V8 grows
//   its young generation to 2 × 16 MB for them. Held until kuiperd has started.
// - The compilers above the interpreter: TurboFan, Maglev (on by default from V8 12, Node 22) and Sparkplug. Loading
//   ~250 modules makes the module loader's own functions hot, and compiling them pages in the compilers' code and
//   leaves their compile-thread arenas behind: ~11 MB of RSS for TurboFan, 2–3 MB more for Maglev and Sparkplug on
//   Node 24, for code that never runs again. They are held until the REST server listens, before any rule is
//   restored, so a rule's code is compiled as before. Start-up takes the same time with them held (the interpreter
//   runs the one-off start-up code about as fast as compiling it would take).
// A flag given to node for any of them (semi-space sizes or growth, --turbofan/--opt, --maglev, --sparkplug,
// --jitless) is left alone.

import { setFlagsFromString } from 'node:v8'
import { holdYoungGeneration } from '../core/young-generation.js'

let releaseYoung: (() => void) | undefined
let compilersHeld = false

function userChoseCompiler(): boolean {
  const opts = [...process.execArgv, ...(process.env['NODE_OPTIONS'] ?? '').split(/\s+/)]
  return opts.some((o) => /^--(no-)?(turbofan|opt|maglev|sparkplug|jitless)\b/.test(o))
}

/**
 * The compilers V8 runs by default and the hold turns off: V8 has no way to read a flag back, so Maglev, which V8
 * 11 (Node 20) has but leaves off, is held only from V8 12 on, where it is on by default.
 */
export function heldCompilers(v8Version: string = process.versions.v8): readonly string[] {
  const major = Number.parseInt(v8Version, 10)
  return major >= 12 ? ['opt', 'maglev', 'sparkplug'] : ['opt', 'sparkplug']
}

/** Holds the young generation at its initial size and the compilers above the interpreter off. Idempotent. */
export function holdDuringStartUp(): void {
  releaseYoung ??= holdYoungGeneration()
  if (!compilersHeld && !userChoseCompiler()) {
    compilersHeld = true
    for (const c of heldCompilers()) setFlagsFromString(`--no-${c}`)
  }
}

/** Gives V8 its compilers back (kuiperd serves; the rules are about to start). */
export function releaseCompilers(): void {
  if (!compilersHeld) return
  compilersHeld = false
  for (const c of heldCompilers()) setFlagsFromString(`--${c}`)
}

/** Both released: kuiperd has started, or failed to. */
export function releaseStartUpHold(): void {
  releaseCompilers()
  releaseYoung?.()
  releaseYoung = undefined
}
