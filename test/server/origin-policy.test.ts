// Browsers may call the management API only from the origins of basic.restAllowedOrigins (none by default), with
// JSON or form bodies; scripts and the CLI (no Origin header) are not affected: curl -d keeps working (issue 10).

import assert from 'node:assert/strict'
import { request as nodeRequest } from 'node:http'
import { after, before, describe, it } from 'node:test'
import { TEST_CONFIG, http, startKuiperd } from './kuiperd-process.js'
import type { HttpResult, Kuiperd } from './kuiperd-process.js'

/** A GET with exactly these headers (fetch will not send a Host of our choosing). */
function rawGet(
  base: string,
  path: string,
  headers: Record<string, string>,
): Promise<{ status: number; text: string }> {
  const { hostname, port } = new URL(base)
  return new Promise((resolve, reject) => {
    const req = nodeRequest({ hostname, port, path, headers, timeout: 10_000 }, (res) => {
      const chunks: Buffer[] = []
      res.on('data', (c: Buffer) => chunks.push(c))
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }))
    })
    req.on('timeout', () => req.destroy(new Error(`no answer to GET ${path}`)))
    req.on('error', reject)
    req.end()
  })
}

const UI = 'http://ui.example:8080'
const EVIL = 'http://evil.example'
const FORM = 'application/x-www-form-urlencoded'

const createSql = (name: string): string =>
  JSON.stringify({ sql: `CREATE STREAM ${name} (x BIGINT) WITH (DATASOURCE="${name}", TYPE="memory")` })

function assertError(r: HttpResult, status: number, code: string): void {
  assert.equal(r.status, status, r.text)
  assert.match(r.type, /application\/json/)
  const body = r.json() as { error: string; message: string }
  assert.equal(body.error, code)
  assert.equal(typeof body.message, 'string')
}

async function streamExists(k: Kuiperd, name: string): Promise<boolean> {
  return (await http(k.url, 'GET', `/streams/${name}`)).status === 200
}

function preflight(k: Kuiperd, origin: string): Promise<Response> {
  return fetch(`${k.url}/streams`, {
    method: 'OPTIONS',
    headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type' },
  })
}

describe('REST API with the default origin policy (no origin listed)', () => {
  let k: Kuiperd
  before(async () => {
    k = await startKuiperd()
  })
  after(async () => {
    await k?.stop()
  })

  it("keeps 1.0's curl -d habit: a form-typed JSON body without Origin creates a stream", async () => {
    assert.equal((await http(k.url, 'POST', '/streams', createSql('curl1'), { 'content-type': FORM })).status, 201)
    // A script's text/plain body too (no Origin: not a browser).
    assert.equal((await http(k.url, 'POST', '/streams', createSql('curl2'))).status, 201)
    assert.ok(await streamExists(k, 'curl1'))
  })

  it('refuses the cross-origin text/plain POST a web page can send, with 403 and the error body', async () => {
    const r = await http(k.url, 'POST', '/streams', createSql('evil1'), { origin: EVIL, 'content-type': 'text/plain' })
    assertError(r, 403, 'FORBIDDEN')
    assert.match((r.json() as { message: string }).message, /evil\.example/)
    assert.equal(await streamExists(k, 'evil1'), false)
  })

  it('refuses any Origin, even one naming kuiperd’s own host by name (a DNS-rebinding page has it)', async () => {
    // The page's name resolves to kuiperd: Origin and Host both carry it.
    const port = new URL(k.url).port
    const rebound = await rawGet(k.url, '/streams', {
      origin: `http://rebound.example:${port}`,
      host: `rebound.example:${port}`,
    })
    assert.equal(rebound.status, 403, rebound.text)
    assertError(await http(k.url, 'GET', '/rules', undefined, { origin: 'null' }), 403, 'FORBIDDEN')
    // The console's own page, at kuiperd's IP address, is served (basic.console is on by default; docs/console.md).
    assert.equal((await http(k.url, 'GET', '/streams', undefined, { origin: k.url })).status, 200)
  })

  it('refuses a cross-site browser request that carries no Origin', async () => {
    assertError(await http(k.url, 'GET', '/rules', undefined, { 'sec-fetch-site': 'cross-site' }), 403, 'FORBIDDEN')
    // Typed into the address bar: allowed.
    assert.equal((await http(k.url, 'GET', '/rules', undefined, { 'sec-fetch-site': 'none' })).status, 200)
  })

  it('answers a preflight from an unlisted origin with 403 and no CORS header', async () => {
    const r = await preflight(k, EVIL)
    assert.equal(r.status, 403)
    assert.equal(r.headers.get('access-control-allow-origin'), null)
    assert.equal(r.headers.get('access-control-allow-methods'), null)
    assert.equal(((await r.json()) as { error: string }).error, 'FORBIDDEN')
  })
})

