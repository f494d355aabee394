// HTTP connectors' request timeouts are user-given: one of 2^31 ms or more must not overflow a raw Node timer (which
// fires after 1 ms and would time out every request).

import assert from 'node:assert/strict'
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import { after, before, describe, it } from 'node:test'
import { safeParse } from 'valibot'
import { SinkPayload, silentLogger, type SinkContext } from '../../../src/connectors/api.js'
import { httpPullConf } from '../../../src/connectors/httppull/config.js'
import { sendRequest } from '../../../src/connectors/httppull/request.js'
import { parseInfluxConf } from '../../../src/connectors/influx/config.js'
import { InfluxHttp } from '../../../src/connectors/influx/http.js'
import { HttpClient } from '../../../src/connectors/rest/http.js'
import { KuiperConfig } from '../../../src/config/kuiper-config.js'
import { MAX_TIMER_STEP_MS } from '../../../src/core/clock.js'
import { issuePath } from '../../../src/core/issue-path.js'
import { mqttOptions } from '../../../src/connectors/edgex/bus-mqtt.js'
import { clientOptions } from '../../../src/connectors/mqtt/options.js'
import { parseTdengineConf } from '../../../src/connectors/tdengine/config.js'
import { TdengineSink } from '../../../src/connectors/tdengine/sink.js'

const LONG = 2_500_000_000

describe('HTTP connector request timeouts of 2^31 ms or more', () => {
  let server: http.Server
  let base: string
  before(async () => {
    // Answers once the request has been in flight for several ms, well past an overflowed timer's 1 ms.
    server = http.createServer((req, res) => {
      req.resume()
      req.on('end', () => setTimeout(() => res.writeHead(204).end(), 20))
    })
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  })
  after(async () => {
    server.closeAllConnections()
    await new Promise<void>((resolve) => server.close(() => resolve()))
  })

  it('rest sink: the request waits for the answer', async () => {
    const client = new HttpClient(false)
    try {
      const reply = await client.send(
        { method: 'POST', url: new URL(base), headers: {}, body: '{}', timeout: LONG },
        'rest sink',
      )
      assert.equal(reply.status, 204)
    } finally {
      client.close()
    }
  })

  it('influx sink: the write waits for the answer', async () => {
    const influx = new InfluxHttp(parseInfluxConf({ addr: base, measurement: 'm', databasename: 'db', timeout: LONG }))
    try {
      await influx.write('m v=1')
    } finally {
      influx.close()
    }
  })

  it('httppull source: the request waits for the answer', async () => {
    const answer = await sendRequest(httpPullConf({ url: base, method: 'get', timeout: LONG }), {})
    assert.equal(answer.status, 204)
  })

  it('tdengine sink: the insert waits for the answer', async () => {
    const port = Number(new URL(base).port)
    const sink = new TdengineSink(
      parseTdengineConf({ port, database: 'db', table: 't', tsFieldName: 'ts', timeout: LONG }),
    )
    const ctx = { logger: silentLogger } as unknown as SinkContext
    await sink.collect(ctx, new SinkPayload([{ v: 1 }]))
  })
})

describe('timer lengths handed to libraries that arm raw Node timers', () => {
  it('edgex MQTT bus: a ConnectTimeout past 2^31 ms is clamped to the longest timer instead of overflowing', () => {
    const bus = (ConnectTimeout: string) =>
      mqttOptions({ type: 'mqtt', protocol: 'tcp', host: '127.0.0.1', port: 1883, optional: { ConnectTimeout } })
    assert.equal(clientOptions(bus('3000000').client, 'id').connectTimeout, MAX_TIMER_STEP_MS)
    assert.equal(clientOptions(bus('30').client, 'id').connectTimeout, 30_000)
  })

  it('kuiper.yaml store.redis.timeout past 2^31 - 1 ms is a configuration error', () => {
    const parse = (timeout: number) => safeParse(KuiperConfig, { store: { type: 'redis', redis: { timeout } } })
    assert.equal(parse(MAX_TIMER_STEP_MS).success, true)
    const r = parse(MAX_TIMER_STEP_MS + 1)
    assert.equal(r.success, false)
    assert.deepEqual(
      r.issues?.map((issue) => [issuePath(issue), issue.message]),
      [['store.redis.timeout', 'Invalid value: Expected <=2147483647 but received 2147483648']],
    )
  })
})
