import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { compileTemplate, TemplateExecError, TemplateParseError } from '../../../src/templates/index.js'

const run = (t: string, data: unknown): string => compileTemplate(t).execute(data)

describe('template fields and printing', () => {
  it('reads map fields and nested fields', () => {
    assert.equal(run('{{.a}}-{{.b.c}}', { a: 'x', b: { c: 2 } }), 'x-2')
  })

  it('prints float64 as Go %v does, with exponent from 1e+06', () => {
    assert.equal(
      run('{{.a}} {{.b}} {{.c}} {{.d}} {{.e}}', { a: 33, b: 123456, c: 1e6, d: 1234567, e: 0.00001 }),
      '33 123456 1e+06 1.234567e+06 1e-05',
    )
  })

  it('prints maps as map[k:v] with sorted keys and slices as [a b]', () => {
    assert.equal(run('{{.}}', { b: [1, 'x'], a: true }), 'map[a:true b:[1 x]]')
  })

  it('prints <no value> for a missing key, a nil value and a missing nested key', () => {
    assert.equal(run('{{.x}}|{{.n}}|{{.x.y}}', { n: null }), '<no value>|<no value>|<no value>')
  })

  it('fails on a field of a nil value like Go', () => {
    assert.throws(
      () => run('{{.n.y}}', { n: null }),
      (e: Error) => {
        assert.ok(e instanceof TemplateExecError)
        assert.match(
          e.message,
          /^template: sink:1:\d+: executing "sink" at <\.n\.y>: nil pointer evaluating interface \{\}\.y$/,
        )
        return true
      },
    )
  })

  it('fails on a field of a non-map', () => {
    assert.throws(() => run('{{.a.b}}', { a: 3 }), /can't evaluate field b in type float64/)
  })

  it('does not escape HTML (text/template)', () => {
    assert.equal(run('<b>{{.s}}</b>', { s: '<i>&"' }), '<b><i>&"</b>')
  })
})

describe('template control structures', () => {
  it('ranges over an array with . as the element', () => {
    assert.equal(
      run('<ul>{{range .}}<li>{{.ab}}</li>{{end}}</ul>', [{ ab: 'h1' }, { ab: 'h2' }]),
      '<ul><li>h1</li><li>h2</li></ul>',
    )
  })

  it('declares index and element variables in range', () => {
    assert.equal(run('{{range $i, $v := .}}{{$i}}={{$v}};{{end}}', ['a', 'b']), '0=a;1=b;')
    assert.equal(run('{{range $v := .}}{{$v}}{{end}}', [1, 2]), '12')
  })

  it('ranges over a map in sorted key order', () => {
    assert.equal(run('{{range $k, $v := .}}{{$k}}:{{$v}} {{end}}', { b: 2, a: 1, c: 3 }), 'a:1 b:2 c:3 ')
  })

  it('runs the else branch of an empty range', () => {
    assert.equal(run('{{range .}}x{{else}}empty{{end}}', []), 'empty')
    assert.equal(run('{{range .missing}}x{{else}}none{{end}}', {}), 'none')
  })

  it('supports break and continue', () => {
    assert.equal(
      run('{{range .}}{{if eq . 2.0}}{{continue}}{{end}}{{if eq . 4.0}}{{break}}{{end}}{{.}}{{end}}', [1, 2, 3, 4, 5]),
      '13',
    )
  })

  it('picks if / else if / else branches by Go truth', () => {
    const t = compileTemplate('{{if .a}}A{{else if .b}}B{{else}}C{{end}}')
    assert.equal(t.execute({ a: 1 }), 'A')
    assert.equal(t.execute({ a: 0, b: 'x' }), 'B')
    assert.equal(t.execute({ a: '', b: [] }), 'C')
    assert.equal(t.execute({}), 'C')
  })

  it('sets dot in with, and runs else when empty', () => {
    assert.equal(run('{{with .a}}{{.b}}{{else}}none{{end}}', { a: { b: 'x' } }), 'x')
    assert.equal(run('{{with .a}}{{.b}}{{else}}none{{end}}', { a: {} }), 'none')
    assert.equal(run('{{with $x := .a}}{{$x}}{{end}}', { a: 5 }), '5')
  })

  it('scopes variables to their control structure and assigns with =', () => {
    assert.equal(run('{{$x := 1}}{{if true}}{{$x = 2}}{{$y := 3}}{{$y}}{{end}}{{$x}}', {}), '32')
    assert.throws(() => compileTemplate('{{if true}}{{$y := 3}}{{end}}{{$y}}'), /undefined variable "\$y"/)
  })

  it('reads the root through $ inside range', () => {
    assert.equal(run('{{range .items}}{{$.prefix}}{{.}} {{end}}', { prefix: '#', items: ['a', 'b'] }), '#a #b ')
  })

  it('trims whitespace around actions with {{- and -}}', () => {
    assert.equal(run('a  {{- .x -}}  \n b', { x: 1 }), 'a1b')
    assert.equal(run('{{.x}} {{- /* note */ -}} !', { x: 1 }), '1!')
  })

  it('drops comments', () => {
    assert.equal(run('a{{/* a comment */}}b', {}), 'ab')
  })

  it('calls defined templates with a new dot', () => {
    assert.equal(run('{{define "row"}}<{{.}}>{{end}}{{range .}}{{template "row" .}}{{end}}', [1, 2]), '<1><2>')
    assert.equal(run('{{block "b" .x}}[{{.}}]{{end}}', { x: 'v' }), '[v]')
  })
})

describe('template pipelines and functions', () => {
  it('passes the previous value as the last argument', () => {
    assert.equal(run('{{.a | printf "%s-%s" "x"}}', { a: 'y' }), 'x-y')
    assert.equal(run('{{. | json}}', { b: 1, a: '<' }), '{"a":"\\u003c","b":1}')
  })

  it('evaluates parenthesized pipelines and their fields', () => {
    assert.equal(run('{{json (index . 0)}}', [{ ab: 'x' }]), '{"ab":"x"}')
    assert.equal(run('{{(index . 0).ab}}', [{ ab: 'x' }]), 'x')
  })

  it('indexes maps and arrays, yielding <no value> for a missing key', () => {
    assert.equal(run('{{index . 0 "ab"}}', [{ ab: 'hello1' }]), 'hello1')
    assert.equal(run('{{index . "zz"}}', { a: 1 }), '<no value>')
    assert.throws(() => run('{{index . 5}}', [1]), /error calling index: index out of range: 5/)
    assert.throws(() => run('{{index . 0}}', { a: 1 }), /value has type int; should be string/)
  })

  it('compares with eq/ne/lt/le/gt/ge using Go kinds', () => {
    assert.equal(
      run('{{eq .a 1.0}} {{ne .s "x"}} {{lt 1 2}} {{ge .a 2.0}} {{eq .s "a" "b"}}', { a: 1, s: 'b' }),
      'true true true false true',
    )
    assert.equal(run('{{eq .missing "x"}}', {}), 'false')
    assert.throws(() => run('{{eq .a 1}}', { a: 1 }), /error calling eq: incompatible types for comparison/)
    assert.throws(() => run('{{lt .a "x"}}', { a: 1 }), /incompatible types for comparison/)
  })

  it('returns the deciding operand from and / or, and negates with not', () => {
    assert.equal(run('{{and 1 0 2}} {{and 1 2}} {{or 0 "" "x"}} {{or 0 ""}} {{not .z}}', {}), '0 2 x  true')
  })

  it('measures with len and slices', () => {
    assert.equal(run('{{len .}} {{len .s}} {{len .m}}', { s: 'héllo', m: { a: 1 } }), '2 6 1')
    assert.equal(run('{{slice .s 1 3}} {{slice .a 1}}', { s: 'abcd', a: [1, 2, 3] }), 'bc [2 3]')
  })

  it('prints with print, println and printf', () => {
    assert.equal(run('{{print 1 2 "a" "b" 3}}', {}), '1 2ab3')
    assert.equal(run('{{println "a" 1}}', {}), 'a 1\n')
    assert.equal(
      run('{{printf "%d|%5.2f|%q|%v|%x" 42 3.14159 "hi" .m 255}}', { m: { k: 'v' } }),
      '42| 3.14|"hi"|map[k:v]|ff',
    )
  })

  it('has the html, js and urlquery escapers', () => {
    assert.equal(run('{{html "<a&b>"}} {{urlquery "a b&c"}} {{js "it\'s"}}', {}), "&lt;a&amp;b&gt; a+b%26c it\\'s")
  })

  it("has Kuiper's json, base64 and add", () => {
    assert.equal(run('{{json .}}', [{ b: 1, a: 2 }]), '[{"a":2,"b":1}]')
    assert.equal(
      run('{{base64 .s}} {{base64 .n}} {{base64 .m}}', { s: 'hello', n: 3.14, m: { t: 1 } }),
      'aGVsbG8= My4xNA== eyJ0IjoxfQ==',
    )
    assert.equal(run('{{add 1 2}} {{add .a 1.5}} {{add 3 .a}}', { a: 2.5 }), '3 4 5')
    assert.throws(
      () => run('{{add .a 1}}', { a: 2.5 }),
      /error calling add: Unsupported data type int of para2 for Add function when para1 type is float64\./,
    )
  })

  it('reports calls with a wrong number of arguments', () => {
    assert.throws(() => run('{{len 1 2}}', {}), /wrong number of args for len: want 1 got 2/)
    assert.throws(() => run('{{.a 1}}', { a: 1 }), /a is not a method but has arguments/)
    assert.throws(() => run('{{"x" 1}}', {}), /can't give argument to non-function "x"/)
  })

  it('runs the 1.0 documentation examples', () => {
    const data = [{ ab: 'hello1' }, { ab: 'hello2' }]
    assert.equal(run('{"content":{{json .}}}', data), '{"content":[{"ab":"hello1"},{"ab":"hello2"}]}')
    assert.equal(run('{"content":{{json (index . 0)}}}', data), '{"content":{"ab":"hello1"}}')
    assert.equal(run('{"content":{{index . 0 "ab"}}}', data), '{"content":hello1}')
    assert.equal(run('{"content":{{.ab}}}', data[0]), '{"content":hello1}')
  })
})

describe('template parse errors', () => {
  const parseError = (t: string, re: RegExp): void => {
    assert.throws(
      () => compileTemplate(t),
      (e: Error) => {
        assert.ok(e instanceof TemplateParseError, String(e))
        assert.match(e.message, re)
        return true
      },
    )
  }

  it('words errors as Go does', () => {
    parseError('{{.a', /^template: sink:1: unclosed action$/)
    parseError('{{if .a}}x', /^template: sink:1: unexpected EOF$/)
    parseError('{{foo .a}}', /^template: sink:1: function "foo" not defined$/)
    parseError('{{$x}}', /^template: sink:1: undefined variable "\$x"$/)
    parseError('{{end}}', /^template: sink:1: unexpected \{\{end\}\}$/)
    parseError('{{break}}', /\{\{break\}\} outside \{\{range\}\}/)
    parseError('a\n{{.a | 3}}', /^template: sink:2: non executable command in pipeline stage 2$/)
    parseError('{{}}', /missing value for command/)
    parseError('{{/* x }}', /unclosed comment/)
  })

  it('parses Go literals: raw strings, escapes, chars and numbers', () => {
    assert.equal(run('{{`a\\n`}} {{"\\u00e9\\x41"}} {{\'a\'}} {{0x10}} {{1e3}} {{-2}}', {}), 'a\\n éA 97 16 1000 -2')
  })
})
