import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { ParseError } from '../../../src/core/errors.js'
import type { Expr } from '../../../src/sql/ast/expr.js'
import { parseSelect } from '../../../src/sql/parser/index.js'

/** The expression of the only field of `SELECT <sql> FROM t`. */
function expr(sql: string): Expr {
  const f = parseSelect(`SELECT ${sql} FROM t`).fields[0]
  assert.ok(f)
  return f.expr
}

const ref = (name: string, stream?: string): Expr =>
  stream === undefined ? { kind: 'FieldRef', name } : { kind: 'FieldRef', stream, name }
const int = (v: number): Expr => ({ kind: 'IntegerLiteral', value: BigInt(v) })
const bin = (op: Extract<Expr, { kind: 'BinaryExpr' }>['op'], left: Expr, right: Expr): Expr => ({
  kind: 'BinaryExpr',
  op,
  left,
  right,
})

function errorOf(fn: () => unknown): ParseError {
  try {
    fn()
  } catch (err) {
    if (err instanceof ParseError) return err
    throw err
  }
  throw new Error('expected a ParseError')
}

describe('expressions', () => {
  it('parses a - 1 and a-1 as subtraction (1.0 rejected them)', () => {
    assert.deepEqual(expr('a - 1'), bin('-', ref('a'), int(1)))
    assert.deepEqual(expr('a-1'), bin('-', ref('a'), int(1)))
    assert.deepEqual(expr('a - -1'), bin('-', ref('a'), int(-1)))
  })

  it('folds a leading minus into a negative literal, with or without spaces', () => {
    assert.deepEqual(expr('-3'), int(-3))
    assert.deepEqual(expr('- 3'), int(-3))
    assert.deepEqual(expr('-3.3'), { kind: 'NumberLiteral', value: -3.3 })
    assert.deepEqual(expr('-.5'), { kind: 'NumberLiteral', value: -0.5 })
    assert.deepEqual(expr('-. 3'), { kind: 'NumberLiteral', value: -0.3 })
    assert.deepEqual(expr('a * -2'), bin('*', ref('a'), int(-2)))
    assert.deepEqual(expr('(-2)'), int(-2))
  })

  it('negates other operands with a unary minus', () => {
    assert.deepEqual(expr('-a'), { kind: 'UnaryExpr', op: '-', operand: ref('a') })
    assert.deepEqual(expr('-a->b'), { kind: 'UnaryExpr', op: '-', operand: bin('->', ref('a'), ref('b')) })
  })

  it('follows 1.0 precedence: multiplicative over additive over comparison over AND over OR', () => {
    assert.deepEqual(expr('abc*2 + 3'), bin('+', bin('*', ref('abc'), int(2)), int(3)))
    assert.deepEqual(expr('1 + 2 * 3'), bin('+', int(1), bin('*', int(2), int(3))))
    assert.deepEqual(
      expr('a = 1 OR b = 2 AND c > 3'),
      bin('OR', bin('=', ref('a'), int(1)), bin('AND', bin('=', ref('b'), int(2)), bin('>', ref('c'), int(3)))),
    )
    assert.deepEqual(expr('a | b + c'), bin('+', bin('|', ref('a'), ref('b')), ref('c')))
  })

  it('is left-associative within a precedence level', () => {
    assert.deepEqual(expr('a - b - c'), bin('-', bin('-', ref('a'), ref('b')), ref('c')))
    assert.deepEqual(expr('a / b * c'), bin('*', bin('/', ref('a'), ref('b')), ref('c')))
  })

  it('puts [] and -> at the multiplicative level, as 1.0 does', () => {
    assert.deepEqual(expr('a + b->c'), bin('+', ref('a'), bin('->', ref('b'), ref('c'))))
    assert.deepEqual(expr('a * b[0]'), bin('[]', bin('*', ref('a'), ref('b')), { kind: 'IndexExpr', index: int(0) }))
  })

  it('groups with parentheses without keeping a node for them', () => {
    assert.deepEqual(expr('(a + b) * c'), bin('*', bin('+', ref('a'), ref('b')), ref('c')))
  })

  it('parses JSON paths: keys, indexes and slices in any combination', () => {
    assert.deepEqual(
      expr('children[0]->first'),
      bin('->', bin('[]', ref('children'), { kind: 'IndexExpr', index: int(0) }), ref('first')),
    )
    assert.deepEqual(expr('a->b->c'), bin('->', bin('->', ref('a'), ref('b')), ref('c')))
    assert.deepEqual(expr('a[1:3]'), bin('[]', ref('a'), { kind: 'ColonExpr', start: int(1), end: int(3) }))
    assert.deepEqual(expr('a[2:]'), bin('[]', ref('a'), { kind: 'ColonExpr', start: int(2) }))
    assert.deepEqual(expr('a[:1]'), bin('[]', ref('a'), { kind: 'ColonExpr', end: int(1) }))
    assert.deepEqual(expr('a[:]'), bin('[]', ref('a'), { kind: 'ColonExpr' }))
    assert.deepEqual(expr('a[]'), bin('[]', ref('a'), { kind: 'ColonExpr' }))
    assert.deepEqual(expr('a[-1]'), bin('[]', ref('a'), { kind: 'IndexExpr', index: int(-1) }))
  })

  it('reads stream-qualified names and stream.*', () => {
    assert.deepEqual(expr('t1.abc'), ref('abc', 't1'))
    assert.deepEqual(expr('demo.*'), { kind: 'Wildcard', stream: 'demo' })
  })

  it('rejects more than one dot with 1.0 text', () => {
    assert.match(
      errorOf(() => expr('demo.children.first')).message,
      /^Too many field names\. Please use -> to reference keys in struct\./,
    )
  })

  it('reads literals: strings, booleans, time units', () => {
    assert.deepEqual(expr('"abc"'), { kind: 'StringLiteral', value: 'abc' })
    assert.deepEqual(expr('true'), { kind: 'BooleanLiteral', value: true })
    assert.deepEqual(expr('FALSE'), { kind: 'BooleanLiteral', value: false })
    assert.deepEqual(expr('ss'), { kind: 'TimeLiteral', unit: 'SS' })
  })

  it('saturates integer literals at the int64 range like strconv.Atoi', () => {
    assert.deepEqual(expr('99999999999999999999'), { kind: 'IntegerLiteral', value: 9223372036854775807n })
  })

  it('reports a malformed number', () => {
    assert.match(errorOf(() => expr('1.2.3')).message, /^found "1\.2\.3", invalid number value\./)
  })

  it('parses function calls, count(*) and meta keys', () => {
    assert.deepEqual(expr('lpad(lower(test), 1)'), {
      kind: 'Call',
      name: 'lpad',
      args: [{ kind: 'Call', name: 'lower', args: [ref('test')] }, int(1)],
    })
    assert.deepEqual(expr('count(*)'), { kind: 'Call', name: 'count', args: [{ kind: 'Wildcard' }] })
    assert.deepEqual(expr('meta(*)'), { kind: 'Call', name: 'meta', args: [{ kind: 'MetaRef', name: '*' }] })
    assert.deepEqual(expr('meta(s.device)'), {
      kind: 'Call',
      name: 'meta',
      args: [{ kind: 'MetaRef', stream: 's', name: 'device' }],
    })
    assert.deepEqual(expr('mqtt(topic)'), { kind: 'Call', name: 'mqtt', args: [{ kind: 'MetaRef', name: 'topic' }] })
    assert.deepEqual(expr('meta(device->reading)'), {
      kind: 'Call',
      name: 'meta',
      args: [bin('->', { kind: 'MetaRef', name: 'device' }, { kind: 'MetaRef', name: 'reading' })],
    })
  })

  it('adds the rows argument to deduplicate, as 1.0 does', () => {
    assert.deepEqual(expr('deduplicate(temp, false)'), {
      kind: 'Call',
      name: 'deduplicate',
      args: [{ kind: 'Wildcard' }, ref('temp'), { kind: 'BooleanLiteral', value: false }],
    })
  })

  it('accepts a trailing comma in a call, as 1.0 does', () => {
    assert.deepEqual(expr('f(a,)'), { kind: 'Call', name: 'f', args: [ref('a')] })
  })

  it('reports * followed by more arguments with 1.0 text', () => {
    assert.match(errorOf(() => expr('count(*, f1)')).message, /^found ",", expected right paren\./)
  })

  it('keeps reserved words out of expressions unless back-quoted', () => {
    assert.match(errorOf(() => expr('timestamp()')).message, /^found "TIMESTAMP", expected expression\./)
    assert.deepEqual(expr('`timestamp`'), ref('timestamp'))
  })

  it('parses simple and searched CASE expressions', () => {
    assert.deepEqual(expr('CASE a WHEN 1 THEN "x" WHEN 2 THEN "y" ELSE "z" END'), {
      kind: 'CaseExpr',
      value: ref('a'),
      whens: [
        { when: int(1), then: { kind: 'StringLiteral', value: 'x' } },
        { when: int(2), then: { kind: 'StringLiteral', value: 'y' } },
      ],
      else: { kind: 'StringLiteral', value: 'z' },
    })
    assert.deepEqual(expr('case when a > 1 then 1 end'), {
      kind: 'CaseExpr',
      whens: [{ when: bin('>', ref('a'), int(1)), then: int(1) }],
    })
  })

  it('reports malformed CASE expressions with the eKuiper texts', () => {
    assert.match(
      errorOf(() => expr('CASE WHEN 1 THEN 2 END')).message,
      /^invalid CASE expression, WHEN expression must be a bool condition/,
    )
    assert.match(
      errorOf(() => expr('CASE a WHEN 1 2 END')).message,
      /^invalid CASE expression, THEN expected after WHEN/,
    )
    assert.match(
      errorOf(() => expr('CASE a ELSE 1 END')).message,
      /^invalid CASE expression, WHEN expected before ELSE/,
    )
    assert.match(errorOf(() => expr('CASE a END')).message, /^invalid CASE expression, WHEN expected before END/)
    assert.match(errorOf(() => expr('CASE a WHEN 1 THEN 2')).message, /^invalid CASE expression, END expected/)
  })

  it('still reads case, end and not as column names where no keyword fits', () => {
    assert.deepEqual(expr('case'), ref('case'))
    assert.deepEqual(expr('end + 1'), bin('+', ref('end'), int(1)))
    assert.deepEqual(expr('not = 1'), bin('=', ref('not'), int(1)))
  })

  it('parses NOT with lower precedence than comparisons', () => {
    assert.deepEqual(
      expr('NOT a = 1 AND b'),
      bin('AND', { kind: 'UnaryExpr', op: 'NOT', operand: bin('=', ref('a'), int(1)) }, ref('b')),
    )
  })
})
