import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import type { Value } from '../../../src/core/value.js'
import { call, errorOf, field, int, num, ss, str, bool, validationError } from './call.js'

const rows: [string, Value[], Value][] = [
  // math_func_test.go (TestMathAndConversionFunc_Apply1)
  ['abs', [-1n], 1n],
  ['abs', [-1.1], 1.1],
  ['abs', [1.1], 1.1],
  ['acos', [1n], 0],
  ['asin', [1n], 1.5707963267948966],
  ['atan', [1n], 0.7853981633974483],
  ['atan2', [1n, 1n], 0.7853981633974483],
  ['bitand', [1n, 1n], 1n],
  ['bitor', [1n, 1n], 1n],
  ['bitxor', [1n, 1n], 0n],
  ['bitnot', [1n], -2n],
  ['ceil', [1.6], 2],
  ['cos', [0n], 1],
  ['cosh', [0n], 1],
  ['exp', [1.2], 3.3201169227365472],
  ['ln', [1n], 0],
  ['log', [10n], 1],
  ['mod', [10n, 3n], 1],
  ['power', [10n, 3n], 1000],
  ['round', [10.2], 10],
  ['sign', [10.2], 1n],
  ['sign', [-2n], -1n],
  ['sign', [0n], 0n],
  ['sin', [0n], 0],
  ['sinh', [0n], 0],
  ['sqrt', [4n], 2],
  ['tan', [0n], 0],
  ['tanh', [1n], 0.7615941559557649],
  // beyond the corpus
  ['abs', [-9223372036854775808n], -9223372036854775808n],
  ['bitand', [12n, 10n], 8n],
  ['bitor', [12n, 10n], 14n],
  ['bitxor', [12n, 10n], 6n],
  ['bitnot', [-1n], 0n],
  ['ceil', [-1.5], -1],
  ['round', [2.5], 3],
  ['round', [-2.5], -3],
  ['round', [0.49999999999999994], 0],
  ['ln', [Math.E], 1],
  ['log', [1000n], 3],
  ['mod', [-7.5, 2n], -1.5],
  ['power', [2n, -2n], 0.25],
  ['power', [1.7, 7n], 41.03386729999998],
  ['sign', [-0.0], 0n],
]

describe('math functions', () => {
  for (const [name, args, expected] of rows) {
    it(`${name}(${args.map(String).join(', ')}) = ${String(expected)}`, () => {
      assert.deepEqual(call(name, ...args), expected)
    })
  }

  it('keeps ints as ints and floats as floats in abs', () => {
    assert.equal(typeof call('abs', -3n), 'bigint')
    assert.equal(typeof call('abs', -3), 'number')
  })

  it('returns floats from ceil and round even for int input', () => {
    assert.equal(call('ceil', 3n), 3)
    assert.equal(call('round', 3n), 3)
  })

  it('computes ln as the natural logarithm (1.0 computed log2)', () => {
    assert.equal(call('ln', 8n), Math.log(8))
  })

  it('rejects null and non-numbers at run time with 1.0 messages', () => {
    for (const name of ['acos', 'ceil', 'round', 'exp', 'sqrt', 'sign']) {
      assert.equal(
        errorOf(() => call(name, null)),
        'only float64 & int type are supported',
      )
      assert.equal(
        errorOf(() => call(name, 'common string')),
        'only float64 & int type are supported',
      )
    }
    assert.equal(
      errorOf(() => call('abs', undefined)),
      'only float64 & int type are supported',
    )
    assert.equal(
      errorOf(() => call('power', 2n, 'x')),
      'only float64 & int type are supported',
    )
    assert.equal(
      errorOf(() => call('bitand', 1.5, 1n)),
      'Expect int type for both operands.',
    )
    assert.equal(
      errorOf(() => call('bitor', 1n, null)),
      'Expect int type for both operands.',
    )
    assert.equal(
      errorOf(() => call('bitnot', 1.0)),
      'Expect int type for operand.',
    )
  })

  it('returns a float in [0, 1) from rand', () => {
    const v = call('rand')
    assert.ok(typeof v === 'number' && v >= 0 && v < 1)
  })
})

describe('math validators (funcs_ast_validator_test.go)', () => {
  const cases: [string, Parameters<typeof validationError>[1], string | undefined][] = [
    ['abs', [int(1)], undefined],
    ['abs', [field('field1')], undefined],
    ['abs', [int(1), int(2)], 'The arguments for abs should be 1.'],
    ['abs', [num(1.1)], undefined],
    ['abs', [bool(true)], 'Expect number - float or int type for 1 parameter of function abs.'],
    ['abs', [str('test')], 'Expect number - float or int type for 1 parameter of function abs.'],
    ['abs', [ss], 'Expect number - float or int type for 1 parameter of function abs.'],
    ['sin', [bool(true)], 'Expect number - float or int type for 1 parameter of function sin.'],
    ['tanh', [str('test')], 'Expect number - float or int type for 1 parameter of function tanh.'],
    ['bitxor', [int(1), int(2)], undefined],
    ['bitxor', [num(1.1), int(2)], 'Expect int type for 1 parameter of function bitxor.'],
    ['bitxor', [bool(true), int(2)], 'Expect int type for 1 parameter of function bitxor.'],
    ['bitxor', [int(1), ss], 'Expect int type for 2 parameter of function bitxor.'],
    ['bitxor', [int(1), num(2.2)], 'Expect int type for 2 parameter of function bitxor.'],
    ['bitand', [num(1.0), int(1)], 'Expect int type for 1 parameter of function bitand.'],
    ['bitnot', [num(1.1)], 'Expect int type for 1 parameter of function bitnot.'],
    ['bitnot', [bool(true)], 'Expect int type for 1 parameter of function bitnot.'],
    ['mod', [int(1), int(2)], undefined],
    ['mod', [str('1.1'), int(2)], 'Expect number - float or int type for 1 parameter of function mod.'],
    ['mod', [num(1.1), bool(true)], 'Expect number - float or int type for 2 parameter of function mod.'],
    ['mod', [int(1), ss], 'Expect number - float or int type for 2 parameter of function mod.'],
    ['rand', [int(1)], 'The arguments for rand should be 0.'],
    ['power', [num(0.2), int(4)], undefined],
  ]
  for (const [name, args, expected] of cases) {
    it(`${name} with ${args.map((a) => a.kind).join(', ') || 'no arguments'}: ${expected ?? 'valid'}`, () => {
      assert.equal(validationError(name, args), expected)
    })
  }
})
