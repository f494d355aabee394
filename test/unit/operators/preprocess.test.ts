import assert from 'node:assert/strict'
import { describe, it } from 'node:test'

import { ErrorItem } from '../../../src/core/collection.js'
import type { Item } from '../../../src/core/collection.js'
import { Tuple } from '../../../src/core/row.js'
import type { ValueMap } from '../../../src/core/value.js'
import { PreprocessOp } from '../../../src/operators/preprocess.js'
import { sharedConversions } from '../../../src/core/shared-conversion.js'
import type { CreateStreamStatement } from '../../../src/sql/ast/statement.js'
import { parseStatement } from '../../../src/sql/parser/index.js'
import { deps, run, select } from './op-helpers.js'

function stream(ddl: string): CreateStreamStatement {
  const s = parseStatement(ddl)
  assert.equal(s.kind, 'CreateStreamStatement')
  return s as CreateStreamStatement
}

function preprocess(ddl: string, message: ValueMap, isEventTime = false): Tuple {
  const op = new PreprocessOp({ stream: stream(ddl), isEventTime }, deps)
  const [out] = run(op, new Tuple('demo', message, 42, { topic: 'mock' }))
  assert.ok(out instanceof Tuple)
  return out
}

function failure(ddl: string, message: ValueMap, isEventTime = false): string {
  const op = new PreprocessOp({ stream: stream(ddl), isEventTime }, deps)
  try {
    run(op, new Tuple('demo', message, 0))
  } catch (err) {
    return (err as Error).message
  }
  return 'no error'
}

const WITH = ' WITH (DATASOURCE="demo")'

