// The file source: JSON array and JSON-lines files through the Engine on a ManualClock, rewinding by offset.

import assert from 'node:assert/strict'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, describe, it } from 'node:test'
import type { ConnectorLogger } from '../../src/connectors/api.js'
import { FileSource, parseFileRows } from '../../src/connectors/file/source.js'
import { fileSourceConf } from '../../src/connectors/file/source-config.js'
import { ManualClock } from '../../src/core/manual-clock.js'
import type { ValueMap } from '../../src/index.js'
import { Engine } from '../../src/index.js'
import { recorder, tempEtc, waitFor } from './edgex-helpers.js'
import { jsonFormat } from '../../src/formats/json.js'

const dir = mkdtempSync(join(tmpdir(), 'kuiper-file-source-'))
const warnings: string[] = []
const logger: ConnectorLogger = {
  debug: () => {},
  info: () => {},
  warn: (m: string) => void warnings.push(m),
  error: (m: string) => void warnings.push(m),
}
after(() => rmSync(dir, { recursive: true, force: true }))

async function withEngine(conf: string, fn: (engine: Engine, clock: ManualClock) => Promise<void>): Promise<void> {
  const etc = tempEtc('file', `default:\n  path: ${JSON.stringify(dir)}\n${conf}\n`)
  const clock = new ManualClock(0)
  const engine = new Engine({ clock, logger, sourceProfiles: etc.profiles })
  try {
    await fn(engine, clock)
  } finally {
    await engine.close()
    etc.remove()
  }
}

describe('file source', () => {
  it('emits every object of a JSON array file', async () => {
    writeFileSync(join(dir, 'a.json'), '[{"id": 1, "t": 20.5}, {"id": 2, "t": 30}]')
    await withEngine('', async (engine) => {
      engine.createStream('CREATE STREAM f (id BIGINT, t FLOAT) WITH (DATASOURCE="a.json", TYPE="file")')
      const rec = recorder()
      await engine.createRule({
        id: 'r',
        sql: 'SELECT id, meta(file) AS file FROM f WHERE t > 25',
        actions: [rec.action],
      })
      await engine.idle()
      assert.deepEqual(rec.rows, [{ id: 2n, file: join(dir, 'a.json') }])
      const st = engine.ruleStatus('r')
      assert.equal(st.metrics?.['source_f_0_exceptions_total'], 0)
      assert.equal(st.metrics?.['source_f_0_records_in_total'], 2)
    })
  })

  it('counts a JSON array file with a non-object element as one exception and emits none of it', async () => {
    writeFileSync(join(dir, 'mixed.json'), '[{"id": 1, "t": 20.5}, 7, {"id": 2, "t": 30}]')
    await withEngine('', async (engine) => {
      engine.createStream('CREATE STREAM f (id BIGINT, t FLOAT) WITH (DATASOURCE="mixed.json", TYPE="file")')
      const rec = recorder()
      await engine.createRule({ id: 'r', sql: 'SELECT id FROM f', actions: [rec.action] })
      await engine.idle()
      assert.deepEqual(rec.rows, [])
      const st = engine.ruleStatus('r')
      assert.equal(st.metrics?.['source_f_0_exceptions_total'], 1)
      assert.match(String(st.metrics?.['source_f_0_last_exception']), /cannot unmarshal number .*element 1/)
    })
  })

  it('reads JSON lines one message per sendInterval, skipping malformed lines', async () => {
    writeFileSync(join(dir, 'b.jsonl'), '{"n": 1}\n\nnot json\n{"n": 2}\n[3]\n{"n": 3}\n')
    await withEngine('  sendInterval: 100', async (engine, clock) => {
      engine.createStream('CREATE STREAM f () WITH (DATASOURCE="b.jsonl", TYPE="file")')
      const rec = recorder()
      await engine.createRule({ id: 'r', sql: 'SELECT n FROM f', actions: [rec.action] })
      await clock.advance(100, () => engine.idle())
      assert.deepEqual(rec.rows, [{ n: 1 }])
      await clock.advance(200, () => engine.idle())
      assert.deepEqual(rec.rows, [{ n: 1 }, { n: 2 }, { n: 3 }])
      assert.equal(engine.ruleStatus('r').metrics?.['source_f_0_exceptions_total'], 2)
      assert.ok(warnings.some((w) => w.includes('line 3')))
    })
  })

  it('reads the file again every interval', async () => {
    const file = join(dir, 'c.json')
    writeFileSync(file, '{"v": 1}')
    await withEngine('  interval: 1000', async (engine, clock) => {
      engine.createStream('CREATE STREAM f () WITH (DATASOURCE="c.json", TYPE="file")')
      const rec = recorder()
      await engine.createRule({ id: 'r', sql: 'SELECT v FROM f', actions: [rec.action] })
      await engine.idle()
      writeFileSync(file, '[{"v": 2}, {"v": 3}]')
      await clock.advance(1000)
      await waitFor(() => rec.rows.length === 3, 'the second read')
      assert.deepEqual(rec.rows, [{ v: 1 }, { v: 2 }, { v: 3 }])
    })
  })

  it('resumes from a rewound offset and reports the offset of the next message', async () => {
    const file = join(dir, 'd.json')
    writeFileSync(file, '[{"i": 0}, {"i": 1}, {"i": 2}, {"i": 3}]')
    const source = new FileSource(fileSourceConf({}, file))
    const out: ValueMap[] = []
    const ctx = { ruleId: 'r', stream: 's', clock: new ManualClock(0), logger, format: jsonFormat }
    source.rewind(2)
    await source.open(ctx, (m) => out.push(m))
    assert.deepEqual(out, [{ i: 2 }, { i: 3 }])
    assert.equal(source.offset(), 4)
    source.close(ctx)
  })

  it('parses both file types and rejects a missing file or unknown type', () => {
    const bytes = (s: string): Uint8Array => Buffer.from(s)
    assert.deepEqual(parseFileRows(bytes('{"a": 1}'), 'json', jsonFormat), { rows: [{ a: 1 }], errors: [] })
    assert.equal(parseFileRows(bytes('{oops'), 'json', jsonFormat).errors.length, 1)
    assert.deepEqual(parseFileRows(bytes('{"a": 1}\r\n{"a": 2}'), 'lines', jsonFormat).rows, [{ a: 1 }, { a: 2 }])
    assert.throws(() => fileSourceConf({ path: dir }, 'missing.json'), /not exist/)
    assert.throws(
      () => fileSourceConf({ path: dir, fileType: 'csv' }, 'a.json'),
      /file source property fileType must be one of json, lines, found "csv"/,
    )
    assert.throws(() => fileSourceConf({}, ''), /DATASOURCE/)
  })
})
