import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { ParseError } from '../../../src/core/errors.js'
import { parseStatement, parseStatements } from '../../../src/sql/parser/index.js'

function failure(sql: string): ParseError {
  try {
    parseStatement(sql)
  } catch (err) {
    if (err instanceof ParseError) return err
    throw err
  }
  throw new Error(`expected a ParseError for ${sql}`)
}

describe('CREATE STREAM', () => {
  it('parses basic, array, struct and nested types, tolerating a trailing comma', () => {
    const stmt = parseStatement(`CREATE STREAM demo (
      USERID BIGINT, price float, NAME string, birthday datetime, ok BOOLEAN, raw bytea,
      NICKNAMES ARRAY(STRING),
      ADDRESSES ARRAY(STRUCT(STREET_NAME STRING, NUMBER BIGINT)),
      INFO STRUCT(NAME string, GEO STRUCT(lat float, lng float)),
    ) WITH (DATASOURCE="users", FORMAT="JSON", KEY="USERID", CONF_KEY="srv1", type="MQTT",
            STRICT_VALIDATION="FAlse", TIMESTAMP="ts", TIMESTAMP_FORMAT="yyyy-MM-dd");`)
    assert.deepEqual(stmt, {
      kind: 'CreateStreamStatement',
      name: 'demo',
      fields: [
        { name: 'USERID', type: { kind: 'basic', type: 'bigint' } },
        { name: 'price', type: { kind: 'basic', type: 'float' } },
        { name: 'NAME', type: { kind: 'basic', type: 'string' } },
        { name: 'birthday', type: { kind: 'basic', type: 'datetime' } },
        { name: 'ok', type: { kind: 'basic', type: 'boolean' } },
        { name: 'raw', type: { kind: 'basic', type: 'bytea' } },
        { name: 'NICKNAMES', type: { kind: 'array', elem: { kind: 'basic', type: 'string' } } },
        {
          name: 'ADDRESSES',
          type: {
            kind: 'array',
            elem: {
              kind: 'struct',
              fields: [
                { name: 'STREET_NAME', type: { kind: 'basic', type: 'string' } },
                { name: 'NUMBER', type: { kind: 'basic', type: 'bigint' } },
              ],
            },
          },
        },
        {
          name: 'INFO',
          type: {
            kind: 'struct',
            fields: [
              { name: 'NAME', type: { kind: 'basic', type: 'string' } },
              {
                name: 'GEO',
                type: {
                  kind: 'struct',
                  fields: [
                    { name: 'lat', type: { kind: 'basic', type: 'float' } },
                    { name: 'lng', type: { kind: 'basic', type: 'float' } },
                  ],
                },
              },
            ],
          },
        },
      ],
      options: {
        DATASOURCE: 'users',
        FORMAT: 'JSON',
        KEY: 'USERID',
        CONF_KEY: 'srv1',
        TYPE: 'MQTT',
        STRICT_VALIDATION: 'FAlse',
        TIMESTAMP: 'ts',
        TIMESTAMP_FORMAT: 'yyyy-MM-dd',
      },
    })
  })

  it('parses a schemaless stream as fields null', () => {
    const stmt = parseStatement('CREATE STREAM demo (\n\n) WITH (DATASOURCE="users")')
    assert.deepEqual(stmt, {
      kind: 'CreateStreamStatement',
      name: 'demo',
      fields: null,
      options: { DATASOURCE: 'users' },
    })
  })

  it('accepts empty options and back-quoted names', () => {
    assert.deepEqual(parseStatement('CREATE STREAM `stream` (`地址` BIGINT) WITH ()'), {
      kind: 'CreateStreamStatement',
      name: 'stream',
      fields: [{ name: '地址', type: { kind: 'basic', type: 'bigint' } }],
      options: {},
    })
  })

  it('reports errors with the 1.0 texts', () => {
    const cases: [string, string][] = [
      [
        'CREATE STREAM demo (NAME string) WITH (STRICT_VALIDATION="true1")',
        'found "true1", expect TRUE/FALSE value in STRICT_VALIDATION option.',
      ],
      ['CREATE STREAM demo (NAME string)) WITH (DATASOURCE="users")', 'found ")", expect stream options.'],
      ['CREATE STREAM demo (NAME string) WITHs (DATASOURCE="users")', 'found "WITHs", expected is with.'],
      [
        'CREATE STREAM demo (NAME integer) WITH ()',
        'found "integer", expect valid stream field types(BIGINT | FLOAT | STRINGS | DATETIME | BOOLEAN | ARRAY | STRUCT).',
      ],
      [
        'CREATE STREAM demo (NAME string) WITH (sources="users")',
        'found "sources", unknown option keys(DATASOURCE|FORMAT|KEY|CONF_KEY|STRICT_VALIDATION|TYPE).',
      ],
      ['CREATE STREAM demo ((NAME string) WITH ()', 'found "(", expect stream field name.'],
      ['CREATE STREAM demo (USERID BIGINT) WITH ());', 'found ")", expected semicolon or EOF.'],
      ['CREATE STREAM demo (USERID BIGINT) WITH DATASOURCE="users"', 'found "DATASOURCE", expect stream options.'],
      ['CREATE STREAM demo (a ARRAY(ARRAY(BIGINT))) WITH ()', 'found "ARRAY", expect stream data types.'],
      ['CREATE STREAM demo (a BIGINT b FLOAT) WITH ()', 'found "b", expect comma or rparen.'],
      ['CREATE STREAM demo (a BIGINT) WITH (TYPE=mqtt)', 'found "mqtt", expect string value in option.'],
      ['CREATE STREAM demo (a BIGINT) WITH (TYPE:"mqtt")', 'found ":", expect equals(=) in options.'],
      ['CREATE STREAM demo () WITH', 'found "EOF", expect stream options.'],
      ['CREATE STREAMS demo () WITH ()', 'found "STREAMS", expected keyword stream.'],
      ['CREATE STREAM select () WITH ()', 'found "SELECT", expected stream name.'],
      ['CREATE STREAM demo WITH ()', 'found "WITH", expected lparen after stream name.'],
    ]
    for (const [sql, detail] of cases) assert.equal(failure(sql).detail, detail, sql)
  })
})

