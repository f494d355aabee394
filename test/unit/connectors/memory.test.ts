import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { ManualClock } from '../../../src/core/manual-clock.js'
import { SinkPayload, silentLogger } from '../../../src/connectors/api.js'
import {
  createMemorySink,
  createMemorySource,
  MemoryBroker,
  topicMatches,
} from '../../../src/connectors/memory/index.js'
import { jsonFormat } from '../../../src/formats/json.js'

describe('memory connector', () => {
  it('matches MQTT wildcards', () => {
    assert.equal(topicMatches('a/+/c', 'a/b/c'), true)
    assert.equal(topicMatches('a/+/c', 'a/b/d'), false)
    assert.equal(topicMatches('a/#', 'a/b/c'), true)
    assert.equal(topicMatches('a/#', 'a'), true)
    assert.equal(topicMatches('#', 'x/y'), true)
    assert.equal(topicMatches('a/+', 'a/b/c'), false)
    assert.equal(topicMatches('a/b', 'a/b'), true)
  })

  it('delivers published rows to exact and wildcard subscribers with the topic as metadata', () => {
    const broker = new MemoryBroker()
    const got: string[] = []
    const off = broker.subscribe('dev/+/temp', (m, meta) => got.push(`${String(meta['topic'])}:${String(m['v'])}`))
    broker.subscribe('dev/1/temp', (m) => got.push(`exact:${String(m['v'])}`))
    broker.publish('dev/1/temp', { v: 1 })
    off()
    broker.publish('dev/2/temp', { v: 2 })
    assert.deepEqual(got, ['exact:1', 'dev/1/temp:1'])
  })

  it('chains a memory sink into a memory source row by row', () => {
    const clock = new ManualClock(0)
    const env = { clock, memory: new MemoryBroker(), logger: silentLogger }
    const source = createMemorySource(
      { stream: 's', type: 'memory', datasource: 'out/#', format: 'json', props: {} },
      env,
    )
    const rows: unknown[] = []
    void source.open({ ruleId: 'r', stream: 's', clock, logger: silentLogger, format: jsonFormat }, (m) => rows.push(m))
    const sink = createMemorySink({ topic: 'out/a' }, env)
    void sink.collect(
      { ruleId: 'r', sinkName: 'memory_0', clock, logger: silentLogger },
      new SinkPayload([{ a: 1 }, { a: 2 }]),
    )
    void sink.collect(
      { ruleId: 'r', sinkName: 'memory_0', clock, logger: silentLogger },
      new SinkPayload(undefined, 'bad'),
    )
    assert.deepEqual(rows, [{ a: 1 }, { a: 2 }, { error: 'bad' }])
  })

  it('rejects a sink topic with wildcards', () => {
    const clock = new ManualClock(0)
    assert.throws(
      () => createMemorySink({ topic: 'a/#' }, { clock, memory: new MemoryBroker(), logger: silentLogger }),
      /wildcards/,
    )
  })
})
