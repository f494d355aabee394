// The README's quick start against a kuiperd: a stream over MQTT topics, a rule selecting hot readings into an MQTT
// sink, a reading published; the rule must be Running and its result arrive at the broker.

import assert from 'node:assert/strict'
import { setTimeout as sleep } from 'node:timers/promises'
import mqtt from 'mqtt'
import { MQTT_SERVER, MQTT_URL } from '../services.js'

export async function until<T>(what: string, timeoutMs: number, attempt: () => Promise<T | undefined>): Promise<T> {
  const end = Date.now() + timeoutMs
  for (;;) {
    const v = await attempt().catch(() => undefined)
    if (v !== undefined) return v
    if (Date.now() > end) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`)
    await sleep(100)
  }
}

export async function rest(
  url: string,
  method: string,
  path: string,
  body?: unknown,
): Promise<{ status: number; text: string }> {
  const res = await fetch(url + path, { method, ...(body === undefined ? {} : { body: JSON.stringify(body) }) })
  return { status: res.status, text: await res.text() }
}

export async function waitUntilUp(url: string, timeoutMs = 30_000): Promise<void> {
  await until(`kuiperd to answer GET ${url}/ping`, timeoutMs, async () =>
    (await fetch(`${url}/ping`)).ok ? true : undefined,
  )
}

/** Creates stream demo and rule rule1 (topics under `topic`), publishes a reading; returns what the sink wrote. */
export async function runQuickStart(url: string, topic: string): Promise<unknown> {
  const reading = { temperature: 40, humidity: 20 }
  let r = await rest(url, 'POST', '/streams', {
    sql: `CREATE STREAM demo (temperature FLOAT, humidity BIGINT) WITH (DATASOURCE="${topic}/+/messages", FORMAT="JSON")`,
  })
  assert.equal(r.status, 201, r.text)
  r = await rest(url, 'POST', '/rules', {
    id: 'rule1',
    sql: 'SELECT temperature, humidity FROM demo WHERE temperature > 30',
    actions: [{ mqtt: { server: MQTT_SERVER, topic: `${topic}/result` } }],
  })
  assert.equal(r.status, 201, r.text)
  await until('rule1 to be Running', 10_000, async () => {
    const list = JSON.parse((await rest(url, 'GET', '/rules')).text) as { id: string; status: string }[]
    return list.some((x) => x.id === 'rule1' && x.status === 'Running') ? true : undefined
  })
  const client = await mqtt.connectAsync(MQTT_URL, { connectTimeout: 5000 })
  try {
    const received = new Promise<unknown>((resolve) =>
      client.on('message', (_t, payload) => resolve(JSON.parse(payload.toString()))),
    )
    await client.subscribeAsync(`${topic}/result`, { qos: 1 })
    // Published until the rule's subscription is in place (it may subscribe a moment after it reports Running).
    return await until('the rule result at the broker', 20_000, async () => {
      await client.publishAsync(`${topic}/dev1/messages`, JSON.stringify(reading))
      return Promise.race([received, sleep(300).then(() => undefined)])
    })
  } finally {
    await client.endAsync()
  }
}
