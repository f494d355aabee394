// The web console as kuiperd serves it (src/server/console.ts) against a real kuiperd: the built files with their
// content types and cache headers, the app's pages falling back to index.html, paths that leave the folder
// refused, the console's own same-origin requests accepted, and basic.console: false answering 404.

import assert from 'node:assert/strict'
import { request as nodeRequest } from 'node:http'
import { after, before, describe, it } from 'node:test'
import { TEST_CONFIG, http, startKuiperd } from './kuiperd-process.js'
import type { Kuiperd } from './kuiperd-process.js'

/** A GET with the path sent exactly as written (fetch would resolve `..` and `%2e%2e` before sending). */
function rawGet(base: string, path: string): Promise<{ status: number; text: string }> {
  const { hostname, port } = new URL(base)
  return new Promise((resolve, reject) => {
    const req = nodeRequest({ hostname, port, path, method: 'GET', timeout: 10_000 }, (res) => {
      const chunks: Buffer[] = []
      res.on('data', (c: Buffer) => chunks.push(c))
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }))
    })
    req.on('timeout', () => req.destroy(new Error(`no answer to GET ${path}`)))
    req.on('error', reject)
    req.end()
  })
}

describe('the web console served by kuiperd (basic.console on by default)', () => {
  let k: Kuiperd
  before(async () => {
    k = await startKuiperd()
  })
  after(async () => {
    await k?.stop()
  })

  it('serves index.html at /console/ and /console, revalidated on each load, naming hashed assets', async () => {
    for (const path of ['/console/', '/console']) {
      const r = await fetch(`${k.url}${path}`)
      assert.equal(r.status, 200, path)
      assert.match(r.headers.get('content-type') ?? '', /^text\/html; charset=utf-8/)
      assert.equal(r.headers.get('cache-control'), 'no-cache')
      assert.match(r.headers.get('content-security-policy') ?? '', /default-src 'self'/)
      const html = await r.text()
      assert.match(html, /<script type="module" src="\/console\/assets\/main-\w+\.js">/)
      // Nothing is fetched from elsewhere: the console works offline.
      assert.doesNotMatch(html, /https?:\/\//)
    }
  })

  it('serves the assets with their types, cached for good, and nothing from the internet', async () => {
    const html = await (await fetch(`${k.url}/console/`)).text()
    const script = /src="(\/console\/assets\/main-\w+\.js)"/.exec(html)![1]!
    const styles = /href="(\/console\/assets\/main-\w+\.css)"/.exec(html)![1]!
    const js = await fetch(`${k.url}${script}`)
    assert.equal(js.status, 200)
    assert.match(js.headers.get('content-type') ?? '', /^text\/javascript/)
    assert.equal(js.headers.get('cache-control'), 'public, max-age=31536000, immutable')
    const code = await js.text()
    assert.ok(code.length > 10_000, 'the bundle holds the app and its libraries')
    assert.doesNotMatch(code, /\bimport\s*\(?\s*["']https?:/, 'no module is imported from a URL')
    const css = await fetch(`${k.url}${styles}`)
    assert.match(css.headers.get('content-type') ?? '', /^text\/css/)
  })

  it("answers the app's pages with index.html and a missing file with 404", async () => {
    const page = await fetch(`${k.url}/console/rules/r1/edit`)
    assert.equal(page.status, 200)
    assert.match(await page.text(), /<div id="app">/)
    const missing = await http(k.url, 'GET', '/console/assets/main-nothere.js')
    assert.equal(missing.status, 404)
    assert.equal((missing.json() as { error: string }).error, 'NOT_FOUND')
  })

  it('refuses paths that leave the console folder', async () => {
    for (const path of [
      '/console/../package.json',
      '/console/%2e%2e/%2e%2e/package.json',
      '/console/..%2f..%2fpackage.json',
      '/console/assets/..%5c..%5cpackage.json',
      '/console/%00index.html',
    ]) {
      const r = await rawGet(k.url, path)
      assert.notEqual(r.status, 200, `${path}: ${r.text.slice(0, 80)}`)
      assert.doesNotMatch(r.text, /"name": "kuiper"/, path)
    }
  })

  it("accepts the console's same-origin requests (Origin is the host it calls, an IP address)", async () => {
    const r = await http(
      k.url,
      'POST',
      '/streams',
      { sql: 'CREATE STREAM same_origin () WITH (DATASOURCE="t")' },
      {
        origin: k.url,
      },
    )
    assert.equal(r.status, 201, r.text)
    // Another origin is still refused.
    const other = await http(k.url, 'GET', '/streams', undefined, { origin: 'http://127.0.0.1:1' })
    assert.equal(other.status, 403)
  })
})

describe('basic.console: false', () => {
  let k: Kuiperd
  before(async () => {
    k = await startKuiperd({ config: TEST_CONFIG.replace('basic:\n', 'basic:\n  console: false\n') })
  })
  after(async () => {
    await k?.stop()
  })

  it('answers /console/ with 404 and trusts no same-origin page', async () => {
    for (const path of ['/console/', '/console', '/console/streams']) {
      const r = await http(k.url, 'GET', path)
      assert.equal(r.status, 404, path)
    }
    const r = await http(k.url, 'GET', '/streams', undefined, { origin: k.url })
    assert.equal(r.status, 403)
  })
})
