import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { MemoryStreamCatalog, streamFromStatement } from '../../../src/catalog/stream-catalog.js'
import { builtinFunctions } from '../../../src/functions/registry.js'
import { explainTopology } from '../../../src/plan/explain.js'
import { isOperatorKind, operatorKinds } from '../../../src/plan/node-config.js'
import type { AggregateConfig, PreprocessorConfig, WindowConfig } from '../../../src/plan/node-config.js'
import { resolveRuleOptions } from '../../../src/plan/options.js'
import type { RuleOptions } from '../../../src/plan/options.js'
import { planRule } from '../../../src/plan/planner.js'
import { toSql } from '../../../src/sql/ast/to-sql.js'
import { parseSelect, parseStatement } from '../../../src/sql/parser/index.js'

function catalog(...ddl: string[]): MemoryStreamCatalog {
  const c = new MemoryStreamCatalog()
  for (const sql of ddl) {
    const stmt = parseStatement(sql)
    if (stmt.kind !== 'CreateStreamStatement') throw new Error('not a CREATE STREAM')
    c.put(streamFromStatement(stmt, sql))
  }
  return c
}

const streams = catalog(
  'CREATE STREAM demo (color STRING, size BIGINT, ts BIGINT) WITH (DATASOURCE="demo", TIMESTAMP="ts")',
  'CREATE STREAM demo1 (temp FLOAT, hum BIGINT, ts BIGINT) WITH (DATASOURCE="demo1", TIMESTAMP="ts")',
  'CREATE STREAM plain (a BIGINT) WITH (DATASOURCE="plain", TYPE="memory")',
)

function plan(sql: string, options: Partial<RuleOptions> = {}) {
  return planRule(
    {
      id: 'r1',
      statement: parseSelect(sql, { functions: builtinFunctions }),
      options: resolveRuleOptions(options),
      sinks: [{ name: 'mockSink', config: { type: 'log', props: {}, index: 0 } }],
    },
    { catalog: streams, functions: builtinFunctions },
  ).topology
}

