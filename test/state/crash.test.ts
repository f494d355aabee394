// The proof of issue 6: kuiperd killed with SIGKILL at seeded random moments (at least 10 times) while a windowed
// aggregate rule reads a rewindable source; each time it restarts and resumes from its last completed checkpoint.
// With qos 2 every window's result equals the crash-free result (none lost, none counted twice); with qos 1 no
// window is lost. Each restarted process goes on from about where the killed one was (its first windows are at
// most a checkpoint interval behind), which a restart from the start of the input would not do.
// Each rule writes to two sinks at their defaults: MQTT (a write per result) and the file sink, which buffers rows
// for its default `interval` of 1 s: a checkpoint completes only once the buffer is written (issue 10).

import assert from 'node:assert/strict'
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { after, describe, it } from 'node:test'
import mqtt from 'mqtt'
import { http, startKuiperd, tempBase } from '../server/kuiperd-process.js'
import type { Kuiperd } from '../server/kuiperd-process.js'
import { MQTT_SERVER, MQTT_URL } from '../services.js'
import { seededRandom } from '../prng.js'

const SEED = Number(process.env['KUIPER_CRASH_SEED'] ?? 20201022)
const KILLS = 11
const ROWS = 8000
/** Event time advances 10 ms per row: 100 rows per 1 s window, 80 windows. */
const STEP = 10
const START = 1_600_000_000_000
const RUN = `kuiper-crash-${process.pid}-${Date.now()}`

interface Received {
  readonly w: number
  readonly c: number
  readonly s: number
  readonly by: number
}

interface WindowResult {
  readonly c: number
  readonly s: number
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms))

let current: Kuiperd | undefined
let subscriber: mqtt.MqttClient | undefined
after(async () => {
  await current?.stop('SIGKILL')
  await subscriber?.endAsync()
})

