// `sink_rest` cases (FORMAT.md §11.4): the REST sink with the case's properties sends each collected payload to a
// local HTTP server that records method, body and Content-Type; the recorded requests are compared in order.

import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { systemClock } from '../../../src/core/clock.js'
import { silentLogger, SinkPayload } from '../../../src/connectors/api.js'
import type { SinkContext } from '../../../src/connectors/api.js'
import { createRestSink } from '../../../src/connectors/rest/sink.js'
import { MemoryBroker } from '../../../src/connectors/memory/pubsub.js'
import { jsonAt } from '../go-values.js'
import type { KindHandler } from '../types.js'

interface Recorded {
  readonly method: string
  readonly body: string
  readonly content_type: string
}

export const sinkRestHandler: KindHandler = async (c) => {
  const props = jsonAt(c, '/props') as Record<string, unknown>
  const collect = jsonAt(c, '/collect') as string[]
  const expected = jsonAt(c, '/expected/requests') as Recorded[]
  const got: Recorded[] = []
  const server = createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (b: Buffer) => chunks.push(b))
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString()
      got.push({ method: req.method ?? '', body, content_type: req.headers['content-type'] ?? '' })
      res.writeHead(200).end(body)
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  try {
    const port = (server.address() as AddressInfo).port
    const sink = createRestSink(
      { ...props, url: `http://127.0.0.1:${port}/` },
      { clock: systemClock, memory: new MemoryBroker(), logger: silentLogger },
    )
    const ctx: SinkContext = { ruleId: 'restTest', sinkName: 'rest_0', clock: systemClock, logger: silentLogger }
    await sink.open?.(ctx)
    for (const text of collect) await sink.collect(ctx, new SinkPayload([], undefined, text))
    await sink.close?.(ctx)
  } finally {
    await new Promise<void>((resolve) => server.close(() => resolve()))
  }
  const g = JSON.stringify(got)
  const w = JSON.stringify(expected)
  return g === w ? { status: 'pass' } : { status: 'fail', diff: `requests ${g}, want ${w}` }
}
