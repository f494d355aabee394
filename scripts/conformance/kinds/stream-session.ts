// `stream_session` cases (FORMAT.md §8): statements run in order through 1.0's StreamProcessor on an empty stream
// store; each step's result lines or error text must match exactly.

import { MemoryStreamCatalog } from '../../../src/catalog/stream-catalog.js'
import { errorMessage } from '../../../src/core/errors.js'
import { builtinFunctions } from '../../../src/functions/registry.js'
import { StreamProcessor } from '../../../src/rules/stream-processor.js'
import type { KindHandler } from '../types.js'

interface Step {
  readonly statement: string
  readonly result?: readonly string[]
  readonly error?: string
}

export const streamSessionHandler: KindHandler = async (c) => {
  const steps = c['steps'] as readonly Step[]
  const processor = new StreamProcessor(new MemoryStreamCatalog(), undefined, builtinFunctions)
  const diffs: string[] = []
  for (const [i, step] of steps.entries()) {
    let got: { result: string[] } | { error: string }
    try {
      got = { result: await processor.execStmt(step.statement) }
    } catch (err) {
      got = { error: errorMessage(err) }
    }
    const want = step.error !== undefined ? { error: step.error } : { result: step.result ?? [] }
    if (JSON.stringify(got) !== JSON.stringify(want)) {
      diffs.push(
        `step ${i} (${step.statement.split('\n')[0]}): expected ${JSON.stringify(want)}, got ${JSON.stringify(got)}`,
      )
    }
  }
  return diffs.length === 0 ? { status: 'pass' } : { status: 'fail', diff: diffs.join('; ') }
}
