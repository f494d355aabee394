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
// - V8's memory-saving mode (--optimize-for-size): the collections during start-up then give back the heap pages
//   they free at once, instead of keeping them pooled until V8's memory reducer runs, 8 s after the last full
//   collection; an idle kuiperd is ~2 MB smaller from the start. Given back with the compilers.
// A flag given to node for any of them (semi-space sizes or growth, --turbofan/--opt, --maglev, --sparkplug,
// --jitless, --optimize-for-size) is left alone.

import { setFlagsFromString } from 'node:v8'
import { nodeFlagGiven } from '../core/node-flags.js'
import { holdYoungGeneration } from '../core/young-generation.js'

let releaseYoung: (() => void) | undefined
let compilersHeld = false
let sizeOptimized = false

function userChoseCompiler(): boolean {
  return nodeFlagGiven(/^--(no-)?(turbofan|opt|maglev|sparkplug|jitless)\b/)
}

function userChoseSizeMode(): boolean {
  return nodeFlagGiven(/^--(no-)?optimize[-_]for[-_]size\b/)
}

/**
 * The compilers V8 runs by default and the hold turns off: V8 has no way to read a flag back, so Maglev, which V8
 * 11 (Node 20) has but leaves off, is held only from V8 12 on, where it is on by default.
 */
export function heldCompilers(v8Version: string = process.versions.v8): readonly string[] {
  const major = Number.parseInt(v8Version, 10)
  return major >= 12 ? ['opt', 'maglev', 'sparkplug'] : ['opt', 'sparkplug']
}

/**
 * Holds the young generation at its initial size, the compilers above the interpreter off and V8 in its
 * memory-saving mode. Idempotent.
 */
export function holdDuringStartUp(): void {
  releaseYoung ??= holdYoungGeneration()
  if (!sizeOptimized && !userChoseSizeMode()) {
    sizeOptimized = true
    setFlagsFromString('--optimize-for-size')
  }
  if (!compilersHeld && !userChoseCompiler()) {
    compilersHeld = true
    for (const c of heldCompilers()) setFlagsFromString(`--no-${c}`)
  }
}

/** Gives V8 its compilers and its usual memory mode back (kuiperd serves; the rules are about to start). */
export function releaseCompilers(): void {
  if (sizeOptimized) {
    sizeOptimized = false
    setFlagsFromString('--no-optimize-for-size')
  }
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
