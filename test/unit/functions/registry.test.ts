import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { defineScalar } from '../../../src/functions/define-function.js'
import type { Documented } from '../../../src/functions/define-function.js'
import { signatureArity } from '../../../src/functions/doc.js'
import { builtinFunctions, createCatalog, functionFamilies, listFunctions } from '../../../src/functions/registry.js'

const names = [
  // aggregate
  'avg',
  'collect',
  'count',
  'deduplicate',
  'max',
  'min',
  'sum',
  // math
  'abs',
  'acos',
  'asin',
  'atan',
  'atan2',
  'bitand',
  'bitor',
  'bitxor',
  'bitnot',
  'ceil',
  'cos',
  'cosh',
  'exp',
  'ln',
  'log',
  'mod',
  'power',
  'rand',
  'round',
  'sign',
  'sin',
  'sinh',
  'sqrt',
  'tan',
  'tanh',
  // string
  'concat',
  'endswith',
  'format_time',
  'indexof',
  'length',
  'lower',
  'lpad',
  'ltrim',
  'numbytes',
  'regexp_matches',
  'regexp_replace',
  'regexp_substr',
  'rpad',
  'rtrim',
  'split_value',
  'startswith',
  'substring',
  'trim',
  'upper',
  // conversion
  'cast',
  'chr',
  'encode',
  'trunc',
  // hash
  'md5',
  'sha1',
  'sha224',
  'sha256',
  'sha384',
  'sha512',
  // JSON
  'json_path_exists',
  'json_path_query',
  'json_path_query_first',
  // other
  'isnull',
  'newuuid',
  'tstamp',
  'meta',
  'mqtt',
]

describe('function registry', () => {
  it('lists every built-in function of 1.0 once', () => {
    const listed = listFunctions().map((d) => d.name)
    assert.deepEqual([...listed].sort(), [...names].sort())
    assert.equal(new Set(listed).size, listed.length)
  })

  it('describes every function in English and Chinese and gives scalars and aggregates an exec', () => {
    for (const d of listFunctions()) {
      assert.ok(d.doc.description.en.trim() !== '', `${d.name} has an English description`)
      assert.match(d.doc.description.zh, /[\u4e00-\u9fff]/, `${d.name} has a Chinese description`)
      assert.ok(d.doc.example.sql.toLowerCase().includes(`${d.name}(`), `${d.name}'s example calls it`)
      if (d.kind !== 'meta') assert.equal(typeof d.exec, 'function')
      assert.equal(d.name, d.name.toLowerCase())
    }
  })

  it('documents signatures that the arity allows', () => {
    for (const d of listFunctions()) {
      const [min, max] = signatureArity(d.doc.signature)
      assert.ok(min >= d.arity[0] && max <= d.arity[1], `${d.name}: signature [${min}, ${max}] within ${d.arity}`)
      const optional = d.doc.signature.args.findIndex((a) => a.optional === true || a.variadic === true)
      if (optional >= 0) {
        assert.ok(
          d.doc.signature.args.slice(optional).every((a) => a.optional === true || a.variadic === true),
          `${d.name}: only trailing parameters are optional`,
        )
      }
    }
  })

  it('does not compile a built-in list with an undocumented function (checked by npm run typecheck)', () => {
    const undocumented = defineScalar({ name: 'f', arity: [0, 0], exec: () => 1n })
    // @ts-expect-error a family of built-ins only takes Documented functions: this one has no doc
    const family: readonly Documented[] = [undocumented]
    assert.equal(family[0]?.doc, undefined)
  })

  it('groups every function in exactly one family', () => {
    const grouped = functionFamilies.flatMap((f) => f.functions.map((d) => d.name))
    assert.deepEqual(
      grouped,
      listFunctions().map((d) => d.name),
    )
  })

  it('looks names up case-insensitively', () => {
    assert.equal(builtinFunctions.lookup('CONCAT')?.name, 'concat')
    assert.equal(builtinFunctions.lookup('isNull')?.name, 'isnull')
    assert.equal(builtinFunctions.lookup('Count')?.kind, 'aggregate')
    assert.equal(builtinFunctions.lookup('ABS')?.name, 'abs') // documented; 1.0 only ran lower-case math names
    assert.equal(builtinFunctions.lookup('nosuch'), undefined)
  })

  it('matches case-sensitive functions only by their lower-case name', () => {
    const catalog = createCatalog([defineScalar({ name: 'f', arity: [0, 0], caseSensitive: true, exec: () => 1n })])
    assert.equal(catalog.lookup('f')?.name, 'f')
    assert.equal(catalog.lookup('F'), undefined)
  })
})