describe('REST API with basic.restAllowedOrigins', () => {
  let k: Kuiperd
  before(async () => {
    const config = TEST_CONFIG.replace('basic:\n', `basic:\n  restAllowedOrigins: [${UI}/]\n`)
    k = await startKuiperd({ config })
  })
  after(async () => {
    await k?.stop()
  })

  it('answers a preflight from a listed origin with its CORS headers', async () => {
    const r = await preflight(k, UI)
    assert.equal(r.status, 204)
    assert.equal(r.headers.get('access-control-allow-origin'), UI)
    assert.match(r.headers.get('access-control-allow-methods') ?? '', /POST/)
    assert.match(r.headers.get('access-control-allow-headers') ?? '', /Content-Type/)
    assert.match(r.headers.get('access-control-allow-headers') ?? '', /Authorization/)
    assert.match(r.headers.get('vary') ?? '', /Origin/)
  })

  it('serves a listed origin a JSON or form body, echoing the origin', async () => {
    const json = await fetch(`${k.url}/streams`, {
      method: 'POST',
      headers: { origin: UI, 'content-type': 'application/json; charset=utf-8' },
      body: createSql('ui1'),
    })
    assert.equal(json.status, 201)
    assert.equal(json.headers.get('access-control-allow-origin'), UI)
    const form = await http(k.url, 'POST', '/streams', createSql('ui2'), { origin: UI, 'content-type': FORM })
    assert.equal(form.status, 201)
    const del = await http(k.url, 'DELETE', '/streams/ui2', undefined, { origin: UI })
    assert.equal(del.status, 200)
  })

  it('refuses a text/plain or multipart body from a browser, even from a listed origin, with 415', async () => {
    const text = await http(k.url, 'POST', '/streams', createSql('ui3'), { origin: UI, 'content-type': 'text/plain' })
    assertError(text, 415, 'UNSUPPORTED_MEDIA_TYPE')
    const multipart = await http(k.url, 'POST', '/streams', createSql('ui3'), {
      origin: UI,
      'content-type': 'multipart/form-data; boundary=x',
    })
    assertError(multipart, 415, 'UNSUPPORTED_MEDIA_TYPE')
    const site = await http(k.url, 'PUT', '/streams/ui1', createSql('ui1'), {
      'sec-fetch-site': 'same-origin',
      'content-type': 'text/plain',
    })
    assertError(site, 415, 'UNSUPPORTED_MEDIA_TYPE')
    assert.equal(await streamExists(k, 'ui3'), false)
  })

  it('still refuses an origin that is not listed', async () => {
    const r = await http(k.url, 'POST', '/streams', createSql('evil2'), {
      origin: EVIL,
      'content-type': 'application/json',
    })
    assertError(r, 403, 'FORBIDDEN')
    assert.equal(r.type.includes('json'), true)
    assert.equal(await streamExists(k, 'evil2'), false)
  })

  it('reads the list from KUIPER__BASIC__RESTALLOWEDORIGINS too', async () => {
    const other = await startKuiperd({ env: { KUIPER__BASIC__RESTALLOWEDORIGINS: `[http://a.example,${UI}]` } })
    try {
      assert.equal((await http(other.url, 'GET', '/streams', undefined, { origin: UI })).status, 200)
      assert.equal((await http(other.url, 'GET', '/streams', undefined, { origin: 'http://a.example' })).status, 200)
      assert.equal((await http(other.url, 'GET', '/streams', undefined, { origin: EVIL })).status, 403)
    } finally {
      await other.stop()
    }
  })
})
