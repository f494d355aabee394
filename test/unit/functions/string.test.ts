import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import type { Value } from '../../../src/core/value.js'
import { call, errorOf, field, int, num, ss, str, bool, validationError } from './call.js'

const rows: [string, Value[], Value][] = [
  // str_func_test.go (TestStrFunc_Apply1)
  ['concat', ['mya', 'myb', 'myc'], 'myamybmyc'],
  ['endswith', ['mya', 'myb'], false],
  ['endswith', ['mya', 'ya'], true],
  ['format_time', [new Date(1568854515000), 'yyyy-MM-dd T HH:mm:ss'], '2019-09-19 T 00:55:15'],
  ['indexof', ['mya', 'a'], 2n],
  ['length', ['中国'], 2n],
  ['length', ['myc'], 3n],
  ['lower', ['NYCNicks'], 'nycnicks'],
  ['lpad', ['NYCNicks', 2n], '  NYCNicks'],
  ['ltrim', [' \ttrimme\n '], 'trimme\n '],
  ['numbytes', ['中国'], 6n],
  ['numbytes', ['ya'], 2n],
  ['regexp_matches', ['seafood', 'foo.*'], true],
  ['regexp_matches', ['ya', 'foo.*'], false],
  ['regexp_replace', ['-ab-axxb-', 'a(x*)b', 'REP'], '-REP-REP-'],
  ['regexp_substr', ['seafood', 'foo.*'], 'food'],
  ['rpad', ['NYCNicks', 3n], 'NYCNicks   '],
  ['rtrim', [' \ttrimme\n '], ' \ttrimme'],
  ['substring', ['NYCNicks', 3n], 'Nicks'],
  ['substring', ['NYCNicks', 3n, 5n], 'Ni'],
  ['endswith', ['mya', 'myc'], false],
  ['trim', [' \ttrimme\n '], 'trimme'],
  ['upper', ['NYCNicks'], 'NYCNICKS'],
  ['split_value', ['test/device001/message', '/', 0n], 'test'],
  ['split_value', ['test/device001/message', '/', 1n], 'device001'],
  ['split_value', ['test/device001/message', '/', 2n], 'message'],
  ['split_value', ['/test/device001/message', '/', 0n], ''],
  ['split_value', ['/test/device001/message', '/', 3n], 'message'],
  // project_test.go: CONCAT of ints and floats prints them with %v
  ['concat', [1n, 65.55, 12n], '165.5512'],
  ['concat', [3n, 88.88, 6n], '388.886'],
  // beyond the corpus
  ['concat', ['a', null, true, 1e21], 'a<nil>true1e+21'],
  [
    'concat',
    [new Date(1568854515120), [1n, 'x'], { b: 2.5, a: new Date(0) }],
    '2019-09-19 00:55:15.12 +0000 UTC[1 x]map[a:1970-01-01 00:00:00 +0000 UTC b:2.5]',
  ],
  ['startswith', ['mya', 'my'], true],
  ['indexof', ['中国x', 'x'], 6n],
  ['indexof', ['abc', 'z'], -1n],
  ['upper', ['straße ǆ'], 'STRAßE Ǆ'],
  ['lower', ['İSTANBUL'], 'istanbul'],
  ['trim', ['\u00a0\u3000x\u0085'], 'x'],
  ['trim', ['\ufeffx'], '\ufeffx'],
  ['lpad', ['x', 1.9], ' x'],
  ['substring', ['中国', 3n], '国'],
  ['substring', ['abc', 3n], ''],
  ['split_value', ['abc', '', 1n], 'b'],
  ['regexp_replace', ['abc', 'x*', '-'], '-a-b-c-'],
  ['regexp_replace', ['baaac', 'a*', '-'], '-b-c-'],
  ['regexp_replace', ['2019-09-19', '(?P<y>\\d+)-(\\d+)-(\\d+)', '$3/$2/${y}'], '19/09/2019'],
  ['regexp_replace', ['ab', '(a)', '$1x|${1}x|$$'], '|ax|$b'],
  ['regexp_matches', ['ABC', '(?i)abc'], true],
  ['regexp_matches', ['a\nb', '\\Ab\\z'], false],
  ['regexp_matches', ['x9', '[[:alpha:]][[:digit:]]'], true],
  ['regexp_matches', ['é', '^\\pL$'], true],
  ['regexp_matches', ['a+b', '\\Qa+b\\E'], true],
  ['regexp_substr', ['seafood', 'xyz'], ''],
  [
    'format_time',
    [new Date(1568854515123), 'EEE, d MMM yyyy hh:mm:ss.SSS a XXX'],
    'Thu, 19 Sep 2019 12:55:15..123 AM +00:00',
  ],
]

