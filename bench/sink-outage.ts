// Measures a REST sink outage with kuiperd's default settings (issue 10): a rule reads MQTT and posts each row to an
// HTTP endpoint that is down for OUTAGE_S seconds (default 600) while RATE rows/s (default 1000) arrive; then the
// endpoint comes back and the outbox drains. Prints rows sent, delivered, duplicated, dropped, kuiperd's peak RSS and
// the store's size on disk at the end of the outage. Real time, real kuiperd, the local Mosquitto (MQTT_URL or
// mqtt://127.0.0.1:1883). Not part of the suite: `node --import tsx bench/sink-outage.ts`.

import { mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import { createServer } from 'node:http'
import type { Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { join } from 'node:path'
import mqtt from 'mqtt'
import { http, startKuiperd, tempBase, TEST_CONFIG } from '../test/server/kuiperd-process.js'

const OUTAGE_S = Number(process.env['OUTAGE_S'] ?? 600)
const RATE = Number(process.env['RATE'] ?? 1000)
const MQTT_URL = process.env['MQTT_URL'] ?? 'mqtt://127.0.0.1:1883'
const TOPIC = `kuiper-outage-${process.pid}`

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms))
const mb = (bytes: number): string => `${(bytes / 1024 / 1024).toFixed(1)} MB`

/** kuiperd's peak and current resident set (VmHWM, VmRSS of /proc/<pid>/status), in bytes. */
function rss(pid: number): { peak: number; now: number } {
  const s = readFileSync(`/proc/${pid}/status`, 'utf8')
  const kb = (k: string): number => Number(new RegExp(`${k}:\\s+(\\d+)`).exec(s)?.[1] ?? 0) * 1024
  return { peak: kb('VmHWM'), now: kb('VmRSS') }
}

function fileSize(p: string): number {
  try {
    return statSync(p).size
  } catch {
    return 0
  }
}

const total = OUTAGE_S * RATE
const seen = new Uint8Array(total + 1)
let delivered = 0
let duplicates = 0
const endpoint: Server = createServer((req, res) => {
  const chunks: Buffer[] = []
  req.on('data', (c: Buffer) => chunks.push(c))
  req.on('end', () => {
    for (const r of JSON.parse(Buffer.concat(chunks).toString()) as { n: number }[]) {
      if (seen[r.n] === 1) duplicates++
      else {
        seen[r.n] = 1
        delivered++
      }
    }
    res.writeHead(200).end()
  })
})
await new Promise<void>((r) => endpoint.listen(0, '127.0.0.1', r))
const port = (endpoint.address() as AddressInfo).port
await new Promise<void>((r) => endpoint.close(() => r())) // down from the start, on a known port

const base = tempBase()
mkdirSync(join(base, 'etc'), { recursive: true })
writeFileSync(
  join(base, 'etc', 'mqtt_source.yaml'),
  `default:\n  servers: ["${MQTT_URL.replace('mqtt://', 'tcp://')}"]\n`,
)
// The suite's test config (REST on a free port, log to file) and nothing else: every sink setting at its default.
const kuiperd = await startKuiperd({ base, config: TEST_CONFIG })
const pid = kuiperd.proc.pid!
const db = join(kuiperd.dataDir, 'sqliteKV.db')
const stream = `CREATE STREAM demo () WITH (DATASOURCE="${TOPIC}", TYPE="mqtt", FORMAT="json")`
await http(kuiperd.url, 'POST', '/streams', { sql: stream })
const rule = {
  id: 'outage',
  sql: 'SELECT n, t, v FROM demo',
  actions: [{ rest: { url: `http://127.0.0.1:${port}/`, method: 'post' } }],
}
const created = await http(kuiperd.url, 'POST', '/rules', rule)
if (created.status !== 201) throw new Error(created.text)
const metrics = async (): Promise<{ in: number; out: number; dropped: number; buffered: number; sourceIn: number }> => {
  const r = await http(kuiperd.url, 'GET', '/rules/outage/status')
  const m = JSON.parse(r.text) as Record<string, unknown>
  const get = (k: string): number => Number(m[`sink_rest_0_0_${k}`])
  return {
    in: get('records_in_total'),
    out: get('records_out_total'),
    dropped: get('dropped_total'),
    buffered: get('buffer_length'),
    sourceIn: Number(m['source_demo_0_records_in_total']),
  }
}
await sleep(1000) // the source subscribes

const pub = await mqtt.connectAsync(MQTT_URL)
console.log(`outage of ${OUTAGE_S} s at ${RATE} rows/s: ${total} rows, kuiperd pid ${pid}, data ${kuiperd.dataDir}`)
const t0 = Date.now()
let sent = 0
let lastReport = t0
while (sent < total) {
  const due = Math.min(total, Math.floor(((Date.now() - t0) / 1000) * RATE))
  while (sent < due) {
    sent++
    pub.publish(TOPIC, JSON.stringify({ n: sent, t: Date.now(), v: Math.random() }), { qos: 1 })
  }
  if (Date.now() - lastReport >= 30_000) {
    lastReport = Date.now()
    const m = await metrics()
    const r = rss(pid)
    console.log(
      `${Math.round((Date.now() - t0) / 1000)} s: sent ${sent}, at sink ${m.in}, buffered ${m.buffered}, dropped ${m.dropped}, ` +
        `rss ${mb(r.now)} (peak ${mb(r.peak)}), store ${mb(fileSize(db) + fileSize(db + '-wal'))}`,
    )
  }
  await sleep(5)
}
// Every row has reached the sink (and its outbox) before the endpoint comes back.
for (;;) {
  const m = await metrics()
  if (m.in >= sent) break
  await sleep(200)
}
const atEnd = await metrics()
const storeBytes = fileSize(db) + fileSize(db + '-wal')
const rssAtEnd = rss(pid)
console.log(
  `end of outage after ${Math.round((Date.now() - t0) / 1000)} s: sent ${sent}, at sink ${atEnd.in}, ` +
    `in the outbox ${atEnd.buffered}, dropped ${atEnd.dropped}, store on disk ${mb(storeBytes)}, rss ${mb(rssAtEnd.now)}`,
)

await new Promise<void>((r) => endpoint.listen(port, '127.0.0.1', r))
const t1 = Date.now()
for (;;) {
  const m = await metrics()
  if (m.buffered === 0 && m.out + m.dropped >= sent) break
  if (Date.now() - lastReport >= 30_000) {
    lastReport = Date.now()
    console.log(`draining: delivered ${delivered}, outbox ${m.buffered}, rss ${mb(rss(pid).now)}`)
  }
  await sleep(500)
}
const final = await metrics()
const r = rss(pid)
console.log(
  [
    `rows sent ${sent}, at the sink ${final.in}`,
    `delivered ${delivered} (unique), duplicates ${duplicates}, lost ${sent - delivered}`,
    `dropped_total ${final.dropped}, records_out_total ${final.out}`,
    `drained in ${Math.round((Date.now() - t1) / 1000)} s`,
    `kuiperd peak RSS ${mb(r.peak)}, store on disk at the end of the outage ${mb(storeBytes)}`,
  ].join('\n'),
)
await pub.endAsync()
await kuiperd.stop('SIGTERM')
await new Promise<void>((r) => endpoint.close(() => r()))
