import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { ParseError } from '../../../src/core/errors.js'
import { parseSelect } from '../../../src/sql/parser/index.js'

function failure(sql: string): ParseError {
  try {
    parseSelect(sql)
  } catch (err) {
    if (err instanceof ParseError) return err
    throw err
  }
  throw new Error(`expected a ParseError for ${sql}`)
}

describe('SELECT', () => {
  it('names fields like 1.0: column for a reference, function for a call, empty otherwise', () => {
    const s = parseSelect('SELECT a, t.b, lower(c), d + 1, "x" AS y, demo.* FROM t')
    assert.deepEqual(
      s.fields.map((f) => [f.name, f.alias]),
      [
        ['a', ''],
        ['b', ''],
        ['lower', ''],
        ['', ''],
        ['', 'y'],
        ['*', ''],
      ],
    )
  })

  it('takes * only as the whole field list', () => {
    assert.deepEqual(parseSelect('SELECT * FROM tbl').fields, [
      { kind: 'Field', expr: { kind: 'Wildcard' }, name: '', alias: '' },
    ])
    assert.match(failure('SELECT *, FROM tbl').message, /^found ",", expected FROM\./)
    assert.match(failure('SELECT * AS alias FROM tbl').message, /^found "AS", expected FROM\./)
  })

  it('reads MQTT-like stream names with / # + and an optional alias', () => {
    assert.deepEqual(parseSelect('SELECT a FROM /topic/sensor1/+/temp1/ AS t2').sources, [
      { kind: 'Table', name: '/topic/sensor1/+/temp1/', alias: 't2' },
    ])
    assert.deepEqual(parseSelect('SELECT a FROM topic/sensor1/#').sources, [{ kind: 'Table', name: 'topic/sensor1/#' }])
    assert.deepEqual(parseSelect('SELECT a FROM `my stream`').sources, [{ kind: 'Table', name: 'my stream' }])
  })

  it('does not glue two names separated by a space into one stream name', () => {
    assert.match(failure('SELECT a FROM tbl t1').message, /^found "t1", expected EOF\./)
  })

  it('parses every join type with its ON condition', () => {
    const s = parseSelect(
      'SELECT * FROM a INNER JOIN b ON a.x = b.x LEFT JOIN c AS cc ON a.x = cc.x RIGHT JOIN d ON 1 FULL JOIN e ON 1 CROSS JOIN f',
    )
    assert.deepEqual(
      s.joins.map((j) => [j.joinType, j.name, j.alias, j.on === undefined]),
      [
        ['INNER', 'b', undefined, false],
        ['LEFT', 'c', 'cc', false],
        ['RIGHT', 'd', undefined, false],
        ['FULL', 'e', undefined, false],
        ['CROSS', 'f', undefined, true],
      ],
    )
  })

  it('rejects ON after CROSS JOIN and a bare JOIN, as 1.0 does', () => {
    assert.match(
      failure('SELECT * FROM a CROSS JOIN b ON a.x = b.x').message,
      /^On expression is not required for cross join type\./,
    )
    assert.match(failure('SELECT * FROM a JOIN b ON a.x = b.x').message, /^found "JOIN", expected EOF\./)
  })

  it('parses GROUP BY dimensions and windows in any position, with FILTER', () => {
    const s = parseSelect(
      'SELECT * FROM demo GROUP BY department, COUNTWINDOW(3,1) FILTER( where revenue > 100 ), year',
    )
    assert.deepEqual(s.dimensions[1]?.expr, {
      kind: 'Window',
      windowType: 'COUNT_WINDOW',
      length: 3,
      interval: 1,
      filter: {
        kind: 'BinaryExpr',
        op: '>',
        left: { kind: 'FieldRef', name: 'revenue' },
        right: { kind: 'IntegerLiteral', value: 100n },
      },
    })
  })

  it('keeps time-window lengths in the unit written', () => {
    assert.deepEqual(parseSelect('SELECT f1 FROM tbl GROUP BY HOPPINGWINDOW(mi, 5, 1)').dimensions[0]?.expr, {
      kind: 'Window',
      windowType: 'HOPPING_WINDOW',
      unit: 'MI',
      length: 5,
      interval: 1,
    })
    assert.deepEqual(parseSelect('SELECT f1 FROM tbl GROUP BY tumblingwindow(SS, 10)').dimensions[0]?.expr, {
      kind: 'Window',
      windowType: 'TUMBLING_WINDOW',
      unit: 'SS',
      length: 10,
      interval: 0,
    })
  })

  it('checks window arguments with 1.0 texts', () => {
    assert.match(
      failure('SELECT f1 FROM tbl GROUP BY SLIDINGWINDOW(mi, 5, 1)').message,
      /^The arguments for slidingwindow should be 2\./,
    )
    assert.match(
      failure('SELECT f1 FROM tbl GROUP BY SLIDINGWINDOW("mi", 5)').message,
      /^The 1st argument for slidingwindow is expecting timer literal expression\. One value of \[dd\|hh\|mi\|ss\|ms\]\./,
    )
    assert.match(
      failure('SELECT f1 FROM tbl GROUP BY TUMBLINGWINDOW(ss, a)').message,
      /^The 1 argument for tumblingwindow is expecting interger literal expression\./,
    )
    assert.match(
      failure('SELECT f1 FROM tbl GROUP BY COUNTWINDOW(3, 5)').message,
      /^The second parameter value 5 should be less than the first parameter 3\./,
    )
    assert.match(failure('SELECT f1 FROM tbl GROUP BY COUNTWINDOW(0)').message, /^Invalid parameter value 0\./)
    assert.match(failure('SELECT f1 FROM tbl GROUP BY COUNTWINDOW()').message, /^Invalid parameter count\./)
  })

  it('only takes FILTER after a window, in parentheses with WHERE', () => {
    assert.match(
      failure('SELECT sum(f1) FILTER( where revenue > 100 ) FROM tbl').message,
      /^found "FILTER", expected FROM\./,
    )
    assert.match(
      failure('SELECT * FROM demo GROUP BY COUNTWINDOW(3,1) FILTER where revenue > 100').message,
      /^Found "WHERE" after FILTER, expect parentheses\./,
    )
    assert.match(
      failure('SELECT * FROM demo GROUP BY COUNTWINDOW(3,1) FILTER (revenue > 100)').message,
      /^Found "revenue" after FILTER\(, expect WHERE\./,
    )
  })

  it('parses HAVING and ORDER BY with stream-qualified names and directions', () => {
    const s = parseSelect('SELECT a FROM t AS s1 GROUP BY a HAVING count(a) > 3 ORDER BY s1.name DESC, b ASC, c')
    assert.ok(s.having)
    assert.deepEqual(s.sortFields, [
      { kind: 'SortField', name: 'name', stream: 's1', ascending: false },
      { kind: 'SortField', name: 'b', ascending: true },
      { kind: 'SortField', name: 'c', ascending: true },
    ])
  })

  it('allows a trailing semicolon but nothing after the statement', () => {
    assert.equal(parseSelect('SELECT a FROM t;').fields.length, 1)
    assert.match(
      failure('SELECT * FROM demo GROUP BY COUNTWINDOW(3,1) where revenue > 100').message,
      /^found "WHERE", expected EOF\./,
    )
  })

  it('reports a statement that is not a SELECT with 1.0 text', () => {
    assert.match(failure('SELECTname FROM tbl').message, /^Found "SELECTname", Expected SELECT\./)
    assert.match(failure('CREATE STREAM x () WITH ()').message, /^Found "CREATE", Expected SELECT\./)
  })

  it('locates errors by line and column', () => {
    const err = failure('SELECT a,\n  b\nFORM t')
    assert.equal(err.detail, 'found "FORM", expected FROM.')
    assert.equal(err.line, 3)
    assert.equal(err.column, 1)
    assert.equal(err.message, 'found "FORM", expected FROM. at line 3, column 1')
  })

  it('points at the end of the input when it ends too early', () => {
    const err = failure('SELECT `half FROM tb')
    assert.equal(err.detail, 'found "EOF", expected FROM.')
    assert.deepEqual([err.line, err.column], [1, 21])
  })
})