describe('string functions', () => {
  for (const [name, args, expected] of rows) {
    it(`${name}(${args.map((a) => JSON.stringify(a, (_k, v: unknown) => (typeof v === 'bigint' ? `${v}n` : v))).join(', ')})`, () => {
      assert.deepEqual(call(name, ...args), expected)
    })
  }

  it('reads nil arguments as "<nil>", as 1.0 printed them with %v', () => {
    assert.equal(call('upper', null), '<NIL>')
    assert.equal(call('length', undefined), 5n)
  })

  it('reports 1.0 errors at run time', () => {
    assert.equal(
      errorOf(() => call('split_value', 'a/b', '/', 5n)),
      '5 out of index array (size = 2)',
    )
    assert.equal(
      errorOf(() => call('lpad', 'a', 'x')),
      'unsupported type string of x',
    )
    assert.equal(
      errorOf(() => call('lpad', 'a', -1n)),
      'strings: negative Repeat count',
    )
    assert.equal(
      errorOf(() => call('substring', 'abc', 1n, 5n)),
      'runtime error: slice bounds out of range [:5] with length 3',
    )
    assert.equal(
      errorOf(() => call('format_time', 'not a time', 'yyyy')),
      '',
    )
    assert.equal(
      errorOf(() => call('format_time', new Date(0), 'yyy')),
      '',
    )
    assert.match(errorOf(() => call('regexp_matches', 'a', '(')) ?? '', /^error parsing regexp: /)
  })
})

describe('string validators (funcs_ast_validator_test.go)', () => {
  const cases: [string, Parameters<typeof validationError>[1], string | undefined][] = [
    ['concat', [field('field'), str('hello')], undefined],
    ['concat', [str('1.1'), int(2)], 'Expect string type for 2 parameter of function concat.'],
    ['concat', [str('1.1'), bool(true)], 'Expect string type for 2 parameter of function concat.'],
    ['concat', [str('1'), ss], 'Expect string type for 2 parameter of function concat.'],
    ['concat', [], 'The arguments for concat should be at least one.\n'],
    ['regexp_matches', [field('field'), str('hello')], undefined],
    ['regexp_matches', [int(1), str('true')], 'Expect string type for 1 parameter of function regexp_matches.'],
    ['regexp_matches', [str('1.1'), int(2)], 'Expect string type for 2 parameter of function regexp_matches.'],
    ['regexp_replace', [field('field'), str('hello'), str('h')], undefined],
    [
      'regexp_replace',
      [field('field1'), str('true'), bool(true)],
      'Expect string type for 3 parameter of function regexp_replace.',
    ],
    ['trim', [field('field')], undefined],
    ['trim', [int(1)], 'Expect string type for 1 parameter of function trim.'],
    ['rpad', [field('field'), int(3)], undefined],
    ['rpad', [str('ff'), bool(true)], 'Expect int type for 2 parameter of function rpad.'],
    ['substring', [field('field'), int(3), int(4)], undefined],
    ['substring', [field('field'), int(-1), int(4)], 'The start index should not be a nagtive integer.'],
    ['substring', [field('field'), int(0), int(-1)], 'The end index should be larger than start index.'],
    ['substring', [field('field'), int(0), bool(true)], 'Expect int type for 3 parameter of function substring.'],
    ['substring', [field('field')], 'the arguments for substring should be 2 or 3'],
    ['split_value', [field('topic1')], 'the arguments for split_value should be 3'],
    ['split_value', [field('topic1'), int(3), int(1)], 'Expect string type for 2 parameter of function split_value.'],
    ['split_value', [field('topic1'), str('hello'), int(-1)], 'The index should not be a nagtive integer.'],
    ['lpad', [str('abc'), int(123)], undefined],
    ['indexof', [str('abc'), field('field1')], undefined],
    ['format_time', [str('2019'), str('yyyy')], 'Expect datetime type for 1 parameter of function format_time.'],
    ['format_time', [field('t'), num(1)], 'Expect string type for 2 parameter of function format_time.'],
    ['regexp_substr', [field('a')], 'The arguments for regexp_substr should be 2.'],
  ]
  for (const [name, args, expected] of cases) {
    it(`${name} with ${args.map((a) => a.kind).join(', ') || 'no arguments'}: ${expected ?? 'valid'}`, () => {
      assert.equal(validationError(name, args), expected)
    })
  }
})

describe('RE2 syntax on JS RegExp', () => {
  const rows: [string, string, boolean][] = [
    ['a-b', 'a\\-b', true],
    ['a#b', 'a\\#b', true],
    ['a{b', 'a{b', true],
    ['a{x}', '^a{x}$', true],
    ['aaa', '^a{3}$', true],
    ['x]', 'x]', true],
    ['A', '\\x{41}', true],
    ['a\u00a0b', 'a\\sb', false],
    ['a b', 'a\\sb', true],
    ['😀', '^.$', true],
    ['a\nb', '(?s)a.b', true],
    ['a\nb', 'a.b', false],
    ['ab', '[^[:digit:]]b', true],
  ]
  for (const [s, re, expected] of rows) {
    it(`regexp_matches(${JSON.stringify(s)}, ${JSON.stringify(re)}) = ${expected}`, () => {
      assert.equal(call('regexp_matches', s, re), expected)
    })
  }
})
