// A plugin's manifest.json checked by its valibot schema (src/plugins/manifest-schema.ts): defaults filled in, and a
// malformed manifest refused with a 400 naming the key, what was expected and what was found.

import assert from 'node:assert/strict'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, it } from 'node:test'
import { readManifest } from '../../src/plugins/manifest.js'

const dir = mkdtempSync(join(tmpdir(), 'kuiper-manifest-'))

function withManifest(manifest: unknown): string {
  writeFileSync(join(dir, 'manifest.json'), JSON.stringify(manifest))
  return dir
}

const FUNCTION_PLUGIN = { name: 'twice', kind: 'function', version: '1.0.0', functions: [{ name: 'twice' }] }

describe('plugin manifest checks', () => {
  it('fills in the defaults', async () => {
    const m = await readManifest(withManifest(FUNCTION_PLUGIN), 'twice', 'functions')
    assert.equal(m.entry, 'index.js')
    assert.equal(m.isolation, 'none')
    assert.deepEqual(m.functions, [{ name: 'twice', kind: 'scalar' }])
  })

  it('refuses a malformed manifest, naming the key', async () => {
    const cases: [unknown, string][] = [
      [{ ...FUNCTION_PLUGIN, version: '../1' }, 'version: letters, digits and . _ + - (at most 64)'],
      [
        { ...FUNCTION_PLUGIN, kind: 'filter' },
        'kind: Invalid type: Expected ("source" | "sink" | "function") but received "filter"',
      ],
      [
        { ...FUNCTION_PLUGIN, functions: [{ name: 'twice', args: [1] }] },
        'functions.0.args.1: Invalid type: Expected number but received undefined',
      ],
      [
        { ...FUNCTION_PLUGIN, functions: [{ name: 'twice', args: [1, 1.5] }] },
        'functions.0.args.1: Invalid value: Expected an integer but received 1.5',
      ],
      [{ ...FUNCTION_PLUGIN, timeout: 5 }, 'timeout: Invalid value: Expected >=10 but received 5'],
      [{ ...FUNCTION_PLUGIN, extra: true }, 'extra: Invalid key: Expected never but received "extra"'],
    ]
    for (const [manifest, problem] of cases) {
      await assert.rejects(readManifest(withManifest(manifest), 'twice', 'functions'), {
        code: 'BAD_REQUEST',
        message: `invalid plugin manifest: ${problem}`,
      })
    }
  })
})