describe('PreprocessOp', () => {
  it('converts numbers and numeric strings to the schema types and drops other fields', () => {
    const out = preprocess(`CREATE STREAM demo (size BIGINT, temp FLOAT, ok BOOLEAN)${WITH}`, {
      size: 6.7,
      temp: '34',
      ok: 'T',
      extra: 1,
    })
    assert.deepEqual(out.message, { size: 6n, temp: 34, ok: true })
    assert.equal(out.emitter, 'demo')
    assert.equal(out.timestamp, 42)
    assert.deepEqual(out.metadata, { topic: 'mock' })
  })

  it('reads numeric strings with Go strconv: underscores between digits and hex floats are numbers', () => {
    const ddl = `CREATE STREAM demo (a FLOAT, b FLOAT, c BIGINT)${WITH}`
    assert.deepEqual(preprocess(ddl, { a: '1_000.5', b: '0x1p4', c: '-12' }).message, { a: 1000.5, b: 16, c: -12n })
  })

  it('matches payload keys ignoring case and keeps the schema name', () => {
    assert.deepEqual(preprocess(`CREATE STREAM demo (Color STRING)${WITH}`, { COLOR: 'red' }).message, { Color: 'red' })
  })

  it('passes a schemaless message through as a copy', () => {
    const message = { a: { b: 'x' }, c: 1 }
    const out = preprocess(`CREATE STREAM demo ()${WITH}`, message)
    assert.deepEqual(out.message, message)
    assert.notEqual(out.message, message)
  })

  it('reports a missing field with the message printed by Go', () => {
    assert.equal(
      failure(`CREATE STREAM demo (abc BIGINT)${WITH}`, { a: 6 }),
      'error in preprocessor: invalid data map[a:%!s(float64=6)], field abc not found',
    )
  })

  it('reports a value of the wrong type with its Go type', () => {
    assert.equal(
      failure(`CREATE STREAM demo (color STRING)${WITH}`, { color: 3n }),
      'error in preprocessor: invalid data type for color, expect string but found int(3)',
    )
    assert.equal(
      failure(`CREATE STREAM demo (abc BIGINT)${WITH}`, { abc: null }),
      'error in preprocessor: invalid data type for abc, expect bigint but found <nil>(<nil>)',
    )
  })

  it('decodes arrays and structs given as JSON text, converting their elements', () => {
    const out = preprocess(`CREATE STREAM demo (a ARRAY(FLOAT), s STRUCT(b FLOAT))${WITH}`, {
      a: '["55", "77"]',
      s: '{"b": "32"}',
    })
    assert.deepEqual(out.message, { a: [55, 77], s: { b: 32 } })
  })

  it('keeps nil arrays and structs, and nil elements of struct arrays', () => {
    const out = preprocess(`CREATE STREAM demo (a ARRAY(STRUCT(b STRING)), s STRUCT(b STRING))${WITH}`, {
      a: [null, { b: 'x' }],
      s: null,
    })
    assert.deepEqual(out.message, { a: [null, { b: 'x' }], s: null })
  })

  it('names the element index of a bad array element', () => {
    assert.equal(
      failure(`CREATE STREAM demo (a STRUCT(c ARRAY(FLOAT)))${WITH}`, { a: { c: [null, 35.4] } }),
      'error in preprocessor: fail to parse field c: invalid data type for [0], expect float but found <nil>(<nil>)',
    )
  })

  it('reads DATETIME from epoch milliseconds and from the default ISO layout', () => {
    const out = preprocess(`CREATE STREAM demo (abc DATETIME, def DATETIME)${WITH}`, {
      abc: '2019-09-19T00:55:15.000Z',
      def: 1568854573431,
    })
    assert.deepEqual(out.message, { abc: new Date(1568854515000), def: new Date(1568854573431) })
  })

  it('reads DATETIME strings with the stream TIMESTAMP_FORMAT', () => {
    const ddl = `CREATE STREAM demo (abc DATETIME) WITH (DATASOURCE="d", TIMESTAMP_FORMAT="yyyy-MM-dd HH:mm:ss")`
    assert.deepEqual(preprocess(ddl, { abc: '2019-09-19 00:55:15' }).message, { abc: new Date(1568854515000) })
  })

  it('takes the event time from the TIMESTAMP field', () => {
    const ddl = `CREATE STREAM demo (ts BIGINT) WITH (DATASOURCE="d", TIMESTAMP="ts")`
    assert.equal(preprocess(ddl, { ts: 1568854515000 }, true).timestamp, 1568854515000)
    const str = `CREATE STREAM demo () WITH (DATASOURCE="d", TIMESTAMP="ts")`
    assert.equal(preprocess(str, { ts: '2019-09-23T02:47:29.754Z' }, true).timestamp, 1569206849754)
  })

  it('reports an event time that cannot be converted', () => {
    const ddl = `CREATE STREAM demo (abc BOOLEAN) WITH (DATASOURCE="d", TIMESTAMP="abc")`
    assert.equal(
      failure(ddl, { abc: true }, true),
      'cannot convert timestamp field abc to timestamp with error unsupported type to convert to timestamp true',
    )
  })

  it('refuses event time without a TIMESTAMP option', () => {
    assert.throws(() => new PreprocessOp({ stream: stream(`CREATE STREAM demo ()${WITH}`), isEventTime: true }, deps), {
      message: 'preprocessor is set to be event time but stream option TIMESTAMP not found',
    })
  })

  it('stores non-aggregate SELECT aliases computed on the incoming message', () => {
    const aliasFields = select('SELECT size AS s, meta(topic) AS m FROM demo').fields
    const op = new PreprocessOp(
      { stream: stream(`CREATE STREAM demo (size BIGINT)${WITH}`), isEventTime: false, aliasFields },
      deps,
    )
    const [out] = run(op, new Tuple('demo', { size: 3 }, 0, { topic: 'mock' }))
    // 1.0 evaluates the alias on the raw message, before the conversion to BIGINT.
    assert.deepEqual((out as Tuple).message, { size: 3n, s: 3, m: 'mock' })
  })

  it('passes an upstream error through', () => {
    const op = new PreprocessOp({ stream: stream(`CREATE STREAM demo ()${WITH}`), isEventTime: false }, deps)
    const e = new ErrorItem(new Error('x'))
    assert.deepEqual(run(op, e), [e])
  })
})

