// `npm run conformance:sync -- [SOURCE] [--check]`: copies the conformance corpus from SOURCE (default
// ../shared/conformance) into test/conformance/cases, or with --check only tells whether the two differ
// (exit 1 when they do, 0 when identical, 2 when SOURCE is missing or the arguments are wrong).

import { relative, resolve } from 'node:path'
import { corpusDir, sharedCorpusDir } from './conformance/paths.js'
import { CorpusSourceMissing, describeDiff, diffCorpus, isEmptyDiff, syncCorpus } from './conformance/sync.js'

const USAGE = `usage: npm run conformance:sync -- [SOURCE] [--check]
  SOURCE   folder to copy from (default: ${sharedCorpusDir})
  --check  compare only: exit 1 when ${corpusDir} differs from SOURCE, 0 when identical`

function main(argv: readonly string[]): number {
  let check = false
  let source = sharedCorpusDir
  let sourceGiven = false
  for (const a of argv) {
    if (a === '--check') check = true
    else if (a === '--help' || a === '-h') {
      console.log(USAGE)
      return 0
    } else if (a.startsWith('--') || sourceGiven) {
      console.error(`unexpected argument ${a}\n${USAGE}`)
      return 2
    } else {
      source = resolve(a)
      sourceGiven = true
    }
  }
  const copy = corpusDir
  const copyName = relative(process.cwd(), copy) || copy
  try {
    if (check) {
      const d = diffCorpus(source, copy)
      if (isEmptyDiff(d)) {
        console.log(`${copyName} is identical to ${source}`)
        return 0
      }
      console.log(`${copyName} differs from ${source} (run npm run conformance:sync to copy):`)
      for (const line of describeDiff(d)) console.log(line)
      return 1
    }
    const d = syncCorpus(source, copy)
    if (isEmptyDiff(d)) console.log(`${copyName} was already identical to ${source}`)
    else {
      console.log(`copied ${source} into ${copyName}:`)
      for (const line of describeDiff(d)) console.log(line)
    }
    return 0
  } catch (err) {
    if (err instanceof CorpusSourceMissing) {
      console.error(
        `${err.message}\nThe corpus comes from the project's shared folder beside the checkout; ` +
          `without it, give its location: npm run conformance:sync -- DIR${check ? ' --check' : ''}`,
      )
      return 2
    }
    throw err
  }
}

process.exitCode = main(process.argv.slice(2))
