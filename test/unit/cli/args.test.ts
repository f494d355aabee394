import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { createdText, ruleBody } from '../../../src/cli/commands/rule.js'
import { pluginKind } from '../../../src/cli/commands/plugin.js'
import { oneName } from '../../../src/cli/commands/verbs.js'
import { UsageError } from '../../../src/cli/errors.js'
import { isSelect } from '../../../src/cli/query/console.js'

describe('rule JSON from the command line', () => {
  it('sets the id from the rule name', () => {
    assert.deepEqual(ruleBody('r1', '{"sql":"SELECT * FROM demo","actions":[{"log":{}}]}'), {
      id: 'r1',
      sql: 'SELECT * FROM demo',
      actions: [{ log: {} }],
    })
  })
  it('accepts an id equal to the name, and an empty id', () => {
    assert.equal(ruleBody('r1', '{"id":"r1"}')['id'], 'r1')
    assert.equal(ruleBody('r1', '{"id":""}')['id'], 'r1')
  })
  it("refuses an id that differs from the name with 1.0's text", () => {
    assert.throws(() => ruleBody('r1', '{"id":"r2"}'), {
      message: 'Create rule error : Name is not consistent with rule id.',
    })
  })
  it('refuses text that is not a JSON object', () => {
    assert.throws(
      () => ruleBody('r1', '{sql:'),
      (e: unknown) => e instanceof UsageError && /Parse rule \{sql: error/.test(e.message),
    )
    assert.throws(() => ruleBody('r1', '[1]'), UsageError)
  })
  it("prints 1.0's created text", () => {
    assert.equal(
      createdText('rule1'),
      "Rule rule1 was created successfully, please use 'bin/kuiper getstatus rule rule1' command to get rule status.",
    )
  })
})

describe('argument checks', () => {
  it("asks for exactly one name with 1.0's text", () => {
    assert.equal(oneName(['r1'], 'rule'), 'r1')
    assert.throws(() => oneName([], 'rule'), { message: 'Expect rule name.' })
    assert.throws(() => oneName(['a', 'b'], 'stream'), { message: 'Expect stream name.' })
  })
  it("maps 1.0's plugin type words to REST kinds", () => {
    assert.equal(pluginKind('source'), 'sources')
    assert.equal(pluginKind('sink'), 'sinks')
    assert.equal(pluginKind('function'), 'functions')
    assert.throws(() => pluginKind('functions'), {
      message: 'Invalid plugin type functions, should be "source", "sink" or "function".',
    })
  })
  it('sends SELECT statements to the query endpoint and the rest to the stream endpoint', () => {
    assert.equal(isSelect('select * from demo'), true)
    assert.equal(isSelect('  SELECT count(*) FROM demo GROUP BY TUMBLINGWINDOW(ss, 10)'), true)
    assert.equal(isSelect('CREATE STREAM s () WITH (DATASOURCE="s")'), false)
    assert.equal(isSelect('selection'), false)
  })
})
