// The 10 s tumbling avg rule through the memory source (bench/run.ts, in process): rows/s at qos 0 and at qos 2
// (a checkpoint every 10k rows into SQLite), and their ratio.

import { join } from 'node:path'
import { atLeast, figure, num } from '../figures.js'
import { run } from '../processes.js'
import type { Workload } from '../workload.js'

interface BenchLine {
  readonly name: string
  readonly qos: number
  readonly rowsPerS: number
  readonly checkpoints: number
}

const QOS0 = 'tumbling avg'
const QOS2 = 'tumbling avg qos 2'

export const windowRule: Workload = {
  id: 'window',
  title: (p) => `10 s tumbling avg through the memory source (${num(p.windowRows)} rows)`,
  needs: [],
  estimateS: (p) => 5 + (p.windowRows / 1_000_000) * 15,
  figureIds: ['qos0', 'qos2', 'qos2_vs_qos0'],
  async run(ctx) {
    const logFile = join(ctx.workDir, 'window.log')
    const args = ['--import', 'tsx', 'bench/run.ts', '--json', '--only', `${QOS0},${QOS2}`]
    ctx.log(`BENCH_ROWS=${ctx.profile.windowRows} node ${args.join(' ')}`)
    const r = await run(process.execPath, args, {
      cwd: ctx.project,
      env: { ...process.env, BENCH_ROWS: String(ctx.profile.windowRows) },
      timeoutMs: ctx.timeoutMs,
      logFile,
    })
    if (r.timedOut) throw new Error(`bench/run.ts did not finish within ${Math.round(ctx.timeoutMs / 1000)} s`)
    if (r.code !== 0) throw new Error(`bench/run.ts failed (exit ${r.code}); see ${logFile}`)
    const lines = r.stdout
      .split('\n')
      .filter((l) => l.startsWith('{'))
      .map((l) => JSON.parse(l) as BenchLine)
    const q0 = lines.find((l) => l.name === QOS0)
    const q2 = lines.find((l) => l.name === QOS2)
    const rows = (v: number): string => `${num(v)} rows/s`
    const figures = [
      figure('qos0', 'qos 0', q0?.rowsPerS, 'rows/s', rows),
      figure('qos2', 'qos 2', q2?.rowsPerS, 'rows/s', (v) => `${rows(v)} (${q2?.checkpoints} checkpoints)`),
      figure(
        'qos2_vs_qos0',
        'qos 2 / qos 0',
        q0 !== undefined && q2 !== undefined ? q2.rowsPerS / q0.rowsPerS : undefined,
        '×',
        (v) => `${num(v, 2)}×`,
        atLeast(0.5, '0.5×'),
      ),
    ]
    return { figures, details: lines }
  },
}
