// The young generation stays at its size while held, and grows while letYoungGenerationGrow is in force, even over
// a hold (a large restore at boot runs inside kuiperd's start-up hold). V8's flags are process-wide, so the check
// runs in a node process of its own.

import assert from 'node:assert/strict'
import { execFileSync } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { describe, it } from 'node:test'

const child = fileURLToPath(new URL('../../fixtures/young-generation/grow-while-held.ts', import.meta.url))

describe('the young generation', () => {
  it('is held at its size, and grows while a large burst lets it, over the hold', () => {
    const out = execFileSync(process.execPath, ['--import', 'tsx', child], { encoding: 'utf8' })
    const { before, held, grown } = JSON.parse(out) as { before: number; held: number; grown: number }
    assert.equal(held, before, `held: ${before} -> ${held} bytes`)
    assert.ok(grown >= 4 * held, `let grow: ${held} -> ${grown} bytes`)
  })
})
