// The safe production settings of docs/security.md together on a real kuiperd: loopback, TLS, authentication, no
// browser origin; the `kuiper` CLI works against it with --https and a token, and nothing else gets in.

import assert from 'node:assert/strict'
import { execFileSync } from 'node:child_process'
import { generateKeyPairSync, sign } from 'node:crypto'
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { request } from 'node:https'
import { join } from 'node:path'
import { after, before, describe, it } from 'node:test'
import { kuiper } from '../cli/harness.js'
import { startKuiperd, tempBase } from './kuiperd-process.js'
import type { Kuiperd } from './kuiperd-process.js'

const b64 = (v: unknown): string => Buffer.from(JSON.stringify(v)).toString('base64url')

/** One HTTPS request trusting `ca`: status and body. */
function httpsCall(
  url: string,
  ca: Buffer,
  headers: Record<string, string> = {},
): Promise<{ status: number; body: string }> {
  return new Promise((res, rej) => {
    const req = request(url, { ca, headers }, (r) => {
      let body = ''
      r.on('data', (d: Buffer) => (body += d.toString()))
      r.on('end', () => res({ status: r.statusCode ?? 0, body }))
    })
    req.on('error', rej)
    req.end()
  })
}

describe('the safe production settings together', () => {
  let k: Kuiperd
  let cert: string
  let token: string

  before(async () => {
    const base = tempBase()
    cert = join(base, 'server.crt')
    const key = join(base, 'server.key')
    execFileSync(
      'openssl',
      ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', key, '-out', cert, '-days', '1'].concat([
        '-subj',
        '/CN=127.0.0.1',
        '-addext',
        'subjectAltName=IP:127.0.0.1',
      ]),
      { stdio: 'ignore' },
    )
    const issuer = generateKeyPairSync('rsa', { modulusLength: 2048 })
    mkdirSync(join(base, 'etc', 'mgmt'), { recursive: true })
    writeFileSync(join(base, 'etc', 'mgmt', 'ops.pub'), issuer.publicKey.export({ type: 'spki', format: 'pem' }))
    const input = `${b64({ alg: 'RS256', typ: 'JWT' })}.${b64({ iss: 'ops.pub', aud: 'eKuiper', exp: Date.now() / 1000 + 600 })}`
    token = `${input}.${sign('RSA-SHA256', Buffer.from(input), issuer.privateKey).toString('base64url')}`
    const config = [
      'basic:',
      '  consoleLog: false',
      '  restIp: 127.0.0.1',
      '  restPort: 0',
      '  restTls:',
      `    certfile: ${cert}`,
      `    keyfile: ${key}`,
      '  authentication: true',
      '  restAllowedOrigins: []',
      '',
    ].join('\n')
    k = await startKuiperd({ base, config })
  })
  after(async () => {
    await k?.stop()
  })

  it('serves HTTPS on loopback only to a caller with a token, and no web page', async () => {
    assert.match(k.url, /^https:\/\/127\.0\.0\.1:/)
    const ca = readFileSync(cert)
    assert.equal((await httpsCall(`${k.url}/rules`, ca)).status, 401)
    assert.equal((await httpsCall(`${k.url}/rules`, ca, { authorization: token })).status, 200)
    const page = await httpsCall(`${k.url}/rules`, ca, { authorization: token, origin: 'https://evil.example' })
    assert.equal(page.status, 403)
  })

  it('lets the kuiper CLI in with --https (the CA from NODE_EXTRA_CA_CERTS) and a token', async () => {
    const port = new URL(k.url).port
    const env = { NODE_EXTRA_CA_CERTS: cert, CLIENT__BASIC__TOKEN: token }
    const created = await kuiper(
      ['--https', '--port', port, 'create', 'stream', 'safe', '(x bigint) WITH (DATASOURCE="s", TYPE="memory")'],
      { env },
    )
    assert.equal(created.code, 0, created.stderr)
    assert.match(created.stdout, /Stream safe is created/)
    const shown = await kuiper(['show', 'streams', '--port', port], { env: { ...env, CLIENT__BASIC__HTTPS: 'true' } })
    assert.equal(shown.code, 0, shown.stderr)
    assert.match(shown.stdout, /safe/)
    // Plain HTTP to the TLS port does not get an answer the CLI mistakes for success.
    const plain = await kuiper(['show', 'streams', '--port', port], { env })
    assert.notEqual(plain.code, 0)
  })
})