describe('kuiperd killed with SIGKILL', { timeout: 240_000 }, () => {
  it('qos 2 gives the crash-free window results, qos 1 loses no window', async () => {
    const rand = seededRandom(SEED)
    const base = tempBase()
    mkdirSync(join(base, 'etc', 'sources'), { recursive: true })
    writeFileSync(join(base, 'etc', 'sources', 'file.yaml'), 'default:\n  sendInterval: 1\n')
    const input = join(base, 'input.jsonl')
    const expected = new Map<number, WindowResult>()
    const lines: string[] = []
    for (let i = 0; i < ROWS; i++) {
      const ts = START + i * STEP + 5 // off the window boundaries (a row at a boundary closes the earlier window)
      const w = Math.floor(ts / 1000)
      const v = Math.floor(rand() * 100)
      lines.push(JSON.stringify({ w, ts, v }))
      const e = expected.get(w) ?? { c: 0, s: 0 }
      expected.set(w, { c: e.c + 1, s: e.s + v })
    }
    lines.push(JSON.stringify({ w: -1, ts: START + ROWS * STEP + 60_000, v: 0 })) // closes the last window
    writeFileSync(input, lines.join('\n') + '\n')

    /** Rows received per rule, each with the number of the kuiperd process that sent it. */
    const received = { q1: [] as Received[], q2: [] as Received[] }
    let incarnation = 0
    subscriber = await mqtt.connectAsync(MQTT_URL, { clientId: `${RUN}-sub`.slice(0, 23), clean: true })
    subscriber.on('message', (topic, payload) => {
      const rows = JSON.parse(payload.toString()) as { w: number; c: number; s: number }[]
      const list = topic.endsWith('/q1') ? received.q1 : received.q2
      for (const r of rows) list.push({ ...r, by: incarnation })
    })
    await subscriber.subscribeAsync(`${RUN}/+`, { qos: 1 })

    const dataDir = join(base, 'data')
    const boot = (): Promise<Kuiperd> => {
      incarnation++
      return startKuiperd({ base, dataDir })
    }
    current = await boot()
    const stream = `CREATE STREAM demo (w BIGINT, ts BIGINT, v BIGINT) WITH (DATASOURCE="${input}", TYPE="file", TIMESTAMP="ts")`
    assert.equal((await http(current.url, 'POST', '/streams', { sql: stream })).status, 201)
    for (const qos of [1, 2]) {
      const rule = {
        id: `counts_q${qos}`,
        sql: 'SELECT w, count(*) AS c, sum(v) AS s FROM demo GROUP BY w, TUMBLINGWINDOW(ss, 1)',
        actions: [
          { mqtt: { server: MQTT_SERVER, topic: `${RUN}/q${qos}` } }, // qos 0, the default
          { file: { path: join(base, `out_q${qos}.jsonl`) } }, // no interval: the default, 1 s
        ],
        options: { qos, checkpointInterval: 200, isEventTime: true, lateTolerance: 0 },
      }
      const r = await http(current.url, 'POST', '/rules', rule)
      assert.equal(r.status, 201, r.text)
    }

    const t0 = Date.now()
    for (let k = 0; k < KILLS; k++) {
      await sleep(300 + Math.floor(rand() * 700))
      assert.equal(await current.stop('SIGKILL'), null, 'killed, not exited')
      current = await boot()
    }
    const killPhase = Date.now() - t0

    // Let the last process finish the input; every window must arrive.
    const windows = [...expected.keys()]
    const complete = (list: readonly { w: number }[]): boolean => {
      const seen = new Set(list.map((r) => r.w))
      return windows.every((w) => seen.has(w))
    }
    const deadline = Date.now() + 90_000
    while (!(complete(received.q1) && complete(received.q2)) && Date.now() < deadline) await sleep(100)
    await sleep(500) // late duplicates, if any, arrive too
    assert.equal(await current.stop('SIGTERM'), 0) // the file sinks write their buffers on the way out
    current = undefined

    const fileRows = (qos: number): { w: number; c: number; s: number }[] =>
      readFileSync(join(base, `out_q${qos}.jsonl`), 'utf8')
        .split('\n')
        .filter((l) => l !== '')
        .flatMap((l) => JSON.parse(l) as { w: number; c: number; s: number }[])
    const file = { q1: fileRows(1), q2: fileRows(2) }
    const figures = (name: string, list: readonly { w: number; c: number; s: number }[]): string => {
      const rows = list.filter((r) => r.w >= 0)
      const seen = new Set(rows.map((r) => r.w))
      const lost = [...expected.keys()].filter((w) => !seen.has(w)).length
      const wrong = rows.filter((r) => {
        const e = expected.get(r.w)
        return e === undefined || e.c !== r.c || e.s !== r.s
      }).length
      return `${name}: ${expected.size} expected, ${seen.size} seen, ${lost} lost, ${rows.length - seen.size} re-sent, ${wrong} differing`
    }
    console.log(
      [
        figures('mqtt qos 1', received.q1),
        figures('mqtt qos 2', received.q2),
        figures('file qos 1', file.q1),
        figures('file qos 2', file.q2),
      ].join('\n'),
    )

    for (const [sink, q2list, q1list] of [
      ['mqtt', received.q2, received.q1],
      ['file', file.q2, file.q1],
    ] as const) {
      const q2 = new Map<number, WindowResult>()
      for (const r of q2list) {
        if (r.w < 0) continue
        const prev = q2.get(r.w)
        assert.ok(prev === undefined || (prev.c === r.c && prev.s === r.s), `${sink} qos 2 window ${r.w} differs`)
        q2.set(r.w, { c: r.c, s: r.s })
      }
      assert.deepEqual(
        [...q2].sort(([a], [b]) => a - b),
        [...expected].sort(([a], [b]) => a - b),
        `${sink} sink, qos 2`,
      )
      const q1 = new Map<number, number>()
      for (const r of q1list) if (r.w >= 0) q1.set(r.w, Math.max(q1.get(r.w) ?? 0, r.c))
      for (const [w, e] of expected) assert.ok((q1.get(w) ?? 0) >= e.c, `${sink} sink, qos 1 lost rows of window ${w}`)
    }

    // Each process resumed from the last checkpoint of the one before: its first windows are at most a few behind.
    for (const list of [received.q1, received.q2]) {
      let reached = -Infinity
      for (let k = 1; k <= incarnation; k++) {
        const ws = list.filter((r) => r.by === k && r.w >= 0).map((r) => r.w)
        if (ws.length === 0) continue
        assert.ok(Math.min(...ws) >= reached - 3, `process ${k} started again at window ${Math.min(...ws)}`)
        reached = Math.max(reached, ...ws)
      }
    }
    const repeats = received.q2.filter((r) => r.w >= 0).length - expected.size
    console.log(
      `crash test (seed ${SEED}): ${KILLS} SIGKILLs in ${killPhase} ms, ${expected.size} windows, ` +
        `${repeats} re-sent at qos 2, ${received.q1.filter((r) => r.w >= 0).length - expected.size} at qos 1`,
    )
  })
})
