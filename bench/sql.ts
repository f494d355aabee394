// SQL micro-benchmarks (`npm run bench`): statements/s through the parser (with function validation), and
// rows/s through compiled expressions — the filter `temperature > 50` and a 3-column projection.

import { Tuple } from '../src/core/row.js'
import { systemClock } from '../src/core/clock.js'
import { compileExpr } from '../src/eval/compile.js'
import { builtinFunctions } from '../src/functions/registry.js'
import { createProjection } from '../src/operators/project.js'
import { parseSelect, parseStatement } from '../src/sql/parser/index.js'

const opts = { functions: builtinFunctions }

function rate(name: string, unit: string, n: number, run: () => void): void {
  run() // warm-up
  const t0 = process.hrtime.bigint()
  run()
  const ms = Number(process.hrtime.bigint() - t0) / 1e6
  console.log(
    `${name.padEnd(28)} ${Math.round((n / ms) * 1000)
      .toLocaleString('en-US')
      .padStart(12)} ${unit}/s`,
  )
}

const statements = [
  'SELECT * FROM demo WHERE temperature > 50',
  'SELECT temperature AS t, humidity, device->name FROM demo WHERE humidity < 30 AND t > 20',
  'SELECT avg(temperature) AS a, max(humidity), device FROM demo GROUP BY device, TUMBLINGWINDOW(ss, 10) HAVING a > 20 ORDER BY device DESC',
  'SELECT d1.a, d2.b FROM d1 INNER JOIN d2 ON d1.id = d2.id GROUP BY SLIDINGWINDOW(ss, 5)',
  'CREATE STREAM demo (temperature FLOAT, humidity BIGINT, tags ARRAY(STRING), loc STRUCT(lat FLOAT, lng FLOAT)) WITH (DATASOURCE="demo", FORMAT="JSON")',
]
const PARSES = 100_000
rate('parse (5 statement shapes)', 'statements', PARSES, () => {
  for (let i = 0; i < PARSES; i++) parseStatement(statements[i % statements.length]!, opts)
})

const ROWS = 2_000_000
const rows: Tuple[] = []
for (let i = 0; i < 1000; i++) rows.push(new Tuple('demo', { temperature: (i * 37) % 101, humidity: i % 97, id: i }, 0))
const ctx = { fn: { clock: systemClock } }

const where = parseSelect('SELECT * FROM demo WHERE temperature > 50', opts).condition!
const filter = compileExpr(where, opts)
let kept = 0
rate('filter temperature > 50', 'rows', ROWS, () => {
  for (let i = 0; i < ROWS; i++) if (filter(rows[i % 1000]!, ctx) === true) kept++
})

const projection = createProjection(parseSelect('SELECT temperature, humidity AS h, id FROM demo', opts), opts)
let width = 0
rate('project 3 columns', 'rows', ROWS, () => {
  for (let i = 0; i < ROWS; i++) width += Object.keys(projection.projectRow(rows[i % 1000]!, ctx.fn)).length
})
if (kept === 0 || width === 0) throw new Error('benchmark produced nothing')
