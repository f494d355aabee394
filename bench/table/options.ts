// The command line of `npm run bench`.

import { parseArgs } from 'node:util'
import type { ProfileName } from './profiles.js'

export const USAGE = `npm run bench -- [options]
Runs the issue-11 table (many rules, fan-out, 50,000 rules, idle kuiperd, one rule on the shared MQTT workload,
tumbling window qos 0/2) and prints it as markdown; writes it to bench/results/ as .md and .json.
  --only a,b     run only these workloads (ids: see --list)
  --quick        smaller counts (a few minutes); the ratios are then indicative only
  --smoke        tiny counts, workloads side by side, and a check that every figure is there (CI; < 1 min)
  --list         list the workloads with their expected duration and exit
  --help         this text
Needs ../shared/bench beside the checkout (or BENCH_DIR) for the scale.mjs and MQTT rows, and mosquitto (or
BENCH_BROKER=mqtt://host:port) for the rows with a broker; the others run without. The SQL micro bench is
\`npm run bench:sql\`, the in-process engine bench \`npm run bench:engine\`.`

export interface Options {
  readonly profile: ProfileName
  readonly only: readonly string[] | undefined
  readonly list: boolean
  readonly help: boolean
}

export function parseOptions(argv: readonly string[]): Options {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      only: { type: 'string' },
      quick: { type: 'boolean', default: false },
      smoke: { type: 'boolean', default: false },
      list: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  })
  if (values.quick && values.smoke) throw new Error('--quick and --smoke exclude each other')
  const only = values.only
    ?.split(',')
    .map((s) => s.trim())
    .filter(Boolean)
  return {
    profile: values.smoke ? 'smoke' : values.quick ? 'quick' : 'full',
    only,
    list: values.list,
    help: values.help,
  }
}
