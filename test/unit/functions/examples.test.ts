// Every built-in function's documented example, run through the SQL engine: `SELECT <example> FROM demo` over the
// example's rows (an aggregate over them as one COUNTWINDOW group) must send the documented result as its column.
// No alias: 1.0 evaluates a non-aggregate alias on the message before the schema converts it.
// The same examples are served by GET /metadata/functions and printed in docs/sql.md, so the docs cannot lie.

import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { Engine, ManualClock } from '../../../src/index.js'
import type { SinkPayload, ValueMap } from '../../../src/index.js'
import type { Documented, FunctionExample } from '../../../src/functions/define-function.js'
import { listFunctions } from '../../../src/functions/registry.js'

/** The clock the examples run on: 2019-09-19T12:00:00Z (what tstamp() answers). */
const EXAMPLE_CLOCK_MS = 1568894400000

/** The JSON text of the one column the example's rule sends (or the error it sends). */
async function runExample(isAggregate: boolean, ex: FunctionExample): Promise<string> {
  const engine = new Engine({ clock: new ManualClock(EXAMPLE_CLOCK_MS) })
  try {
    engine.createStream(`CREATE STREAM demo (${ex.schema ?? ''}) WITH (DATASOURCE="demo", TYPE="memory")`)
    const rows = ex.rows ?? [{}]
    const texts: string[] = []
    const sink = { name: 'out', sink: { collect: (_ctx: unknown, p: SinkPayload) => void texts.push(p.text) } }
    const window = isAggregate ? ` GROUP BY COUNTWINDOW(${rows.length})` : ''
    await engine.createRule({ id: 'example', sql: `SELECT ${ex.sql} FROM demo${window}`, actions: [sink] })
    engine.publish('demo', rows as readonly ValueMap[])
    await engine.idle()
    assert.equal(texts.length, 1, `one result for ${ex.sql}, got ${JSON.stringify(texts)}`)
    const [out] = JSON.parse(texts[0]!) as Record<string, unknown>[]
    if (out !== undefined && 'error' in out) return `error: ${String(out['error'])}`
    const columns = Object.values(out ?? {})
    assert.ok(columns.length <= 1, `one column for ${ex.sql}, got ${texts[0]}`)
    return JSON.stringify(columns[0] ?? null)
  } finally {
    await engine.close()
  }
}

/** The example's result text normalised as the sink's JSON prints it (no spaces). */
const normalised = (json: string): string => JSON.stringify(JSON.parse(json))

describe('documented function examples', () => {
  for (const f of listFunctions() as readonly Documented[]) {
    const ex = f.doc.example
    it(`${f.name}: ${ex.sql} gives ${ex.result}`, async () => {
      const got = await runExample(f.kind === 'aggregate', ex)
      if (ex.varies !== undefined) {
        assert.match(got, ex.varies)
        assert.match(normalised(ex.result), ex.varies, 'the documented sample result fits the pattern too')
      } else assert.equal(got, normalised(ex.result))
    })
  }
})
