// The Node lines package.json's `engines` names are ones every installed dependency accepts (so `npm install` gives
// no engine warning).

import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, it } from 'node:test'
import semver from 'semver'
import { repoRoot } from '../../scripts/conformance/paths.js'

interface LockPackage {
  readonly version?: string
  readonly engines?: { readonly node?: string } | readonly string[]
}

const pkg = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as { engines: { node: string } }
const lock = JSON.parse(readFileSync(join(repoRoot, 'package-lock.json'), 'utf8')) as {
  packages: Record<string, LockPackage>
}

describe('Node engines', () => {
  it('names only the maintained lines that are tested: 20, 24 and 26', () => {
    assert.equal(pkg.engines.node, '^20.19.0 || ^24.0.0 || ^26.0.0')
    assert.ok(semver.satisfies(process.version, pkg.engines.node), `this Node ${process.version} is not in engines`)
  })

  it('is accepted by the engines field of every locked package', () => {
    const refusing = Object.entries(lock.packages)
      .filter(([path]) => path !== '')
      .flatMap(([path, p]) => {
        const wanted = p.engines && !Array.isArray(p.engines) ? (p.engines as { node?: string }).node : undefined
        return wanted && !semver.subset(pkg.engines.node, wanted) ? [`${path}@${p.version}: node ${wanted}`] : []
      })
    assert.deepEqual(refusing, [])
  })
})
