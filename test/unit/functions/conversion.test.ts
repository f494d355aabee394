import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import type { Value } from '../../../src/core/value.js'
import { call, errorOf, field, int, num, ss, str, bool, validationError } from './call.js'

const rows: [string, Value[], Value][] = [
  // math_func_test.go (TestMathAndConversionFunc_Apply1)
  ['cast', [1.2, 'bigint'], 1n],
  ['cast', [5n, 'bigint'], 5n],
  ['cast', [1.2, 'string'], '1.2'],
  ['cast', [true, 'string'], 'true'],
  ['cast', ['true', 'boolean'], true],
  ['cast', ['1', 'boolean'], true],
  ['cast', [0.0, 'boolean'], false],
  ['chr', [0n], 0n],
  ['chr', ['a'], 97n],
  ['encode', ['hello', 'base64'], 'aGVsbG8='],
  ['trunc', [3.1415, 2n], 3.14],
  ['trunc', [3n, 2n], 3],
  // beyond the corpus
  ['cast', [-1.9, 'bigint'], -1n],
  ['cast', ['42', 'bigint'], 42n],
  ['cast', [true, 'bigint'], 1n],
  ['cast', [7n, 'float'], 7],
  ['cast', ['1e3', 'float'], 1000],
  // Go's ParseFloat reads hex floats and underscores between digits (the cast once rejected both)
  ['cast', ['0x1.8p1', 'float'], 3],
  ['cast', ['1_000.5', 'float'], 1000.5],
  ['cast', [false, 'float'], 0],
  ['cast', [65n, 'string'], '65'],
  ['cast', [1e21, 'string'], '1e+21'],
  ['cast', [0.00001, 'string'], '1e-05'],
  ['cast', ['s', 'string'], 's'],
  ['cast', [0n, 'boolean'], false],
  ['cast', [2n, 'BOOLEAN'], true],
  ['cast', ['F', 'boolean'], false],
  ['chr', [97.9], 97n],
  ['chr', [4294967393n], 97n],
  ['trunc', [3.999, 2n], 3.99],
  ['trunc', [-3.999, 1n], -3.9],
  ['trunc', [1234.5, -2n], 1200],
]

describe('conversion functions', () => {
  for (const [name, args, expected] of rows) {
    it(`${name}(${args.map(String).join(', ')}) = ${String(expected)}`, () => {
      assert.deepEqual(call(name, ...args), expected)
    })
  }

  it('reports 1.0 conversion errors', () => {
    assert.equal(
      errorOf(() => call('cast', 'abc', 'bigint')),
      'strconv.Atoi: parsing "abc": invalid syntax',
    )
    assert.equal(
      errorOf(() => call('cast', '99999999999999999999', 'bigint')),
      'strconv.Atoi: parsing "99999999999999999999": value out of range',
    )
    assert.equal(
      errorOf(() => call('cast', 'x1', 'float')),
      'strconv.ParseFloat: parsing "x1": invalid syntax',
    )
    assert.equal(
      errorOf(() => call('cast', 'yes', 'boolean')),
      'strconv.ParseBool: parsing "yes": invalid syntax',
    )
    assert.equal(
      errorOf(() => call('cast', 1n, 'datetime')),
      'Not supported type conversion.',
    )
    assert.equal(
      errorOf(() => call('cast', null, 'bigint')),
      'Not supported type conversion.',
    )
    assert.equal(
      errorOf(() => call('cast', new Date(0), 'string')),
      'Not supported type conversion.',
    )
    assert.equal(
      errorOf(() => call('cast', 1n, 'int')),
      'Unknow type, only support bigint, float, string, boolean and datetime.',
    )
    assert.equal(
      errorOf(() => call('chr', 'ab')),
      'Parameter length cannot larger than 1.',
    )
    assert.equal(
      errorOf(() => call('chr', 'é')),
      'Parameter length cannot larger than 1.',
    )
    assert.equal(
      errorOf(() => call('chr', true)),
      'Only bigint, float and string type can be convert to char type.',
    )
    assert.equal(
      errorOf(() => call('encode', 1n, 'base64')),
      'Only string type can be encoded.',
    )
    assert.equal(
      errorOf(() => call('encode', 'a', 'hex')),
      'Only base64 encoding is supported.',
    )
    assert.equal(
      errorOf(() => call('trunc', 'x', 1n)),
      'Only int and float type can be truncated.',
    )
    assert.equal(
      errorOf(() => call('trunc', 1.5, 1.5)),
      'The 2nd parameter must be int value.',
    )
  })
})

describe('conversion validators (funcs_ast_validator_test.go)', () => {
  const cases: [string, Parameters<typeof validationError>[1], string | undefined][] = [
    ['cast', [field('field'), str('bigint')], undefined],
    [
      'cast',
      [str('12'), str('bool')],
      'Expect one of following value for the 2nd parameter: bigint, float, string, boolean, datetime.',
    ],
    ['cast', [field('a'), field('b')], 'Expect string type for 2 parameter of function cast.'],
    ['chr', [field('field')], undefined],
    ['chr', [bool(true)], 'Expect int type for 1 parameter of function chr.'],
    ['chr', [str('a')], undefined],
    ['encode', [field('field'), str('base64')], undefined],
    ['encode', [field('field'), bool(true)], 'Expect string type for 2 parameter of function encode.'],
    ['encode', [field('field'), str('hex')], 'Only base64 is supported for the 2nd parameter.'],
    ['trunc', [field('field'), int(3)], undefined],
    ['trunc', [int(5), ss], 'Expect int type for 2 parameter of function trunc.'],
    ['trunc', [str('5'), int(1)], 'Expect number - float or int type for 1 parameter of function trunc.'],
    ['trunc', [num(5.5), num(1.5)], 'Expect int type for 2 parameter of function trunc.'],
  ]
  for (const [name, args, expected] of cases) {
    it(`${name} with ${args.map((a) => a.kind).join(', ')}: ${expected ?? 'valid'}`, () => {
      assert.equal(validationError(name, args), expected)
    })
  }
})
