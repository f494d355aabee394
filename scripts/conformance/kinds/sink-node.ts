// `sink_node` cases (FORMAT.md §11.3): a sink node with the case's properties (sendSingle, dataTemplate,
// omitIfEmpty) around a recording sink is handed one result; every payload its sink receives is compared as text.

import { ResultRows } from '../../../src/core/collection.js'
import { systemClock } from '../../../src/core/clock.js'
import type { ValueMap } from '../../../src/core/value.js'
import type { Sink } from '../../../src/connectors/api.js'
import { MetricTime } from '../../../src/runtime/metrics.js'
import { Activity } from '../../../src/runtime/node.js'
import { SinkNode } from '../../../src/runtime/sink-node.js'
import { jsonAt } from '../go-values.js'
import type { KindHandler } from '../types.js'

export const sinkNodeHandler: KindHandler = async (c) => {
  const props = jsonAt(c, '/props') as Record<string, unknown>
  const input = jsonAt(c, '/input') as string
  const expected = jsonAt(c, '/expected/payloads') as string[]
  const payloads: string[] = []
  const sink: Sink = { collect: (_ctx, p) => void payloads.push(p.text) }
  const activity = new Activity()
  const node = new SinkNode(
    {
      ruleId: 'sinkNodeTest',
      name: 'mockSink',
      sink,
      clock: systemClock,
      time: new MetricTime(systemClock),
      bufferLength: 1024,
      concurrency: 1,
      props,
    },
    activity,
  )
  await node.open()
  // The rule's last operator emitted this JSON; decoded, its numbers are float64 as in 1.0.
  node.receive(new ResultRows(JSON.parse(input) as ValueMap[]))
  await activity.idle()
  await node.close()
  const got = JSON.stringify(payloads)
  const want = JSON.stringify(expected)
  return got === want ? { status: 'pass' } : { status: 'fail', diff: `payloads ${got}, want ${want}` }
}
