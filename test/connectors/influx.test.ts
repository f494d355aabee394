// InfluxDB sink against a real InfluxDB 1.x server (Debian's influxdb, found or started by scripts/run-tests.mjs):
// rows written through a rule are read back with InfluxQL; the line protocol encoding is checked line by line.

import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { escapeKey, escapeMeasurement, toLine } from '../../src/connectors/influx/line-protocol.js'
import { Engine } from '../../src/index.js'
import { silentLogger } from '../../src/connectors/api.js'
import { waitFor } from './sink-helpers.js'
import { INFLUX_URL } from '../services.js'

const INFLUX = INFLUX_URL
const DB = `kuiper_test_${process.pid}`

async function influxql(q: string): Promise<unknown> {
  const res = await fetch(`${INFLUX}/query?db=${DB}&q=${encodeURIComponent(q)}`, { method: 'POST' })
  return res.json()
}

async function series(measurement: string): Promise<{ columns: string[]; values: unknown[][] } | undefined> {
  const r = (await influxql(`SELECT * FROM "${measurement}"`)) as {
    results: { series?: { columns: string[]; values: unknown[][] }[] }[]
  }
  return r.results[0]?.series?.[0]
}

describe('influx line protocol', () => {
  it('escapes measurement, tags and field keys, and types field values', () => {
    assert.equal(escapeMeasurement('my m,1'), 'my\\ m\\,1')
    assert.equal(escapeKey('a=b c,d'), 'a\\=b\\ c\\,d')
    const line = toLine(
      { t: 20.5, n: 3n, ok: true, s: 'say "hi"\\', nil: null, obj: { a: 1 }, nan: NaN },
      { measurement: 'm', tags: { dev: 'd 1' }, fields: undefined },
      1600000000000000000n,
    )
    assert.equal(line, 'm,dev=d\\ 1 n=3,obj="{\\"a\\":1}",ok=true,s="say \\"hi\\"\\\\",t=20.5 1600000000000000000')
  })

  it('writes only the listed fields and skips rows without any', () => {
    const o = { measurement: 'm', tags: { '': '' }, fields: ['temperature', 'humidity'] }
    assert.equal(toLine({ temperature: 1, humidity: 2, x: 3 }, o, 5n), 'm temperature=1,humidity=2 5')
    assert.equal(toLine({ x: 3 }, o, 5n), undefined)
  })
})

describe('influx sink', () => {
  before(async () => {
    await influxql(`CREATE DATABASE ${DB}`)
  })
  after(async () => {
    await influxql(`DROP DATABASE ${DB}`)
  })

  it('writes every row of a result as a point with the tag and the listed fields', async () => {
    const engine = new Engine({ logger: silentLogger })
    engine.createStream('CREATE STREAM demo () WITH (DATASOURCE="demo", TYPE="memory", FORMAT="json")')
    await engine.createRule({
      id: 'influx1',
      sql: 'SELECT * FROM demo',
      actions: [
        {
          influx: {
            addr: INFLUX,
            measurement: 'room',
            databasename: DB,
            tagkey: 'device',
            tagvalue: 'd1',
            fields: 'temperature,humidity',
          },
        },
      ],
    })
    engine.publish('demo', [
      { temperature: 20.5, humidity: 40, other: 'x' },
      { temperature: 21, humidity: 41 },
    ])
    try {
      await waitFor(async () => (await series('room'))?.values.length === 2, 'two points in InfluxDB')
    } finally {
      await engine.close()
    }
    const s = (await series('room'))!
    assert.deepEqual(s.columns, ['time', 'device', 'humidity', 'temperature'])
    assert.deepEqual(
      s.values.map((v) => v.slice(1)),
      [
        ['d1', 40, 20.5],
        ['d1', 41, 21],
      ],
    )
  })

  it('writes the rows of a rendered dataTemplate and retries while the database is missing', async () => {
    const engine = new Engine({ logger: silentLogger })
    engine.createStream('CREATE STREAM demo () WITH (DATASOURCE="demo", TYPE="memory", FORMAT="json")')
    const db2 = DB + '_late'
    await engine.createRule({
      id: 'influx2',
      sql: 'SELECT * FROM demo',
      actions: [
        {
          influx: {
            addr: INFLUX,
            measurement: 'tpl',
            databasename: db2,
            retryInterval: 50,
            dataTemplate: '{{range .}}{"v":{{add .v 1.0}}}{{end}}',
          },
        },
      ],
    })
    try {
      engine.publish('demo', { v: 1 })
      await waitFor(
        () => Number(engine.ruleStatus('influx2').metrics?.['sink_influx_0_0_exceptions_total']) >= 1,
        'a failed write (database not found)',
      )
      await fetch(`${INFLUX}/query?q=${encodeURIComponent(`CREATE DATABASE ${db2}`)}`, { method: 'POST' })
      const read = async (): Promise<unknown[][] | undefined> => {
        const res = await fetch(`${INFLUX}/query?db=${db2}&q=${encodeURIComponent('SELECT v FROM tpl')}`)
        const j = (await res.json()) as { results: { series?: { values: unknown[][] }[] }[] }
        return j.results[0]?.series?.[0]?.values
      }
      await waitFor(async () => (await read())?.length === 1, 'the point after the database exists')
      assert.equal((await read())![0]![1], 2)
    } finally {
      await engine.close()
      await fetch(`${INFLUX}/query?q=${encodeURIComponent(`DROP DATABASE ${db2}`)}`, { method: 'POST' })
    }
  })
})
