import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { LineBuffer } from '../../../../src/connectors/file/line-buffer.js'

describe('file sink line buffer', () => {
  it('gives the lines back as UTF-8 bytes, one newline each, in order, and is empty afterwards', () => {
    const b = new LineBuffer()
    assert.equal(b.take(), undefined)
    for (const line of ['{"a":1}', '{"名":"温度"}', '{"e":"😀"}', '']) b.append(line)
    assert.equal(b.lines, 4)
    const t = b.take()!
    assert.equal(t.lines, 4)
    assert.equal(t.bytes.toString('utf8'), '{"a":1}\n{"名":"温度"}\n{"e":"😀"}\n\n')
    assert.equal(b.lines, 0)
    assert.equal(b.take(), undefined)
  })

  it('spans chunks: many lines and a line longer than a chunk keep their bytes and order', () => {
    const b = new LineBuffer()
    const lines: string[] = []
    for (let i = 0; i < 20_000; i++) lines.push(`{"i":${i},"s":"${'x'.repeat(i % 17)}"}`)
    lines.splice(7_000, 0, 'é'.repeat(100_000))
    for (const l of lines) b.append(l)
    const t = b.take()!
    assert.equal(t.lines, lines.length)
    assert.equal(t.bytes.toString('utf8'), lines.join('\n') + '\n')
  })

  it('writes what a failed write gave back before the lines appended since', () => {
    const b = new LineBuffer()
    b.append('one')
    b.append('two')
    const failed = b.take()!
    b.append('three')
    b.giveBack(failed)
    assert.equal(b.lines, 3)
    const t = b.take()!
    assert.equal(t.lines, 3)
    assert.equal(t.bytes.toString(), 'one\ntwo\nthree\n')
  })
})
