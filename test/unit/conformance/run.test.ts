import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { formatReport } from '../../../scripts/conformance/report.js'
import { runCaseFiles } from '../../../scripts/conformance/run.js'
import type { CaseFile } from '../../../scripts/conformance/load.js'
import type { ConformanceCase, KindHandler } from '../../../scripts/conformance/types.js'

function file(cases: Partial<ConformanceCase>[]): CaseFile {
  return {
    file: 'x.json',
    path: '/x.json',
    cases: cases.map((c, i) => ({ kind: 'k', name: `T#${i}`, status: 'ok', ...c })),
  }
}

const byName: KindHandler = (c) => {
  if (c.name.includes('pass')) return { status: 'pass' }
  if (c.name.includes('throw')) throw new Error('kaboom')
  if (c.name.includes('hang')) return new Promise(() => undefined)
  return { status: 'fail', diff: 'at /a: expected 1, got 2' }
}

describe('runCaseFiles', () => {
  it('counts passes and failures, skips unknown kinds and unsupported cases', async () => {
    const s = await runCaseFiles(
      [
        file([
          { name: 'pass' },
          { name: 'bad' },
          { name: 'other', kind: 'nohandler' },
          { name: 'u', status: 'unsupported_by_extractor', reason: 'r' },
        ]),
      ],
      { handlers: { k: byName } },
    )
    assert.deepEqual([s.passed, s.failed, s.skipped], [1, 1, 2])
    assert.equal(s.results[2]?.detail, 'no handler for kind nohandler')
  })

  it('turns a throwing handler into a failure with the error text', async () => {
    const s = await runCaseFiles([file([{ name: 'throw' }])], { handlers: { k: byName } })
    assert.equal(s.failed, 1)
    assert.match(s.results[0]?.detail ?? '', /handler threw: Error: kaboom/)
  })

  it('fails a case that does not finish within the timeout', async () => {
    const s = await runCaseFiles([file([{ name: 'hang' }])], { handlers: { k: byName }, timeoutMs: 20 })
    assert.equal(s.results[0]?.detail, 'timed out after 20 ms')
  })

  it('keeps deviation cases out of passed and failed, and reports unknown deviation names', async () => {
    const deviations = new Map([
      ['bad', { name: 'bad', reason: 'documented behaviour differs' }],
      ['gone', { name: 'gone', reason: 'x' }],
    ])
    const s = await runCaseFiles([file([{ name: 'bad' }, { name: 'pass' }])], { handlers: { k: byName }, deviations })
    assert.deepEqual([s.passed, s.failed, s.deviations], [1, 0, 1])
    assert.deepEqual(s.unknownDeviations, ['gone'])
  })

  it('selects cases by kind and by name', async () => {
    const f = file([{ name: 'pass-a' }, { name: 'pass-b', kind: 'j' }])
    assert.equal((await runCaseFiles([f], { handlers: { k: byName, j: byName }, kind: 'j' })).passed, 1)
    assert.equal((await runCaseFiles([f], { handlers: { k: byName, j: byName }, filter: '-a' })).passed, 1)
  })
})

describe('formatReport', () => {
  it('lists failures with their diff and ends with the summary line', async () => {
    const s = await runCaseFiles([file([{ name: 'pass' }, { name: 'bad' }])], { handlers: { k: byName } })
    const lines = formatReport(s).split('\n')
    assert.ok(lines.includes('  FAIL bad (x.json)'))
    assert.ok(lines.includes('       at /a: expected 1, got 2'))
    assert.equal(lines.at(-2), '0 deviations')
    assert.equal(lines.at(-1), '1 passed, 1 failed, 0 skipped')
  })
})
