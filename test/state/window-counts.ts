// A seeded event-time workload for the state tests: rows with a window number `w`, a rule counting them per
// 1 s tumbling window, an engine "process" that rewinds into a durable input log, and the per-window result.

import assert from 'node:assert/strict'
import { Engine } from '../../src/engine.js'
import { ManualClock } from '../../src/core/manual-clock.js'
import type { SinkPayload, ValueMap } from '../../src/index.js'
import type { KvStore } from '../../src/state/kv-store.js'

/** Event time of the first row (and the start of the processing-time clock). */
export const START = 1_600_000_000_000
export const STREAM = 'CREATE STREAM demo (w BIGINT, ts BIGINT) WITH (DATASOURCE="demo", TYPE="memory", TIMESTAMP="ts")'
export const SQL = 'SELECT w, count(*) AS c FROM demo GROUP BY w, TUMBLINGWINDOW(ss, 1)'

/** Seeded rows: event times 0–199 ms apart over ~20 s, then a far row that closes every window. */
export function makeRows(seed: number): ValueMap[] {
  let s = seed
  const rand = (): number => {
    s = (s * 1103515245 + 12345) & 0x7fffffff
    return s / 0x7fffffff
  }
  const rows: ValueMap[] = []
  let ts = START
  for (let i = 0; i < 200; i++) {
    ts += Math.floor(rand() * 200)
    rows.push({ w: BigInt(Math.floor(ts / 1000)), ts: BigInt(ts) })
  }
  rows.push({ w: -1n, ts: BigInt(ts + 60_000) })
  return rows
}

export interface Emission {
  readonly w: number
  readonly c: number
}

/**
 * One engine "process": a fresh clock and bus at `now`. The input log survives crashes (a durable upstream): the
 * first `published` rows are put back into the retained topic before the rule starts and rewinds into it.
 */
export async function boot(store: KvStore, qos: number, log: readonly ValueMap[], out: Emission[], now: number) {
  const clock = new ManualClock(now)
  const engine = new Engine({ clock, stateStore: store })
  engine.memory.retain('demo')
  for (const r of log) engine.memory.publish('demo', r)
  engine.createStream(STREAM)
  const sink = {
    collect: (_: unknown, p: SinkPayload) => {
      for (const r of p.rows ?? []) out.push({ w: Number(r['w']), c: Number(r['c']) })
    },
  }
  await engine.createRule({
    id: 'counts',
    sql: SQL,
    actions: [{ name: 'out', sink }],
    options: { qos, checkpointInterval: 100, isEventTime: true, lateTolerance: 0 },
  })
  await engine.idle()
  return { engine, clock }
}

/** Window → count, failing on a window emitted twice with different counts. */
export function byWindow(out: readonly Emission[]): Map<number, number> {
  const m = new Map<number, number>()
  for (const e of out) {
    if (e.w < 0) continue
    const prev = m.get(e.w)
    assert.ok(prev === undefined || prev === e.c, `window ${e.w} counted ${prev} and ${e.c}`)
    m.set(e.w, e.c)
  }
  return m
}
