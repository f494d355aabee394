import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import type { Value, ValueMap } from '../../../src/core/value.js'
import { normalizeFilters } from '../../../src/functions/jsonpath.js'
import { call, errorOf, field, int, str, validationError } from './call.js'

const equipment: ValueMap = {
  rings: [
    { name: 'ring of despair', weight: 0.1 },
    { name: 'ring of strength', weight: 2.4 },
  ],
  arm_right: 'Sword of flame',
  arm_left: 'Shield of faith',
}
const plain: ValueMap = { rings: [0.1, 2.4], arm_right: 'Sword of flame', arm_left: 'Shield of faith' }
const dotted: Value = [{ rings: [0.1, 2.4], 'arm.right': 'Sword of flame', 'arm.left': 'Shield of faith' }]
const samplers: Value = [
  { name: 'page1', result: { throughput: 25n, rt: 20n } },
  { name: 'page2', result: { throughput: 30n, rt: 20n } },
]

// misc_func_test.go (TestJsonPathFunc_Apply1) and filter_test.go (#11, #12)
const rows: [string, Value, string, Value][] = [
  ['json_path_query', equipment, '$.arm_right', 'Sword of flame'],
  ['json_path_query', equipment, '$.rings[*].weight', [0.1, 2.4]],
  ['json_path_query_first', equipment, '$.rings[*].weight', 0.1],
  ['json_path_query', equipment, '$.rings[? @.weight>1]', [{ name: 'ring of strength', weight: 2.4 }]],
  ['json_path_query', equipment, '$.rings[? @.weight>1].name', ['ring of strength']],
  ['json_path_exists', equipment, '$.rings[? @.weight>5]', false],
  ['json_path_exists', equipment, '$.ring1', false],
  ['json_path_exists', equipment, '$.rings', true],
  ['json_path_query', equipment, '$.rings[? (@.weight>1)].name', ['ring of strength']],
  ['json_path_query', plain, '$.rings[*]', [0.1, 2.4]],
  ['json_path_query', plain, '$.rings', [0.1, 2.4]],
  ['json_path_query', dotted, '$[0].rings[1]', 2.4],
  ['json_path_query', dotted, '$[0]["arm.left"]', 'Shield of faith'],
  ['json_path_exists', samplers, '$[? @.result.throughput==30]', true],
  ['json_path_exists', samplers, '$[? @.result.throughput<20]', false],
  // beyond the corpus
  ['json_path_query', equipment, '$', equipment],
  ['json_path_query', plain, '$.rings[5]', null],
  ['json_path_query', plain, '$.rings[-1]', 2.4],
  ['json_path_query', equipment, '$..weight', [0.1, 2.4]],
  ['json_path_query', plain, '$.rings[0:1]', [0.1]],
  ['json_path_query_first', plain, '$.rings', 0.1],
  ['json_path_query_first', equipment, '$.rings[? @.weight>5]', null],
  ['json_path_query', samplers, '$[?(@.name=="page2")].result.rt', [20n]],
  ['json_path_exists', { a: null }, '$.a', false],
]

describe('JSON path functions', () => {
  for (const [name, data, path, expected] of rows) {
    it(`${name}(…, ${JSON.stringify(path)})`, () => {
      assert.deepEqual(call(name, data, path), expected)
    })
  }

  it('fails on an unknown key of a plain path, as PaesslerAG/jsonpath', () => {
    assert.equal(
      errorOf(() => call('json_path_query', equipment, '$.ring1')),
      'json_path_query function error: unknown key ring1',
    )
    assert.equal(
      errorOf(() => call('json_path_query', equipment, '$.arm_right.x')),
      'json_path_query function error: unsupported value type string for select, expected map[string]interface{}, []interface{} or Array',
    )
  })

  it('requires a map or array', () => {
    assert.equal(
      errorOf(() => call('json_path_query', 'abc', '$.a')),
      'json_path_query function error: the first argument must be a map but got abc',
    )
    assert.equal(
      errorOf(() => call('json_path_query_first', equipment, '$.arm_right')),
      'json_path_query_first function error: query result (Sword of flame) is not an array',
    )
  })

  it('gives nil (or false) for a nil argument', () => {
    assert.equal(call('json_path_query', null, '$.a'), null)
    assert.equal(call('json_path_query_first', undefined, '$.a'), null)
    assert.equal(call('json_path_exists', null, '$.a'), false)
  })

  it('rewrites PaesslerAG filters without parentheses', () => {
    assert.equal(normalizeFilters('$.a[? @.b>1].c'), '$.a[?(@.b>1)].c')
    assert.equal(normalizeFilters('$.a[?(@.b=="]")]'), '$.a[?((@.b=="]"))]')
    assert.equal(normalizeFilters('$.a[0]'), '$.a[0]')
  })

  it('requires a string literal path at parse time', () => {
    assert.equal(validationError('json_path_query', [field('data'), str('$.a')]), undefined)
    assert.equal(
      validationError('json_path_query', [field('data'), int(44)]),
      'Expect string type for 2 parameter of function json_path_query.',
    )
    assert.equal(
      validationError('json_path_exists', [field('data'), field('p')]),
      'Expect string type for 2 parameter of function json_path_exists.',
    )
    assert.equal(
      validationError('json_path_query_first', [field('data')]),
      'The arguments for json_path_query_first should be 2.',
    )
  })
})
