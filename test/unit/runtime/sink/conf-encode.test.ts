import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { ErrorItem, ResultRows } from '../../../../src/core/collection.js'
import { parseSinkConf } from '../../../../src/runtime/sink/conf.js'
import { encodeItem } from '../../../../src/runtime/sink/encode.js'
import { logs, testLogger } from './helpers.js'

describe('common sink properties', () => {
  it("uses 1.0's defaults", () => {
    const c = parseSinkConf({}, 's')
    assert.deepEqual(
      { ...c, dataTemplate: c.dataTemplate === undefined },
      {
        concurrency: 1,
        bufferLength: undefined,
        runAsync: false,
        retryInterval: 1000,
        retryCount: undefined,
        cacheLength: undefined, // not 1.0's 1024: bounded by bytes unless set (issue 10)
        cacheSaveInterval: 1000,
        omitIfEmpty: false,
        sendSingle: false,
        dataTemplate: true,
      },
    )
  })

  it('reads JSON numbers, numeric strings and bigints', () => {
    const c = parseSinkConf({ retryInterval: 250, cacheLength: '10', retryCount: 3n, runAsync: true }, 's')
    assert.equal(c.retryInterval, 250)
    assert.equal(c.cacheLength, 10)
    assert.equal(c.retryCount, 3)
    assert.equal(c.runAsync, true)
  })

  it('logs ill-typed values and keeps the defaults, as 1.0', () => {
    logs.length = 0
    const c = parseSinkConf({ retryInterval: -5, sendSingle: 'yes', concurrency: 0 }, 's', testLogger)
    assert.equal(c.retryInterval, 1000)
    assert.equal(c.sendSingle, false)
    assert.equal(c.concurrency, 1)
    assert.equal(logs.length, 3)
    assert.ok(logs.some((l) => /invalid type for retryInterval property/.test(l)))
  })

  it('rejects an invalid template with the text 1.0 reports', () => {
    assert.throws(() => parseSinkConf({ dataTemplate: '{{if .a}}' }, 's'), {
      message: 'property dataTemplate {{if .a}} is invalid: template: sink:1: unexpected EOF',
    })
  })
})

describe('encoding results for the sink', () => {
  const conf = (props: Record<string, unknown>) => parseSinkConf(props, 's')
  const noError = (msg: string): void => assert.fail(msg)

  it('passes the rows through without sendSingle or template', () => {
    const [p, ...rest] = encodeItem(new ResultRows([{ a: 1n }, { a: 2n }]), conf({}), noError)
    assert.equal(rest.length, 0)
    assert.equal(p!.text, '[{"a":1},{"a":2}]')
    assert.equal(p!.presetText, undefined)
  })

  it('omits exactly [{}] with omitIfEmpty', () => {
    assert.equal(encodeItem(new ResultRows([{}]), conf({ omitIfEmpty: true }), noError).length, 0)
    assert.equal(encodeItem(new ResultRows([{}, {}]), conf({ omitIfEmpty: true }), noError).length, 1)
    assert.equal(encodeItem(new ResultRows([{}]), conf({}), noError).length, 1)
  })

  it('sends every row as its own JSON object with sendSingle', () => {
    const ps = encodeItem(
      new ResultRows([{ b: 'x', a: 1n }, { a: 9007199254740993n }]),
      conf({ sendSingle: true }),
      noError,
    )
    assert.deepEqual(
      ps.map((p) => p.text),
      ['{"a":1,"b":"x"}', '{"a":9007199254740993}'],
    )
    assert.deepEqual(ps[1]!.rows, [{ a: 9007199254740993n }])
  })

  it('renders the template over the decoded rows (numbers as float64, times as RFC 3339)', () => {
    const [p] = encodeItem(
      new ResultRows([{ n: 1000000n, t: new Date(Date.UTC(2020, 0, 2, 3, 4, 5)) }]),
      conf({ dataTemplate: '{{range .}}{{.n}} {{.t}}{{end}}' }),
      noError,
    )
    assert.equal(p!.text, '1e+06 2020-01-02T03:04:05Z')
    assert.equal(p!.templated, true)
  })

  it('skips a row whose template fails and reports the error', () => {
    const errors: string[] = []
    const ps = encodeItem(
      new ResultRows([{ a: 1 }, { a: 'x' }]),
      conf({ sendSingle: true, dataTemplate: '{{lt .a 2.0}}' }),
      (m) => void errors.push(m),
    )
    assert.deepEqual(
      ps.map((p) => p.text),
      ['true'],
    )
    assert.equal(errors.length, 1)
    assert.match(errors[0]!, /decode template error: .*error calling lt: incompatible types for comparison/)
  })

  it('sends errors as [{"error":...}] without applying the template', () => {
    const [p] = encodeItem(new ErrorItem(new Error('oops')), conf({ dataTemplate: 'x', sendSingle: true }), noError)
    assert.equal(p!.text, '[{"error":"oops"}]')
  })
})
