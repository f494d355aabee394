import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import type { Value, ValueMap } from '../../../src/core/value.js'
import { aggregate, bool, errorOf, field, num, str, validationError } from './call.js'

describe('aggregate functions', () => {
  // project_test.go TestProjectPlan_AggFuncs #1 (second group), #5 and #9
  it('skips nulls in count, avg, sum, min and max', () => {
    const a: Value[] = [89.03, 14.6]
    assert.equal(aggregate('count', a), 2n)
    assert.equal(aggregate('avg', a), 51.815)
    assert.equal(aggregate('sum', a), 103.63)
    assert.equal(aggregate('min', a), 14.6)
    assert.equal(aggregate('max', a), 89.03)
    const b: Value[] = [undefined, 68.55, 177.51]
    assert.equal(aggregate('count', b), 2n)
    assert.equal(aggregate('avg', b), 123.03)
    assert.equal(aggregate('sum', b), 246.06)
    assert.equal(aggregate('min', b), 68.55)
    assert.equal(aggregate('max', b), 177.51)
    const c: Value[] = [53n, 27n, undefined]
    assert.equal(aggregate('count', c), 2n)
    assert.equal(aggregate('avg', c), 40n)
    assert.equal(aggregate('sum', c), 80n)
    assert.equal(aggregate('min', c), 27n)
    assert.equal(aggregate('max', c), 53n)
  })

  it('counts whole rows for count(*)', () => {
    assert.equal(aggregate('count', [{ a: 1n }, {}, { b: null }]), 3n)
  })

  it('divides ints as ints in avg (having_test.go: avg(1, 2, 5) = 2)', () => {
    assert.equal(aggregate('avg', [1n, 2n, 5n]), 2n)
    assert.equal(aggregate('avg', [-7n, 0n]), -3n)
  })

  it('sums ints as int64 (project_test.go AggFuncs #6: 123203)', () => {
    assert.equal(aggregate('sum', [53n, 27n, 123123n]), 123203n)
    assert.equal(aggregate('sum', [9223372036854775807n, 1n]), -9223372036854775808n)
  })

  it('gives 0 for avg and sum of no rows, nil when all values are nil', () => {
    assert.equal(aggregate('avg', []), 0n)
    assert.equal(aggregate('sum', []), 0n)
    assert.equal(aggregate('avg', [null, undefined]), 0n)
    assert.equal(aggregate('sum', [null]), null)
    assert.equal(aggregate('max', [null]), null)
    assert.equal(aggregate('min', [undefined]), null)
  })

  it('fails on empty data in max and min', () => {
    assert.equal(
      errorOf(() => aggregate('max', [])),
      'run max function error: empty data',
    )
    assert.equal(
      errorOf(() => aggregate('min', [])),
      'run min function error: empty data',
    )
  })

  it('compares strings in max and min', () => {
    assert.equal(aggregate('max', ['b', 'c', 'a']), 'c')
    assert.equal(aggregate('min', ['b', 'c', 'a']), 'a') // 1.0 returned the maximum here
  })

  it('reports a value of another type than the first (project_test.go TestProjectPlanError #5, #6)', () => {
    assert.equal(
      errorOf(() => aggregate('avg', [122.33, 68.54, 'dde', 177.54])),
      'requires float64 but found string(dde)',
    )
    assert.equal(
      errorOf(() => aggregate('sum', [53n, 'ddd', 123123n])),
      'requires int but found string(ddd)',
    )
    assert.equal(
      errorOf(() => aggregate('max', [1n, 1.5])),
      'requires int but found float64(1.5)',
    )
    assert.equal(
      errorOf(() => aggregate('sum', [true])),
      'run sum function error: found invalid arg bool(true)',
    )
    assert.equal(
      errorOf(() => aggregate('avg', ['x'])),
      'run avg function error: found invalid arg string(x)',
    )
    assert.equal(
      errorOf(() => aggregate('min', [true])),
      'run min function error: found invalid arg bool(true)',
    )
  })

  it('collects values, whole rows for collect(*) (AggFuncs #13, #14)', () => {
    assert.deepEqual(aggregate('collect', [122.33, 177.51]), [122.33, 177.51])
    const rows: ValueMap[] = [{ a: 53n, s: 123203n }, { a: 27n }, { a: 123123n }]
    assert.deepEqual(aggregate('collect', rows), rows)
    assert.deepEqual(aggregate('collect', [null, 1n]), [null, 1n])
  })

  describe('deduplicate (rows first, as the parser passes them)', () => {
    const rows: ValueMap[] = [
      { id: 1n, a: 122.33, c: 2n, color: 'w2', r: 122n },
      { id: 5n, a: 177.51, color: 'w2' },
    ]
    it('returns the first row of each distinct value with true (AggFuncs #17)', () => {
      assert.deepEqual(aggregate('deduplicate', rows, [1n, 5n], [true, true]), rows)
      assert.deepEqual(aggregate('deduplicate', [...rows, rows[0]!], [1n, 5n, 1n], [true, true, true]), rows)
    })
    it('returns the latest row when its value is new, with false (AggFuncs #18)', () => {
      const r: ValueMap[] = [{ a: 53n, s: 123203n }, { a: 27n }, { a: 123123n }]
      assert.deepEqual(aggregate('deduplicate', r, [53n, 27n, 123123n], [false, false, false]), { a: 123123n })
    })
    it('returns nil when the latest value occurred before (AggFuncs #19, #20)', () => {
      const r: ValueMap[] = [{ a: 53n, s: 123203n }, { a: 27n }, { a: 53n }]
      assert.equal(aggregate('deduplicate', r, [53n, 27n, 53n], [false, false, false]), null)
    })
    it('compares values by their %v text', () => {
      assert.deepEqual(aggregate('deduplicate', [{ x: 1 }, { x: 2 }], [1n, 1], [true, true]), [{ x: 1 }])
    })
    it('fails without its boolean', () => {
      assert.equal(
        errorOf(() => aggregate('deduplicate', rows, [1n, 5n])),
        'Invalid argument type found.',
      )
    })
  })
})

describe('aggregate validators (funcs_ast_validator_test.go)', () => {
  const cases: [string, Parameters<typeof validationError>[1], string | undefined][] = [
    ['collect', [], 'The arguments for collect should be 1.'],
    ['deduplicate', [field('abc'), field('temp'), bool(true)], 'The arguments for deduplicate should be 2.'],
    ['deduplicate', [field('temp'), str('string')], 'Expect bool type for 2 parameter of function deduplicate.'],
    ['deduplicate', [field('temperature'), bool(false)], undefined],
    ['avg', [str('a')], 'Expect number - float or int type for 1 parameter of function avg.'],
    ['sum', [num(1.5)], undefined],
    ['count', [field('a'), field('b')], 'The arguments for count should be 1.'],
    ['count', [{ kind: 'Wildcard' }], undefined],
  ]
  for (const [name, args, expected] of cases) {
    it(`${name} with ${args.map((a) => a.kind).join(', ') || 'no arguments'}: ${expected ?? 'valid'}`, () => {
      assert.equal(validationError(name, args), expected)
    })
  }
})
