import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { Engine, KuiperError, ManualClock } from '../src/index.js'
import type { SinkPayload, ValueMap } from '../src/index.js'

/** An engine on a manual clock with a recording callback sink. */
function setup(start = 0) {
  const clock = new ManualClock(start)
  const engine = new Engine({ clock })
  const texts: string[] = []
  const sink = { name: 'out', sink: { collect: (_ctx: unknown, p: SinkPayload) => void texts.push(p.text) } }
  const settle = () => engine.idle()
  return { clock, engine, texts, sink, settle }
}

describe('Engine', () => {
  it('runs a filter rule from a memory stream to a memory sink', async () => {
    const { engine } = setup()
    engine.createStream('CREATE STREAM demo (temp FLOAT, room STRING) WITH (DATASOURCE="sensors/+", TYPE="memory")')
    await engine.createRule({
      id: 'hot',
      sql: 'SELECT room, temp FROM demo WHERE temp > 20',
      actions: [{ memory: { topic: 'alerts' } }],
    })
    const got: ValueMap[] = []
    engine.subscribe('alerts', (row) => got.push(row))
    engine.publish('sensors/a', [
      { temp: 25, room: 'a' },
      { temp: 15, room: 'a' },
    ])
    engine.publish('sensors/b', { temp: 30.5, room: 'b' })
    engine.publish('other', { temp: 99, room: 'x' })
    await engine.idle()
    assert.deepEqual(got, [
      { room: 'a', temp: 25 },
      { room: 'b', temp: 30.5 },
    ])
  })

  it('reports status, 1.0 metric names and the topo with sinks named <type>_<index>', async () => {
    const { engine } = setup()
    engine.createStream('CREATE STREAM demo (temp FLOAT) WITH (DATASOURCE="demo", TYPE="memory")')
    await engine.createRule({ id: 'r1', sql: 'SELECT temp FROM demo WHERE temp > 20', actions: [{ nop: {} }] })
    engine.publish('demo', [{ temp: 25 }, { temp: 10 }])
    await engine.idle()
    const status = engine.ruleStatus('r1')
    assert.equal(status.status, 'Running')
    const m = status.metrics!
    assert.equal(m['source_demo_0_records_in_total'], 2)
    assert.equal(m['op_preprocessor_demo_0_records_out_total'], 2)
    assert.equal(m['op_filter_0_records_out_total'], 1)
    assert.equal(m['sink_nop_0_0_records_in_total'], 1)
    assert.deepEqual(Object.keys(m).slice(0, 6), [
      'source_demo_0_records_in_total',
      'source_demo_0_records_out_total',
      'source_demo_0_exceptions_total',
      'source_demo_0_process_latency_ms',
      'source_demo_0_buffer_length',
      'source_demo_0_last_invocation',
    ])
    assert.deepEqual(engine.ruleTopo('r1'), {
      sources: ['source_demo'],
      edges: {
        source_demo: ['op_preprocessor_demo'],
        op_preprocessor_demo: ['op_filter'],
        op_filter: ['op_project'],
        op_project: ['sink_nop_0'],
      },
    })
  })

  it('stops and restarts a rule, ignoring rows published while stopped', async () => {
    const { engine, texts, sink } = setup()
    engine.createStream('CREATE STREAM demo (n BIGINT) WITH (DATASOURCE="demo", TYPE="memory")')
    await engine.createRule({ id: 'r', sql: 'SELECT n FROM demo', actions: [sink] })
    engine.publish('demo', { n: 1 })
    await engine.stopRule('r')
    assert.deepEqual(engine.ruleStatus('r'), { status: 'Stopped: canceled manually or by error.' })
    engine.publish('demo', { n: 2 })
    await engine.startRule('r')
    engine.publish('demo', { n: 3 })
    await engine.idle()
    assert.deepEqual(texts, ['[{"n":1}]', '[{"n":3}]'])
    await engine.deleteRule('r')
    assert.throws(
      () => engine.ruleStatus('r'),
      (e: unknown) => e instanceof KuiperError && e.code === 'NOT_FOUND',
    )
  })

  it('emits a bad row as an error payload and keeps running', async () => {
    const { engine, texts, sink } = setup()
    engine.createStream('CREATE STREAM demo (size BIGINT) WITH (DATASOURCE="demo", TYPE="memory")')
    await engine.createRule({ id: 'r', sql: 'SELECT size FROM demo', actions: [sink] })
    engine.publish('demo', [{ size: 'big' }, { size: 3 }])
    await engine.idle()
    assert.equal(texts.length, 2)
    assert.match(texts[0]!, /^\[\{"error":"error in preprocessor: .*size.*"\}\]$/)
    assert.equal(texts[1], '[{"size":3}]')
    assert.equal(engine.ruleStatus('r').metrics!['op_preprocessor_demo_0_exceptions_total'], 1)
  })

  it('fires a 10 s tumbling avg on the manual clock from the rule start', async () => {
    const { clock, engine, texts, sink, settle } = setup(1_000)
    engine.createStream('CREATE STREAM demo (temp FLOAT) WITH (DATASOURCE="demo", TYPE="memory")')
    await engine.createRule({
      id: 'avg',
      sql: 'SELECT avg(temp) AS a FROM demo GROUP BY TUMBLINGWINDOW(ss, 10)',
      actions: [sink],
    })
    await clock.set(2_000, settle)
    engine.publish('demo', [{ temp: 20 }, { temp: 22 }])
    await clock.set(10_999, settle)
    assert.deepEqual(texts, [])
    await clock.set(11_000, settle)
    assert.deepEqual(texts, ['[{"a":21}]'])
    engine.publish('demo', { temp: 30 })
    await clock.advance(10_000, settle)
    assert.deepEqual(texts, ['[{"a":21}]', '[{"a":30}]'])
  })

  it('drops and counts rows behind the event-time watermark of a hopping window', async () => {
    const { engine, texts, sink } = setup()
    engine.createStream('CREATE STREAM demoE (ts BIGINT) WITH (DATASOURCE="demoE", TYPE="memory", TIMESTAMP="ts")')
    await engine.createRule({
      id: 'et',
      sql: 'SELECT collect(ts) AS tss FROM demoE GROUP BY HOPPINGWINDOW(ss, 2, 1)',
      actions: [sink],
      options: { isEventTime: true, lateTolerance: 0 },
    })
    for (const ts of [1000, 1500, 2100, 1200, 3100]) engine.publish('demoE', { ts })
    await engine.idle()
    // Windows end on multiples of the 1 s hop and hold trigger − 2 s ≤ ts ≤ trigger; 1200 came after the watermark 2100.
    const windows = texts.map((t) => (JSON.parse(t) as { tss: number[] }[])[0]!.tss)
    assert.deepEqual(windows, [[1000], [1000, 1500], [1000, 1500, 2100]])
    const m = engine.ruleStatus('et').metrics!
    assert.equal(m['op_window_0_late_records_total'], 1)
    assert.equal(m['op_window_0_records_in_total'], 5)
  })

  it('chains two rules through a memory topic', async () => {
    const { engine, texts, sink } = setup()
    engine.createStream('CREATE STREAM raw (v FLOAT) WITH (DATASOURCE="raw", TYPE="memory")')
    engine.createStream('CREATE STREAM doubled () WITH (DATASOURCE="doubled", TYPE="memory")')
    await engine.createRule({ id: 'a', sql: 'SELECT v * 2 AS w FROM raw', actions: [{ memory: { topic: 'doubled' } }] })
    await engine.createRule({ id: 'b', sql: 'SELECT w FROM doubled WHERE w > 5', actions: [sink] })
    engine.publish('raw', [{ v: 1 }, { v: 4 }])
    await engine.idle()
    assert.deepEqual(texts, ['[{"w":8}]'])
  })

  it('rejects rules with 1.0 planning errors', async () => {
    const { engine, sink } = setup()
    engine.createStream('CREATE STREAM demo (ts BIGINT) WITH (DATASOURCE="demo", TYPE="memory")')
    await assert.rejects(engine.createRule({ id: 'x', sql: 'SELECT * FROM nope', actions: [sink] }), {
      message: 'fail to get stream nope, please check if stream is created',
    })
    await assert.rejects(
      engine.createRule({ id: 'y', sql: 'SELECT * FROM demo', actions: [sink], options: { isEventTime: true } }),
      { message: 'preprocessor is set to be event time but stream option TIMESTAMP not found' },
    )
    await assert.rejects(
      engine.createRule({
        id: 'z',
        sql: 'SELECT count(*) FROM demo GROUP BY TUMBLINGWINDOW(ss, 1)',
        actions: [sink],
        options: { sendMetaToSink: true },
      }),
      { message: 'Invalid option sendMetaToSink, it can not be applied to window' },
    )
    await assert.rejects(engine.createRule({ id: 'w', sql: 'SELECT * FROM demo', actions: [] }), {
      message: 'Missing rule actions.',
    })
  })

  it('explains a rule from its plan', async () => {
    const { engine, sink } = setup()
    engine.createStream('CREATE STREAM demo (temp FLOAT) WITH (DATASOURCE="demo", TYPE="memory")')
    await engine.createRule(
      { id: 'r', sql: 'SELECT temp FROM demo WHERE temp > 20 ORDER BY temp DESC', actions: [sink] },
      { start: false },
    )
    const lines = engine.explainRule('r').split('\n')
    assert.deepEqual(
      lines.map((l) => l.split(':')[0]),
      ['source_demo', 'op_preprocessor_demo', 'op_filter', 'op_order', 'op_project', 'sink_out'],
    )
    assert.match(lines[2]!, /filter temp > 20 -> op_order/)
    assert.equal(engine.ruleStatus('r').status, 'Stopped: canceled manually or by error.')
  })

  describe('windows end to end', () => {
    function schemaless() {
      const env = setup()
      env.engine.createStream('CREATE STREAM demo () WITH (DATASOURCE="demo", TYPE="memory")')
      env.engine.createStream('CREATE STREAM demo1 () WITH (DATASOURCE="demo1", TYPE="memory")')
      return env
    }

    it('counts only the rows passing the window FILTER towards a count window', async () => {
      const { engine, texts, sink } = schemaless()
      await engine.createRule({
        id: 'r',
        sql: 'SELECT collect(size) AS s FROM demo GROUP BY COUNTWINDOW(2) FILTER (WHERE color = "red")',
        actions: [sink],
      })
      for (const [color, size] of [
        ['red', 1],
        ['blue', 2],
        ['red', 3],
        ['red', 4],
        ['blue', 5],
        ['red', 6],
      ] as const) {
        engine.publish('demo', { color, size })
      }
      await engine.idle()
      assert.deepEqual(texts, ['[{"s":[1,3]}]', '[{"s":[4,6]}]'])
      assert.equal(engine.ruleStatus('r').metrics!['op_windowFilter_0_records_out_total'], 4)
    })

    it('keeps left rows of a LEFT JOIN whose right side is empty, and emits nothing for an empty INNER JOIN', async () => {
      const left = schemaless()
      await left.engine.createRule({
        id: 'l',
        sql: 'SELECT demo.id, demo1.temp FROM demo LEFT JOIN demo1 ON demo.id = demo1.id GROUP BY TUMBLINGWINDOW(ss, 1)',
        actions: [left.sink],
      })
      const inner = schemaless()
      await inner.engine.createRule({
        id: 'i',
        sql: 'SELECT demo.id, demo1.temp FROM demo INNER JOIN demo1 ON demo.id = demo1.id GROUP BY TUMBLINGWINDOW(ss, 1)',
        actions: [inner.sink],
      })
      for (const { engine, clock, settle } of [left, inner]) {
        engine.publish('demo', [{ id: 1 }, { id: 2 }])
        await clock.set(1000, settle)
        engine.publish('demo', { id: 3 })
        engine.publish('demo1', { id: 3, temp: 20 })
        await clock.set(2000, settle)
      }
      assert.deepEqual(left.texts, ['[{"id":1},{"id":2}]', '[{"id":3,"temp":20}]'])
      assert.deepEqual(inner.texts, ['[{"id":3,"temp":20}]'])
    })

    it('closes a session after the timeout gap, and cuts a busy session on the max-duration tick', async () => {
      const { engine, clock, texts, sink, settle } = schemaless()
      await engine.createRule({
        id: 's',
        sql: 'SELECT collect(n) AS s FROM demo GROUP BY SESSIONWINDOW(ss, 10, 2)',
        actions: [sink],
      })
      const at = async (t: number, n: number) => {
        await clock.set(t, settle)
        engine.publish('demo', { n })
      }
      await at(500, 1)
      await at(1500, 2)
      for (let t = 6000; t <= 25000; t += 1000) await at(t, t / 1000)
      await clock.set(40000, settle)
      const emitted = texts.map((t) => (JSON.parse(t) as { s: number[] }[])[0]!.s)
      assert.deepEqual(emitted, [
        [1, 2], // timeout: no row for 2 s after 1500
        [6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19], // the 20000 tick: open for ≥ 10 s
        [20, 21, 22, 23, 24, 25], // timeout at 27000
      ])
    })
  })
})