describe('planRule', () => {
  it('builds the minimal 1.0 pipeline source → preprocessor → project → sink', () => {
    const spec = plan('SELECT * FROM demo')
    assert.deepEqual(spec.sources, ['source_demo'])
    assert.deepEqual(spec.edges, {
      source_demo: ['op_preprocessor_demo'],
      op_preprocessor_demo: ['op_project'],
      op_project: ['sink_mockSink'],
    })
    assert.deepEqual(
      spec.nodes.map((n) => `${n.type}:${n.name}:${n.kind}`),
      ['source:demo:source', 'op:preprocessor_demo:preprocessor', 'op:project:project', 'sink:mockSink:sink'],
    )
    assert.deepEqual(spec.nodes[0]!.config, { stream: 'demo', type: 'mqtt', datasource: 'demo', format: 'json' })
  })

  it('orders every clause as 1.0 does: windowFilter, window, join, filter, aggregate, having, order, project', () => {
    const spec = plan(
      'SELECT demo.color, count(*) AS c FROM demo INNER JOIN demo1 ON demo.ts = demo1.ts WHERE size > 1 ' +
        'GROUP BY demo.color, TUMBLINGWINDOW(ss, 10) FILTER (WHERE size > 0) HAVING count(*) > 1 ORDER BY color',
    )
    assert.deepEqual(spec.sources, ['source_demo', 'source_demo1'])
    assert.deepEqual(spec.edges, {
      source_demo: ['op_preprocessor_demo'],
      source_demo1: ['op_preprocessor_demo1'],
      op_preprocessor_demo: ['op_windowFilter'],
      op_preprocessor_demo1: ['op_windowFilter'],
      op_windowFilter: ['op_window'],
      op_window: ['op_join'],
      op_join: ['op_filter'],
      op_filter: ['op_aggregate'],
      op_aggregate: ['op_having'],
      op_having: ['op_order'],
      op_order: ['op_project'],
      op_project: ['sink_mockSink'],
    })
  })

  it('splits aliases: plain ones to the preprocessors, aggregate ones to an aggregate stage even without GROUP BY fields', () => {
    const spec = plan('SELECT size * 2 AS s, count(*) AS c FROM demo GROUP BY TUMBLINGWINDOW(ss, 1) HAVING c > 1')
    const pre = spec.nodes.find((n) => n.kind === 'preprocessor')!.config as PreprocessorConfig
    assert.deepEqual(
      pre.aliasFields.map((f) => f.alias),
      ['s'],
    )
    const agg = spec.nodes.find((n) => n.kind === 'aggregate')!.config as AggregateConfig
    assert.deepEqual(agg.dimensions, [])
    assert.deepEqual(
      agg.aliasFields.map((f) => f.alias),
      ['c'],
    )
    assert.equal(
      plan('SELECT size FROM demo GROUP BY TUMBLINGWINDOW(ss, 1)').nodes.some((n) => n.kind === 'aggregate'),
      false,
    )
  })

  it('gives an event-time window a watermark over all the rule streams', () => {
    const spec = plan('SELECT * FROM demo INNER JOIN demo1 ON demo.ts = demo1.ts GROUP BY TUMBLINGWINDOW(ss, 1)', {
      isEventTime: true,
      lateTolerance: 500,
    })
    const w = spec.nodes.find((n) => n.kind === 'window')!
    assert.deepEqual(w.watermark, { streams: ['demo', 'demo1'], lateTolerance: 500 })
    assert.equal((w.config as WindowConfig).isEventTime, true)
    assert.equal(
      (spec.nodes.find((n) => n.name === 'preprocessor_demo')!.config as PreprocessorConfig).timestampField,
      'ts',
    )
    assert.equal(
      plan('SELECT * FROM demo GROUP BY TUMBLINGWINDOW(ss, 1)').nodes.find((n) => n.kind === 'window')!.watermark,
      undefined,
    )
  })

  it('applies the concurrency option to every operator but the window', () => {
    const spec = plan('SELECT * FROM demo WHERE size > 1 GROUP BY TUMBLINGWINDOW(ss, 1)', { concurrency: 3 })
    const conc = Object.fromEntries(spec.nodes.filter((n) => n.type === 'op').map((n) => [n.name, n.concurrency]))
    assert.deepEqual(conc, { preprocessor_demo: 3, window: 1, filter: 3, project: 3 })
  })

  it('emits op nodes of the declared operator kinds only, each kind of the table in a full query', () => {
    const spec = plan(
      'SELECT demo.color, count(*) AS c FROM demo INNER JOIN demo1 ON demo.size = demo1.hum WHERE demo.size > 1 ' +
        'GROUP BY demo.color, TUMBLINGWINDOW(ss, 1) FILTER (WHERE demo.size > 0) HAVING count(*) > 1 ORDER BY demo.color',
    )
    const kinds = spec.nodes.filter((n) => n.type === 'op').map((n) => n.kind)
    assert.ok(kinds.every(isOperatorKind), kinds.join())
    assert.deepEqual([...new Set(kinds)].sort(), Object.keys(operatorKinds).sort())
    for (const notAnOperator of ['source', 'sink', 'toString', 'constructor']) {
      assert.equal(isOperatorKind(notAnOperator), false, notAnOperator)
    }
  })

  it('fails with 1.0 texts for a missing stream, event time without TIMESTAMP and meta with windows', () => {
    assert.throws(() => plan('SELECT * FROM ghost'), {
      message: 'fail to get stream ghost, please check if stream is created',
    })
    assert.throws(() => plan('SELECT * FROM plain', { isEventTime: true }), {
      message: 'preprocessor is set to be event time but stream option TIMESTAMP not found',
    })
    assert.throws(() => plan('SELECT * FROM demo GROUP BY TUMBLINGWINDOW(ss, 1)', { sendMetaToSink: true }), {
      message: 'Invalid option sendMetaToSink, it can not be applied to window',
    })
    assert.throws(() => plan('SELECT * FROM demo INNER JOIN demo1 ON demo.ts = demo1.ts'), /window is required to join/)
    assert.throws(() => resolveRuleOptions({ bufferLength: -1 }), {
      message: 'rule option bufferLength -1 is invalid, require a positive integer',
    })
  })

  it('explains every operator kind, the concurrency on the nodes that show it', () => {
    const spec = plan(
      'SELECT demo.color, count(*) AS c FROM demo INNER JOIN demo1 ON demo.size = demo1.hum WHERE demo.size > 1 ' +
        'GROUP BY demo.color, TUMBLINGWINDOW(ss, 1) FILTER (WHERE demo.size > 0) HAVING count(*) > 1 ORDER BY demo.color',
      { concurrency: 2 },
    )
    const detail = explainTopology(spec, toSql)
      .split('\n')
      .map((l) => l.replace(/ -> .*$/, ''))
    assert.deepEqual(detail, [
      'source_demo: source mqtt datasource=demo format=json',
      'op_preprocessor_demo: preprocessor demo (3 fields) (concurrency 2)',
      'source_demo1: source mqtt datasource=demo1 format=json',
      'op_preprocessor_demo1: preprocessor demo1 (3 fields) (concurrency 2)',
      'op_windowFilter: windowFilter demo.size > 0 (concurrency 2)',
      'op_window: window TUMBLINGWINDOW(ss, 1) FILTER (WHERE demo.size > 0) processing time',
      'op_join: join demo INNER demo1 ON demo.size = demo1.hum',
      'op_filter: filter demo.size > 1 (concurrency 2)',
      'op_aggregate: aggregate demo.color, count(*) AS c (concurrency 2)',
      'op_having: having count(*) > 1 (concurrency 2)',
      'op_order: order demo.color ASC',
      'op_project: project demo.color, count(*) AS c (aggregate) (concurrency 2)',
      'sink_mockSink: sink log',
    ])
  })

  it('produces plain data that survives structuredClone, and explains it', () => {
    const spec = plan('SELECT color FROM demo WHERE size > 3')
    assert.deepEqual(structuredClone(spec), spec)
    assert.equal(
      explainTopology(spec, toSql),
      [
        'source_demo: source mqtt datasource=demo format=json -> op_preprocessor_demo',
        'op_preprocessor_demo: preprocessor demo (3 fields) -> op_filter',
        'op_filter: filter size > 3 -> op_project',
        'op_project: project color -> sink_mockSink',
        'sink_mockSink: sink log',
      ].join('\n'),
    )
  })
})
