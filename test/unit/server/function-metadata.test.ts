// GET /metadata/functions' groups (src/server/function-metadata.ts): the built-ins from their records in 1.0's
// shape, then each function plugin installed by a real PluginManager from an example plugin's zip.

import assert from 'node:assert/strict'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { after, describe, it } from 'node:test'
import { EXAMPLES_DIR, zipFolder } from '../../../scripts/zip-plugins.js'
import { silentLogger } from '../../../src/connectors/api.js'
import { ConnectorRegistry } from '../../../src/connectors/registry.js'
import { builtinFunctions, listFunctions } from '../../../src/functions/registry.js'
import { PluginFunctionCatalog } from '../../../src/plugins/plugin-functions.js'
import { PluginManager } from '../../../src/plugins/plugin-manager.js'
import { functionMetadata, placeholderCall } from '../../../src/server/function-metadata.js'

const tmp = mkdtempSync(join(tmpdir(), 'kuiper-function-metadata-test-'))
after(() => rmSync(tmp, { recursive: true, force: true }))

describe('function metadata', () => {
  it('serves every built-in in one internal group, in 1.0 shape with the documented sample', () => {
    const [internal, ...rest] = functionMetadata(undefined)
    assert.equal(rest.length, 0)
    assert.equal(internal!.name, 'internal')
    assert.equal(internal!.about.installed, true)
    assert.deepEqual(
      internal!.functions.map((f) => f.name),
      listFunctions().map((f) => f.name),
    )
    const substring = internal!.functions.find((f) => f.name === 'substring')
    assert.deepEqual(substring, {
      name: 'substring',
      example: 'substring(arg1, arg2, [arg3])',
      hint: listFunctions().find((f) => f.name === 'substring')!.doc.description,
      aggregate: false,
      args: [
        { name: 's', optional: false, control: 'field', type: 'string', hint: same('string'), label: same('s') },
        { name: 'start', optional: false, control: 'field', type: 'int', hint: same('int'), label: same('start') },
        { name: 'end', optional: true, control: 'field', type: 'int', hint: same('int'), label: same('end') },
      ],
      return: { type: 'string' },
      node: { category: 'function', icon: 'iconPath', label: same('substring') },
      sample: { sql: 'substring("kuiper", 1, 3)', result: '"ui"' },
    })
    assert.equal(internal!.functions.find((f) => f.name === 'avg')!.aggregate, true)
    assert.match(internal!.functions.find((f) => f.name === 'abs')!.hint.zh, /绝对值/)
  })

  it('writes the placeholder call of 1.0 from the allowed argument counts', () => {
    assert.equal(placeholderCall('abs', [1, 1]), 'abs(arg1)')
    assert.equal(placeholderCall('concat', [1, Infinity]), 'concat(arg1, [arg2])')
    assert.equal(placeholderCall('rand', [0, 0]), 'rand()')
  })

  it('adds a group per installed function plugin with what its manifest declares', async () => {
    const functions = new PluginFunctionCatalog(builtinFunctions)
    const plugins = new PluginManager({
      dataDir: join(tmp, 'data'),
      connectors: new ConnectorRegistry(),
      functions,
      logger: silentLogger,
    })
    const zip = await zipFolder(join(EXAMPLES_DIR, 'functions', 'echo'), join(tmp, 'echo.zip'))
    await plugins.install('functions', { name: 'echo', file: pathToFileURL(zip).href })
    const groups = functionMetadata(plugins)
    assert.deepEqual(
      groups.map((g) => g.name),
      ['internal', 'echo'],
    )
    const echo = groups[1]!
    assert.equal(echo.about.description.en, "1.0's sample function echo: returns its argument")
    assert.deepEqual(echo.functions, [
      {
        name: 'echo',
        // the example and hint the manifest declares (without them: echo(arg1) and its description)
        example: 'echo(col)',
        hint: { en: 'Returns its argument', zh: '返回其参数' },
        aggregate: false,
        node: { category: 'function', icon: 'iconPath', label: same('echo') },
      },
    ])
  })
})

function same(text: string): { en: string; zh: string } {
  return { en: text, zh: text }
}