describe('PreprocessOp shared between the rules of a stream', () => {
  const ddl = `CREATE STREAM demo (size BIGINT, temp FLOAT)${WITH}`

  it('converts a message once for every rule with the same schema, each getting what it got alone', () => {
    const message: ValueMap = { size: 6.7, temp: '34', extra: 1 }
    const alone = preprocess(ddl, { ...message }).message
    const rules = [0, 1, 2].map(() => new PreprocessOp({ stream: stream(ddl), isEventTime: false }, deps))
    const outs: Item[] = []
    sharedConversions.deliver(message, () => {
      for (const op of rules) outs.push(...run(op, new Tuple('demo', message, 7)))
    })
    for (const out of outs) {
      assert.ok(out instanceof Tuple)
      assert.deepEqual(out.message, alone)
      assert.equal(out.timestamp, 7)
    }
    const [a, b, c] = outs as Tuple[]
    assert.equal(a!.message, b!.message, 'one conversion shared')
    assert.equal(b!.message, c!.message)
    assert.notEqual(a, b, 'each rule has its own tuple')
    // The next message is converted again, not served from the previous one.
    const next = run(rules[0]!, new Tuple('demo', { size: 1, temp: 2 }, 8))[0]
    assert.ok(next instanceof Tuple)
    assert.deepEqual(next.message, { size: 1n, temp: 2 })
  })

  it('converts again outside the delivery: a map mutated and handed over again is read afresh', () => {
    const op = new PreprocessOp({ stream: stream(ddl), isEventTime: false }, deps)
    const reused: ValueMap = { size: 1, temp: 1 }
    sharedConversions.deliver(reused, () => void run(op, new Tuple('demo', reused, 0)))
    reused['size'] = 2
    const [again] = run(op, new Tuple('demo', reused, 0)) as Tuple[]
    assert.deepEqual(again!.message, { size: 2n, temp: 1 })
    reused['size'] = 3
    let inside: Tuple | undefined
    sharedConversions.deliver(reused, () => void (inside = run(op, new Tuple('demo', reused, 0))[0] as Tuple))
    assert.deepEqual(inside!.message, { size: 3n, temp: 1 })
  })

  it('does not share between different schemas or datetime formats', () => {
    const message: ValueMap = { size: 3, temp: 1.5, t: '2020-01-02' }
    const a = new PreprocessOp({ stream: stream(ddl), isEventTime: false }, deps)
    const b = new PreprocessOp({ stream: stream(`CREATE STREAM demo (size FLOAT)${WITH}`), isEventTime: false }, deps)
    const withFormat = (f: string): PreprocessOp =>
      new PreprocessOp(
        {
          stream: stream(`CREATE STREAM demo (t DATETIME) WITH (DATASOURCE="demo", TIMESTAMP_FORMAT="${f}")`),
          isEventTime: false,
        },
        deps,
      )
    let ta: Tuple | undefined
    let tb: Tuple | undefined
    let d1: Tuple | undefined
    let failed = ''
    sharedConversions.deliver(message, () => {
      ta = run(a, new Tuple('demo', message, 0))[0] as Tuple
      tb = run(b, new Tuple('demo', message, 0))[0] as Tuple
      d1 = run(withFormat('YYYY-MM-dd'), new Tuple('demo', message, 0))[0] as Tuple
      try {
        run(withFormat('HH:mm'), new Tuple('demo', message, 0))
      } catch (err) {
        failed = (err as Error).message
      }
    })
    assert.deepEqual(ta!.message, { size: 3n, temp: 1.5 })
    assert.deepEqual(tb!.message, { size: 3 })
    assert.ok(d1!.message['t'] instanceof Date)
    assert.match(failed, /error in preprocessor/)
  })

  it('gives the aliases of one rule to that rule only', () => {
    const message: ValueMap = { size: 2, temp: 3 }
    const aliasFields = select('SELECT size AS s FROM demo').fields
    const plain = new PreprocessOp({ stream: stream(ddl), isEventTime: false }, deps)
    const aliased = new PreprocessOp({ stream: stream(ddl), isEventTime: false, aliasFields }, deps)
    const outs: Item[] = []
    sharedConversions.deliver(message, () => {
      for (const op of [plain, aliased, plain]) outs.push(...run(op, new Tuple('demo', message, 0)))
    })
    const [p1, a1, p2] = outs as Tuple[]
    assert.deepEqual(a1!.message, { size: 2n, temp: 3, s: 2 })
    assert.deepEqual(p1!.message, { size: 2n, temp: 3 })
    assert.deepEqual(p2!.message, { size: 2n, temp: 3 })
  })

  it('fails every rule of a message that does not convert, each with the error it had alone', () => {
    const message: ValueMap = { size: 'x', temp: 1 }
    const expected = failure(ddl, { ...message })
    const ops = [0, 1].map(() => new PreprocessOp({ stream: stream(ddl), isEventTime: false }, deps))
    sharedConversions.deliver(message, () => {
      for (const op of ops) assert.throws(() => run(op, new Tuple('demo', message, 0)), { message: expected })
    })
    assert.match(expected, /error in preprocessor/)
  })
})
