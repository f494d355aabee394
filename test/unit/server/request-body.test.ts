// REST request bodies (src/server/request.ts): a malformed one is a 400 naming the field, what was expected and what
// was found; a good one is decoded with unknown fields dropped.

import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import type { GenericSchema } from 'valibot'
import { parseBody, PluginBody, PluginUpgradeBody, StatementBody } from '../../../src/server/request.js'

function refusal(run: () => unknown): { code: unknown; message: string } {
  try {
    run()
  } catch (err) {
    return { code: (err as { code?: unknown }).code, message: (err as Error).message }
  }
  throw new Error('expected the body to be refused')
}

describe('REST body checks', () => {
  it('decodes a good body, dropping unknown fields', () => {
    assert.deepEqual(parseBody(StatementBody, '{"sql": "SHOW STREAMS", "x": 1}', 'stream statement'), {
      sql: 'SHOW STREAMS',
    })
    assert.deepEqual(parseBody(PluginBody, Buffer.from('{"name": "a", "file": "file:///a.zip"}'), 'plugin'), {
      name: 'a',
      file: 'file:///a.zip',
    })
    assert.deepEqual(parseBody(PluginUpgradeBody, '{"file": "file:///a.zip"}', 'plugin'), { file: 'file:///a.zip' })
  })

  it('answers 400 naming the field, what was expected and what was found', () => {
    const cases: [GenericSchema, string, string][] = [
      [StatementBody, '{"sql": 3}', 'sql: sql must be a string'],
      [StatementBody, '{}', 'sql: Invalid key: Expected "sql" but received undefined'],
      [StatementBody, '"SHOW STREAMS"', 'Invalid type: Expected Object but received "SHOW STREAMS"'],
      [PluginBody, '{"name": "", "file": "f"}', 'name: Invalid length: Expected >=1 but received 0'],
      [
        PluginBody,
        '{"name": "a", "file": "f", "shellParas": ["-x", 2]}',
        'shellParas.1: Invalid type: Expected string but received 2',
      ],
      [PluginUpgradeBody, '{"name": 7, "file": "f"}', 'name: Invalid type: Expected string but received 7'],
    ]
    for (const [schema, body, problem] of cases) {
      const err = refusal(() => parseBody(schema, body, 'descriptor'))
      assert.equal(err.code, 'BAD_REQUEST', body)
      assert.equal(err.message, `Invalid body: Error decoding the descriptor: ${problem}`)
    }
  })

  it('answers 400 for a body that is not JSON', () => {
    const err = refusal(() => parseBody(StatementBody, '{"sql": ', 'stream statement'))
    assert.equal(err.code, 'BAD_REQUEST')
    assert.match(err.message, /^Invalid body: Error decoding the stream statement: .*JSON/)
  })
})
