import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { KuiperError } from '../../../src/core/errors.js'
import { OriginPolicy, normalizeOrigin } from '../../../src/server/origin-policy.js'

const refusal = (fn: () => unknown): string => {
  try {
    fn()
  } catch (err) {
    assert.ok(err instanceof KuiperError)
    return err.code
  }
  return 'served'
}

describe('OriginPolicy', () => {
  it('compares origins as browsers send them: scheme and host in lower case, default port and slash dropped', () => {
    assert.equal(normalizeOrigin('HTTP://UI.Example:80/'), 'http://ui.example')
    assert.equal(normalizeOrigin('https://ui.example:8443'), 'https://ui.example:8443')
    const p = new OriginPolicy(['HTTPS://UI.example:443/', ''])
    assert.equal(p.check({ method: 'GET', headers: { origin: 'https://ui.example' } }), 'https://ui.example')
    assert.equal(
      refusal(() => p.check({ method: 'GET', headers: { origin: 'http://ui.example' } })),
      'FORBIDDEN',
    )
    assert.equal(
      refusal(() => p.check({ method: 'GET', headers: { origin: 'https://ui.example:8443' } })),
      'FORBIDDEN',
    )
  })

  it('leaves requests without Origin or Sec-Fetch-Site alone, whatever their body type', () => {
    const p = new OriginPolicy([])
    const req = { method: 'POST', headers: { 'content-type': 'text/plain', 'content-length': '10' } }
    assert.equal(p.check(req), undefined)
  })

  it('checks the body type of a browser mutation only when it has a body', () => {
    const p = new OriginPolicy(['*'])
    const origin = 'http://any.example'
    assert.equal(p.check({ method: 'DELETE', headers: { origin } }), origin)
    assert.equal(p.check({ method: 'DELETE', headers: { origin, 'content-length': '0' } }), origin)
    assert.equal(
      refusal(() => p.check({ method: 'DELETE', headers: { origin, 'content-length': '5' } })),
      'UNSUPPORTED_MEDIA_TYPE',
    )
    assert.equal(
      refusal(() => p.check({ method: 'POST', headers: { origin, 'transfer-encoding': 'chunked' } })),
      'UNSUPPORTED_MEDIA_TYPE',
    )
    assert.equal(
      p.check({ method: 'POST', headers: { origin, 'content-type': 'Application/JSON; charset=utf-8' } }),
      origin,
    )
    assert.equal(p.check({ method: 'GET', headers: { origin, 'content-type': 'text/plain' } }), origin)
  })

  it("trusts the console's same-origin requests only to an IP address or localhost, and only with the console on", () => {
    const json = { 'content-type': 'application/json' }
    const on = new OriginPolicy([], { trustSameOrigin: true })
    const same = (host: string, origin: string) => ({ method: 'POST', headers: { host, origin, ...json } })
    assert.equal(on.check(same('127.0.0.1:9081', 'http://127.0.0.1:9081')), 'http://127.0.0.1:9081')
    assert.equal(on.check(same('[::1]:9081', 'http://[::1]:9081')), 'http://[::1]:9081')
    assert.equal(on.check(same('localhost:9081', 'http://localhost:9081')), 'http://localhost:9081')
    // A DNS-rebinding page has the host's name in both headers: a name is not trusted by that alone.
    assert.equal(
      refusal(() => on.check(same('evil.example:9081', 'http://evil.example:9081'))),
      'FORBIDDEN',
    )
    // Another port is another origin.
    assert.equal(
      refusal(() => on.check(same('127.0.0.1:9081', 'http://127.0.0.1:3000'))),
      'FORBIDDEN',
    )
    const off = new OriginPolicy([])
    assert.equal(
      refusal(() => off.check(same('127.0.0.1:9081', 'http://127.0.0.1:9081'))),
      'FORBIDDEN',
    )
  })
})
