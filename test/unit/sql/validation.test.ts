import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { ValidationError } from '../../../src/core/errors.js'
import type { FunctionCatalog, FunctionDef } from '../../../src/functions/define-function.js'
import type { Expr } from '../../../src/sql/ast/expr.js'
import { isAggregateStatement } from '../../../src/sql/ast/walk.js'
import { parseSelect } from '../../../src/sql/parser/index.js'
import { validateStatement } from '../../../src/sql/validate.js'

const scalar = (name: string, arity: [number, number], validate?: (args: readonly Expr[]) => void): FunctionDef => ({
  kind: 'scalar',
  name,
  arity,
  exec: () => null,
  ...(validate === undefined ? {} : { validate }),
})
const aggregate = (name: string, arity: [number, number]): FunctionDef => ({
  kind: 'aggregate',
  name,
  arity,
  exec: () => null,
})

const defs: FunctionDef[] = [
  scalar('abs', [1, 1], (args) => {
    if (args[0]?.kind === 'StringLiteral')
      throw new ValidationError('Expect number - float or int type for 1 parameter of function abs.')
  }),
  scalar('lower', [1, 1]),
  scalar('substring', [2, 3]),
  scalar('concat', [1, Infinity]),
  aggregate('count', [1, 1]),
  aggregate('avg', [1, 1]),
  aggregate('deduplicate', [2, 2]),
  { kind: 'meta', name: 'meta', arity: [1, 1] },
]
const functions: FunctionCatalog = { lookup: (name) => defs.find((d) => d.name === name.toLowerCase()) }

function validationError(sql: string): string {
  try {
    parseSelect(sql, { functions })
  } catch (err) {
    if (err instanceof ValidationError) return err.message
    throw err
  }
  throw new Error(`expected a ValidationError for ${sql}`)
}

describe('validation while parsing', () => {
  it('reports an unknown function as 1.0 did when looking for a plugin, with its position', () => {
    assert.equal(
      validationError('SELECT sample(-.3,) FROM tbl'),
      'cannot get the plugin file path: invalid name sample: not exist at line 1, column 8',
    )
  })

  it('runs the function-specific check of the definition', () => {
    assert.match(
      validationError('SELECT abs("test") FROM tbl'),
      /^Expect number - float or int type for 1 parameter of function abs\./,
    )
  })

  it('checks the arity when the definition does not reject the arguments itself', () => {
    assert.match(validationError('SELECT abs(1, 2) FROM tbl'), /^The arguments for abs should be 1\./)
    assert.match(validationError('SELECT substring(a) FROM tbl'), /^The arguments for substring should be 2 or 3\./)
    assert.match(validationError('SELECT concat() FROM tbl'), /^The arguments for concat should be at least 1\./)
  })

  it('validates nested calls first, as 1.0 did', () => {
    assert.match(validationError('SELECT nope(abs("x")) FROM tbl'), /^Expect number/)
  })

  it('validates deduplicate on the arguments as written before adding the rows argument', () => {
    assert.match(
      validationError('SELECT deduplicate(a, b, c) FROM tbl'),
      /^The arguments for deduplicate should be 2\./,
    )
    assert.equal(parseSelect('SELECT deduplicate(a, true) FROM tbl', { functions }).fields[0]?.name, 'deduplicate')
  })

  it('rejects aggregates in WHERE and other calls in HAVING with 1.0 texts', () => {
    assert.equal(
      validationError('SELECT a FROM t WHERE count(a) = 3'),
      'Not allowed to call aggregate functions in WHERE clause. at line 1, column 23',
    )
    assert.match(
      validationError('SELECT a FROM t HAVING lower(a) = "x"'),
      /^Not allowed to call none-aggregate functions in HAVING clause\./,
    )
    assert.match(
      validationError('SELECT a FROM t HAVING count(lower(a)) > 1'),
      /^Not allowed to call none-aggregate functions in HAVING clause\./,
    )
    assert.doesNotThrow(() => parseSelect('SELECT a FROM t GROUP BY a HAVING count(a) > 3', { functions }))
  })

  it('does not validate calls without a catalog', () => {
    assert.doesNotThrow(() => parseSelect('SELECT nope(1) FROM t WHERE count(a) > 1'))
  })

  it('validates a statement built elsewhere the same way', () => {
    const stmt = parseSelect('SELECT nope(1), deduplicate(a, true) FROM t')
    assert.throws(() => validateStatement(stmt, functions), /invalid name nope: not exist/)
    assert.doesNotThrow(() => validateStatement(parseSelect('SELECT deduplicate(a, true) FROM t'), functions))
  })
})

describe('isAggregateStatement', () => {
  const agg = (sql: string) => isAggregateStatement(parseSelect(sql), functions)

  it('is true for an aggregate call anywhere in the SELECT list', () => {
    assert.equal(agg('SELECT avg(1) FROM tbl'), true)
    assert.equal(agg('SELECT abs(avg(f1)) FROM tbl'), true)
    assert.equal(agg('SELECT lower(a) FROM tbl'), false)
  })

  it('is true for a GROUP BY expression but not for a window alone', () => {
    assert.equal(agg('SELECT f1 FROM tbl GROUP BY f1'), true)
    assert.equal(agg('SELECT f1 FROM tbl GROUP BY TUMBLINGWINDOW(ss, 5)'), false)
    assert.equal(agg('SELECT count(f1) FROM tbl GROUP BY TUMBLINGWINDOW(ss, 5)'), true)
  })
})