describe('stream management statements', () => {
  it('parses SHOW STREAMS, DESCRIBE, EXPLAIN and DROP STREAM', () => {
    assert.deepEqual(parseStatement('SHOW STREAMS'), { kind: 'ShowStreamsStatement' })
    assert.deepEqual(parseStatement('describe stream demo;'), { kind: 'DescribeStreamStatement', name: 'demo' })
    assert.deepEqual(parseStatement('EXPLAIN STREAM demo1'), { kind: 'ExplainStreamStatement', name: 'demo1' })
    assert.deepEqual(parseStatement('DROP STREAM `stream`;'), { kind: 'DropStreamStatement', name: 'stream' })
  })

  it('reports errors with the 1.0 texts', () => {
    assert.equal(failure('SHOW STREAMSf').detail, 'found "STREAMSf", expected keyword streams.')
    assert.equal(failure('SHOW STREAMS d').detail, 'found "d", expected semecolon or EOF.')
    assert.equal(failure('DROP STREAM').detail, 'found "EOF", expected stream name.')
    assert.equal(
      failure('DESC STREAM demo').detail,
      'found "DESC", expected SELECT, CREATE, SHOW, DESCRIBE, EXPLAIN or DROP.',
    )
  })

  it('parses ;-separated statements, skipping empty ones and comments', () => {
    const list = parseStatements(
      'SELECT name FROM tbl;\nSELECT name FROM topic/sensor1;\n--SELECT comment FROM topic/comment',
    )
    assert.deepEqual(
      list.map((s) => s.kind),
      ['SelectStatement', 'SelectStatement'],
    )
    assert.deepEqual(
      parseStatements(';;SHOW STREAMS;; DROP STREAM a').map((s) => s.kind),
      ['ShowStreamsStatement', 'DropStreamStatement'],
    )
    assert.deepEqual(parseStatements('  '), [])
  })
})
