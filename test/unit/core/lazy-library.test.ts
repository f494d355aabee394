import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { KuiperError } from '../../../src/core/errors.js'
import { lazyLibrary } from '../../../src/core/lazy-library.js'

describe('lazyLibrary', () => {
  it('imports on the first call only, and every caller shares that import', async () => {
    let imports = 0
    const load = lazyLibrary('left-pad', 'the pad connector', async () => {
      imports++
      return { pad: (s: string) => ` ${s}` }
    })
    assert.equal(imports, 0, 'nothing is imported before the first use')
    const [a, b] = await Promise.all([load(), load()])
    const c = await load()
    assert.equal(imports, 1)
    assert.equal(a, b)
    assert.equal(a, c)
    assert.equal(a.pad('x'), ' x')
  })

  it('fails what uses a package that is not installed with a message naming it, and tries again on the next use', async () => {
    const missing = `kuiper-test-package-${process.pid}-not-installed`
    let imports = 0
    const load = lazyLibrary(missing, 'the test connector', async () => {
      imports++
      return (await import(missing)) as unknown
    })
    for (let i = 1; i <= 2; i++) {
      await assert.rejects(load(), (err: unknown) => {
        assert.ok(err instanceof KuiperError)
        assert.equal(err.code, 'CONNECTOR_ERROR')
        assert.match(
          err.message,
          new RegExp(
            `^the test connector needs the npm package ${missing}, which could not be loaded \\(.*${missing}.*\\); install it with npm install ${missing}$`,
          ),
        )
        return true
      })
      assert.equal(imports, i)
    }
  })
})
