// Conformance runner entry: `npm run conformance -- [DIR...] [--json FILE] [--kind K] [--filter SUBSTR]`.
// Runs the Kuiper 1.0 cases of test/conformance/cases (or the given folders) and ends with
// `N passed, N failed, N skipped`.

import { writeFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { loadDeviations } from './conformance/deviations.js'
import { kindHandlers } from './conformance/kinds/index.js'
import { defaultCorpusDir, deviationsFile } from './conformance/paths.js'
import { formatReport, resultsJson } from './conformance/report.js'
import { runConformance } from './conformance/run.js'

const USAGE = `usage: npm run conformance -- [DIR...] [--json FILE] [--kind KIND] [--filter SUBSTR] [--list-skips]
  DIR          folders of *.json case files (default: ${defaultCorpusDir})
  --json FILE  write per-case results to FILE
  --kind KIND  only cases of this kind (parser, function, ...)
  --filter S   only cases whose name contains S
  --list-skips list every skipped case instead of a summary by reason`

interface Args {
  dirs: string[]
  json?: string
  kind?: string
  filter?: string
  listSkips: boolean
}

function parseArgs(argv: readonly string[]): Args {
  const args: Args = { dirs: [], listSkips: false }
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!
    const next = (): string => {
      const v = argv[++i]
      if (v === undefined) throw new Error(`${a} needs a value`)
      return v
    }
    if (a === '--json') args.json = next()
    else if (a === '--kind') args.kind = next()
    else if (a === '--filter') args.filter = next()
    else if (a === '--list-skips') args.listSkips = true
    else if (a === '--help' || a === '-h') {
      console.log(USAGE)
      process.exit(0)
    } else if (a.startsWith('--')) throw new Error(`unknown option ${a}`)
    else args.dirs.push(resolve(a))
  }
  if (args.dirs.length === 0) args.dirs.push(defaultCorpusDir)
  return args
}

async function main(): Promise<number> {
  let args: Args
  try {
    args = parseArgs(process.argv.slice(2))
  } catch (err) {
    console.error(`${err instanceof Error ? err.message : String(err)}\n${USAGE}`)
    return 2
  }
  const summary = await runConformance(args.dirs, {
    handlers: kindHandlers,
    deviations: loadDeviations(deviationsFile),
    ...(args.kind !== undefined ? { kind: args.kind } : {}),
    ...(args.filter !== undefined ? { filter: args.filter } : {}),
  })
  if (args.json !== undefined) writeFileSync(args.json, resultsJson(summary) + '\n')
  console.log(formatReport(summary, { listSkips: args.listSkips }))
  return summary.failed > 0 ? 1 : 0
}

// Exit explicitly: a handler that timed out may still hold timers or sockets open.
main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(`conformance: ${err instanceof Error ? err.message : String(err)}`)
    process.exit(2)
  },
)
