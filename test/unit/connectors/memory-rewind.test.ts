import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { systemClock } from '../../../src/core/clock.js'
import type { ValueMap } from '../../../src/core/value.js'
import { isRewindable, silentLogger } from '../../../src/connectors/api.js'
import { MemoryBroker } from '../../../src/connectors/memory/pubsub.js'
import { MemorySource } from '../../../src/connectors/memory/source.js'
import { jsonFormat } from '../../../src/formats/json.js'

const ctx = { ruleId: 'r', stream: 'demo', clock: systemClock, logger: silentLogger, format: jsonFormat }

function source(broker: MemoryBroker, topic = 'demo'): { src: MemorySource; got: ValueMap[] } {
  const got: ValueMap[] = []
  const src = new MemorySource(topic, { clock: systemClock, memory: broker, logger: silentLogger })
  return { src, got }
}

describe('rewindable memory source', () => {
  it('counts its position in a retained topic and replays after a rewind', () => {
    const broker = new MemoryBroker()
    broker.retain('demo')
    broker.publish('demo', { n: 0 })
    const { src, got } = source(broker)
    assert.ok(isRewindable(src))
    src.open(ctx, (m) => got.push(m))
    broker.publish('demo', { n: 1 })
    broker.publish('demo', { n: 2 })
    assert.equal(src.offset(), 3)
    assert.deepEqual(got, [{ n: 1 }, { n: 2 }])
    src.close()
    broker.publish('demo', { n: 3 })

    const again = source(broker)
    again.src.rewind(2)
    again.src.open(ctx, (m) => again.got.push(m))
    broker.publish('demo', { n: 4 })
    assert.deepEqual(again.got, [{ n: 2 }, { n: 3 }, { n: 4 }])
    assert.equal(again.src.offset(), 5)
  })

  it('replays from the oldest kept message when the log was trimmed past the offset', () => {
    const broker = new MemoryBroker()
    broker.retain('demo', 2)
    for (let n = 0; n < 5; n++) broker.publish('demo', { n })
    assert.equal(broker.logLength('demo'), 5)
    const { src, got } = source(broker)
    src.rewind(1)
    src.open(ctx, (m) => got.push(m))
    assert.deepEqual(got, [{ n: 3 }, { n: 4 }])
    assert.equal(src.offset(), 5)
  })

  it('has no offset on a topic that keeps no log, and a rewind there changes nothing', () => {
    const broker = new MemoryBroker()
    const { src, got } = source(broker)
    src.rewind(0)
    src.open(ctx, (m) => got.push(m))
    broker.publish('demo', { n: 1 })
    assert.equal(src.offset(), undefined)
    assert.deepEqual(got, [{ n: 1 }])
  })
})
