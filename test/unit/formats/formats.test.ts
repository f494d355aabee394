// The payload formats (src/formats): JSON and BINARY as 1.0 decodes them, the registry a stream's FORMAT is resolved
// in, and a format registered on an Engine (as a plugin would) decoding a source's payloads in a rule.

import assert from 'node:assert/strict'
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, it } from 'node:test'
import { Engine, silentLogger } from '../../../src/index.js'
import type { PayloadFormat } from '../../../src/index.js'
import { loadSourceProfiles } from '../../../src/catalog/source-profiles.js'
import { KuiperError } from '../../../src/core/errors.js'
import { binaryFormat } from '../../../src/formats/binary.js'
import { jsonFormat } from '../../../src/formats/json.js'
import { FormatRegistry } from '../../../src/formats/registry.js'
import { recorder } from '../../connectors/edgex-helpers.js'

const bytes = (s: string): Uint8Array => Buffer.from(s)

describe('JSON format', () => {
  it('decodes an object, an array of objects (one message each) and null (an empty message)', () => {
    assert.deepEqual(jsonFormat.decode(bytes('{"a": 1}')), [{ a: 1 }])
    assert.deepEqual(jsonFormat.decode(bytes('[{"a": 1}, {"a": 2}]')), [{ a: 1 }, { a: 2 }])
    assert.deepEqual(jsonFormat.decode(bytes('null')), [{}])
    assert.deepEqual(jsonFormat.decode(bytes('[]')), [])
  })

  it("refuses what Go's json.Unmarshal into a map refuses, with its words", () => {
    assert.throws(() => jsonFormat.decode(bytes('7')), /cannot unmarshal number into Go value of type map/)
    assert.throws(() => jsonFormat.decode(bytes('"s"')), /cannot unmarshal string/)
    assert.throws(() => jsonFormat.decode(bytes('[{"a": 1}, [2]]')), /cannot unmarshal array .*\(element 1\)/)
    assert.throws(() => jsonFormat.decode(bytes('{oops')), SyntaxError)
  })

  it('encodes rows as a JSON array', () => {
    assert.equal(Buffer.from(jsonFormat.encode!([{ a: 1n, b: 'x' }])).toString(), '[{"a":1,"b":"x"}]')
  })
})

describe('BINARY format', () => {
  it('gives one message with the payload bytes in field self, whatever they are', () => {
    const payload = Uint8Array.from([0, 255, 1])
    const [m] = binaryFormat.decode(payload)
    assert.deepEqual(Object.keys(m!), ['self'])
    assert.deepEqual(m!['self'], payload)
  })

  it('encodes one row back to its self bytes and refuses anything else', () => {
    const self = Uint8Array.from([1, 2])
    assert.deepEqual(binaryFormat.encode!([{ self }]), self)
    assert.throws(() => binaryFormat.encode!([{ self: 'text' }]), /bytea field self/)
    assert.throws(() => binaryFormat.encode!([{ self }, { self }]), /got 2 rows/)
  })
})

describe('FormatRegistry', () => {
  it('resolves FORMAT case-insensitively, JSON when absent', () => {
    const r = new FormatRegistry()
    assert.equal(r.require('json'), jsonFormat)
    assert.equal(r.require('Binary'), binaryFormat)
    assert.equal(r.require(undefined), jsonFormat)
    assert.deepEqual(r.names(), ['BINARY', 'JSON'])
  })

  it('answers an unknown format with BAD_REQUEST naming it and the known ones', () => {
    const r = new FormatRegistry()
    assert.throws(
      () => r.require('AVRO'),
      (err: unknown) =>
        err instanceof KuiperError &&
        err.code === 'BAD_REQUEST' &&
        err.message === 'unknown format AVRO: the known formats are BINARY, JSON',
    )
  })

  it('takes a registered format until it is unregistered, and never replaces a built-in', () => {
    const r = new FormatRegistry()
    const lines: PayloadFormat = { name: 'lines', decode: (b) => [{ line: Buffer.from(b).toString() }] }
    r.register(lines)
    assert.equal(r.require('LINES'), lines)
    assert.deepEqual(r.names(), ['BINARY', 'JSON', 'LINES'])
    r.unregister('lines')
    assert.equal(r.get('LINES'), undefined)
    assert.throws(() => r.register({ name: 'json', decode: () => [] }), /built in/)
    assert.throws(() => r.register({ name: ' ', decode: () => [] }), /needs a name/)
    r.unregister('JSON')
    assert.equal(r.get('json'), jsonFormat)
  })
})

describe('formats in an Engine', () => {
  it('refuses CREATE STREAM with an unknown FORMAT, and decodes a source with a registered one', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kuiper-formats-'))
    const etc = join(dir, 'etc')
    writeFileSync(join(dir, 'in.csv'), 'a,1\nb,2\n')
    mkdirSync(join(etc, 'sources'), { recursive: true })
    writeFileSync(join(etc, 'sources', 'file.yaml'), `default:\n  path: ${JSON.stringify(dir)}\n  fileType: lines\n`)
    const engine = new Engine({ logger: silentLogger, sourceProfiles: loadSourceProfiles(etc, { warn: () => {} }) })
    try {
      assert.throws(
        () => engine.createStream('CREATE STREAM c () WITH (DATASOURCE="in.csv", TYPE="file", FORMAT="CSV")'),
        /unknown format CSV: the known formats are BINARY, JSON/,
      )
      engine.formats.register({
        name: 'CSV',
        decode: (b) => {
          const [name, n] = Buffer.from(b).toString().split(',')
          return [{ name: name ?? '', n: Number(n) }]
        },
      })
      engine.createStream('CREATE STREAM c () WITH (DATASOURCE="in.csv", TYPE="file", FORMAT="CSV")')
      const rec = recorder()
      await engine.createRule({ id: 'r', sql: 'SELECT name, n FROM c', actions: [rec.action] })
      await engine.idle()
      assert.deepEqual(rec.rows, [
        { name: 'a', n: 1 },
        { name: 'b', n: 2 },
      ])
    } finally {
      await engine.close()
      rmSync(dir, { recursive: true, force: true })
    }
  })
})
