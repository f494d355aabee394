// The function, source and sink plugins of docs/extensions.md, taken from its code blocks as a newcomer would copy
// them, packed, installed into a running kuiperd and used in rules.

import assert from 'node:assert/strict'
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { after, before, describe, it } from 'node:test'
import { EXAMPLES_DIR, zipFolder } from '../../scripts/zip-plugins.js'
import { ROOT, http, startKuiperd, tempBase } from '../server/kuiperd-process.js'
import type { Kuiperd } from '../server/kuiperd-process.js'
import { eventually, fileLines, logText } from './wait.js'

const doc = readFileSync(join(ROOT, 'docs', 'extensions.md'), 'utf8')
const blocks = [...doc.matchAll(/^```(\w*)\n([\s\S]*?)^```$/gm)].map((m) => ({ lang: m[1]!, text: m[2]! }))

function block(test: (b: { lang: string; text: string }) => boolean, what: string): string {
  const b = blocks.find(test)
  if (b === undefined) throw new Error(`docs/extensions.md has no code block for ${what}`)
  return b.text
}
const manifestOf = (kind: string): string =>
  block((b) => b.lang === 'json' && b.text.includes(`"kind": "${kind}"`), `the ${kind} manifest`)
const startingWith = (first: string): string => block((b) => b.text.startsWith(first), first)

let k: Kuiperd
let base: string
let work: string
const call = (method: string, path: string, body?: unknown) => http(k.url, method, path, body)

async function installFrom(kind: string, name: string, files: Record<string, string>): Promise<void> {
  const dir = join(work, name)
  mkdirSync(dir, { recursive: true })
  for (const [f, text] of Object.entries(files)) writeFileSync(join(dir, f), text)
  const zip = await zipFolder(dir, join(work, `${name}.zip`))
  const r = await call('POST', `/plugins/${kind}`, { name, file: pathToFileURL(zip).href })
  assert.equal(r.status, 201, r.text)
}

before(async () => {
  base = tempBase()
  work = mkdtempSync(join(tmpdir(), 'kuiper-doc-plugins-'))
  k = await startKuiperd({ base })
})
after(async () => {
  await k?.stop()
})

describe('the plugins of docs/extensions.md', () => {
  it('installs the source and sink of the guide and runs its rule', async () => {
    await installFrom('sources', 'ticker', {
      'manifest.json': manifestOf('source'),
      'ticker.yaml': startingWith('# ticker.yaml'),
      'index.js': startingWith('// ticker/index.js'),
    })
    await installFrom('sinks', 'upper', {
      'manifest.json': manifestOf('sink'),
      'index.js': startingWith('// upper/index.js'),
    })
    const stream = block((b) => b.lang === 'sql' && b.text.includes('TYPE="ticker"'), 'the ticker stream').trim()
    const created = await call('POST', '/streams', { sql: stream })
    assert.equal(created.status, 201, created.text)
    const rule = JSON.parse(block((b) => b.lang === 'json' && b.text.includes('"actions"'), 'the rule')) as object
    const started = await call('POST', '/rules', rule)
    assert.equal(started.status, 201, started.text)
    // the sink logs `tick <count> <RESULT IN UPPER CASE>`, counting from its state
    await eventually('the sink in the log', () => (/tick 2 \[\{\\?"N\\?":1\}\]/.test(logText(base)) ? true : undefined))
    assert.match(logText(base), /tick 1 \[\{\\?"N\\?":0\}\]/)
  })

  it('installs the function plugin of the guide and calls its functions in SQL', async () => {
    await installFrom('functions', 'wordCount', {
      'manifest.json': manifestOf('function'),
      'index.js': startingWith('// wordCount/index.js'),
    })
    // a text stream: the example source seededRandom emits {"slogan": "one two three"} with CONF_KEY="words"
    const seeded = await zipFolder(join(EXAMPLES_DIR, 'sources', 'seededRandom'), join(work, 'seeded.zip'))
    await call('POST', '/plugins/sources', { name: 'seededRandom', file: pathToFileURL(seeded).href })
    await call('POST', '/streams', {
      sql: 'CREATE STREAM demo (slogan string) WITH (DATASOURCE="d", TYPE="seededRandom", CONF_KEY="words")',
    })
    const [scalarSql, aggregateSql] = block(
      (b) => b.lang === 'sql' && b.text.includes('wordCount('),
      'the function SQL',
    ).split('\n')
    const out = join(work, 'words.txt')
    await installFrom('sinks', 'lineFile', {
      'manifest.json': readFileSync(join(EXAMPLES_DIR, 'sinks', 'lineFile', 'manifest.json'), 'utf8'),
      'index.js': readFileSync(join(EXAMPLES_DIR, 'sinks', 'lineFile', 'index.js'), 'utf8'),
    })
    const r = await call('POST', '/rules', { id: 'wc', sql: scalarSql, actions: [{ lineFile: { path: out } }] })
    assert.equal(r.status, 201, r.text)
    await eventually('3 results', () => (fileLines(out).length >= 3 ? true : undefined))
    assert.deepEqual(fileLines(out).slice(0, 3), ['[{"n":3,"total":3}]', '[{"n":3,"total":6}]', '[{"n":3,"total":9}]'])
    // the aggregate, on a 1 s window instead of the guide's 10 s
    const agg = join(work, 'longest.txt')
    const sql = aggregateSql!.replace('TumblingWindow(ss, 10)', 'TumblingWindow(ss, 1)')
    const a = await call('POST', '/rules', { id: 'agg', sql, actions: [{ lineFile: { path: agg } }] })
    assert.equal(a.status, 201, a.text)
    await eventually('a window result', () => (fileLines(agg).length >= 1 ? true : undefined))
    assert.equal(fileLines(agg)[0], '[{"l":"one two three"}]')
  })
})
