// A source plugin that exports payload formats (`export const formats = [...]`): installing it registers them in
// the engine's format registry (a stream's FORMAT may name them, with any source), removing it takes them away.

import assert from 'node:assert/strict'
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { after, describe, it } from 'node:test'
import { loadSourceProfiles } from '../../src/catalog/source-profiles.js'
import { builtinFunctions } from '../../src/functions/registry.js'
import { Engine, silentLogger } from '../../src/index.js'
import { PluginFunctionCatalog } from '../../src/plugins/plugin-functions.js'
import { PluginManager } from '../../src/plugins/plugin-manager.js'
import { zipFolder } from '../../scripts/zip-plugins.js'
import { recorder } from '../connectors/edgex-helpers.js'

const work = mkdtempSync(join(tmpdir(), 'kuiper-plugin-formats-'))
after(() => rmSync(work, { recursive: true, force: true }))

const CSV_PLUGIN = `
export const formats = [{
  name: 'csv',
  decode(bytes) {
    const [name, n] = Buffer.from(bytes).toString().split(',')
    if (n === undefined) throw new Error('a csv line needs two columns')
    return [{ name, n: Number(n) }]
  },
}]
export function createSource() {
  return { open() {}, close() {} }
}
`

describe('payload formats from a source plugin', () => {
  it('registers the formats on install and removes them with the plugin', async () => {
    const plugin = join(work, 'csvFormat')
    mkdirSync(plugin)
    writeFileSync(
      join(plugin, 'manifest.json'),
      JSON.stringify({ name: 'csvFormat', kind: 'source', version: '1.0.0', entry: 'index.js' }),
    )
    writeFileSync(join(plugin, 'index.js'), CSV_PLUGIN)
    const zip = await zipFolder(plugin, join(work, 'csvFormat.zip'))
    const etc = join(work, 'etc')
    mkdirSync(join(etc, 'sources'), { recursive: true })
    writeFileSync(join(etc, 'sources', 'file.yaml'), `default:\n  path: ${JSON.stringify(work)}\n  fileType: lines\n`)
    writeFileSync(join(work, 'in.csv'), 'a,1\nbroken\nb,2\n')
    const engine = new Engine({ logger: silentLogger, sourceProfiles: loadSourceProfiles(etc, { warn: () => {} }) })
    const manager = new PluginManager({
      dataDir: join(work, 'data'),
      connectors: engine.connectors,
      formats: engine.formats,
      functions: new PluginFunctionCatalog(builtinFunctions),
      logger: silentLogger,
    })
    try {
      await manager.install('sources', { name: 'csvFormat', file: pathToFileURL(zip).href })
      assert.deepEqual(engine.formats.names(), ['BINARY', 'CSV', 'JSON'])
      engine.createStream('CREATE STREAM c () WITH (DATASOURCE="in.csv", TYPE="file", FORMAT="CSV")')
      const rec = recorder()
      await engine.createRule({ id: 'r', sql: 'SELECT name, n FROM c', actions: [rec.action] })
      await engine.idle()
      assert.deepEqual(rec.rows, [
        { name: 'a', n: 1 },
        { name: 'b', n: 2 },
      ])
      // The malformed line is a source exception of the rule, as with the built-in formats.
      assert.equal(engine.ruleStatus('r').metrics?.['source_c_0_exceptions_total'], 1)
      await manager.remove('sources', 'csvFormat')
      assert.deepEqual(engine.formats.names(), ['BINARY', 'JSON'])
      assert.throws(
        () => engine.createStream('CREATE STREAM d () WITH (DATASOURCE="in.csv", TYPE="file", FORMAT="CSV")'),
        /unknown format CSV/,
      )
    } finally {
      await engine.close()
    }
  })
})
