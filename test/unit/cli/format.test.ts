import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { indentJson } from '../../../src/cli/format/json-indent.js'
import { renderTable } from '../../../src/cli/format/table.js'
import { describeStreamTable, describeStreamText, printFieldType } from '../../../src/cli/format/stream.js'

describe('indentJson (Go json.Indent with two spaces)', () => {
  it('indents objects and arrays and puts a space after colons', () => {
    assert.equal(indentJson('{"a":1,"b":[true,null]}'), '{\n  "a": 1,\n  "b": [\n    true,\n    null\n  ]\n}')
  })
  it('keeps empty arrays and objects compact', () => {
    assert.equal(indentJson('{"a":[],"b":{ }}'), '{\n  "a": [],\n  "b": {}\n}')
  })
  it('keeps strings with brackets, commas, colons and escaped quotes untouched', () => {
    assert.equal(indentJson('["a,b:{c}[d]", "e\\"f,"]'), '[\n  "a,b:{c}[d]",\n  "e\\"f,"\n]')
  })
  it('keeps number text exactly (no float64 rounding)', () => {
    assert.equal(indentJson('{"n":12345678901234567890,"f":1.50}'), '{\n  "n": 12345678901234567890,\n  "f": 1.50\n}')
  })
  it('re-indents already indented JSON the same way', () => {
    const once = indentJson('[{"id":"rule1","status":"Running"}]')
    assert.equal(indentJson(once), once)
    assert.equal(once, '[\n  {\n    "id": "rule1",\n    "status": "Running"\n  }\n]')
  })
})

describe('renderTable', () => {
  it('aligns columns under a dash rule and does not pad the last column', () => {
    assert.equal(
      renderTable(
        ['ID', 'STATUS'],
        [
          ['rule1', 'Running'],
          ['r2', 'Stopped: canceled manually or by error.'],
        ],
      ),
      'ID     STATUS\n-----  ---------------------------------------\nrule1  Running\nr2     Stopped: canceled manually or by error.',
    )
  })
  it('measures wide characters by code point', () => {
    assert.equal(renderTable(['A', 'B'], [['地址', 'x']]), 'A   B\n--  -\n地址  x')
  })
})

describe('describe stream output', () => {
  const demo = {
    Name: 'demo',
    StreamFields: [
      { Name: 'temperature', FieldType: 'float' },
      { Name: 'tags', FieldType: { Type: 'array' as const, ElementType: 'string' } },
      {
        Name: 'address',
        FieldType: {
          Type: 'struct' as const,
          Fields: [
            { Name: 'STREET', FieldType: 'string' },
            { Name: 'NUMS', FieldType: { Type: 'array' as const, ElementType: 'bigint' } },
          ],
        },
      },
    ],
    Options: { FORMAT: 'JSON', DATASOURCE: 'demo' },
  }

  it('prints field types as 1.0 PrintFieldType does', () => {
    assert.equal(printFieldType('bigint'), 'bigint')
    assert.equal(
      printFieldType({ Type: 'array', ElementType: { Type: 'array', ElementType: 'float' } }),
      'array(array(float))',
    )
  })

  it("prints 1.0's Fields block, a blank line and the options sorted by key", () => {
    assert.equal(
      describeStreamText(demo),
      'Fields\n' +
        '-'.repeat(80) +
        '\ntemperature\tfloat\ntags\tarray(string)\naddress\tstruct(STREET string, NUMS array(bigint))\n\n' +
        'DATASOURCE: demo\nFORMAT: JSON\n',
    )
  })

  it('prints a schemaless stream with no field lines', () => {
    const text = describeStreamText({ Name: 's', StreamFields: null, Options: { DATASOURCE: 's' } })
    assert.equal(text, 'Fields\n' + '-'.repeat(80) + '\n\nDATASOURCE: s\n')
  })

  it('renders aligned tables for --output table', () => {
    const t = describeStreamTable(demo)
    assert.match(t, /^Stream demo\n\nFIELD {8}TYPE\n/)
    assert.match(t, /\ntemperature {2}float\n/)
    assert.match(t, /\nOPTION {6}VALUE\n-{10} {2}-{5}\nDATASOURCE {2}demo\nFORMAT {6}JSON\n$/)
  })
})
