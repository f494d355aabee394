import assert from 'node:assert/strict'
import { generateKeyPairSync, sign } from 'node:crypto'
import type { KeyObject } from 'node:crypto'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, it } from 'node:test'
import { KuiperError } from '../../../src/core/errors.js'
import { JwtAuthenticator } from '../../../src/server/auth-jwt.js'

const b64 = (v: unknown): string => Buffer.from(JSON.stringify(v)).toString('base64url')
function token(key: KeyObject, claims: Record<string, unknown>, alg = 'RS256'): string {
  const input = `${b64({ alg, typ: 'JWT' })}.${b64(claims)}`
  return `${input}.${sign(alg === 'ES256' ? 'SHA256' : 'RSA-SHA256', Buffer.from(input), key).toString('base64url')}`
}
function refused(auth: JwtAuthenticator, header: string | undefined): string {
  try {
    auth.verify(header)
  } catch (err) {
    assert.ok(err instanceof KuiperError)
    assert.equal(err.code, 'UNAUTHORIZED')
    return err.message
  }
  assert.fail('the token was accepted')
}

describe('JwtAuthenticator', () => {
  const dir = mkdtempSync(join(tmpdir(), 'kuiper-mgmt-'))
  const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 })
  const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' })
  writeFileSync(join(dir, 'rsa.pub'), rsa.publicKey.export({ type: 'pkcs1', format: 'pem' }))
  writeFileSync(join(dir, 'ec.pub'), ec.publicKey.export({ type: 'spki', format: 'pem' }))
  writeFileSync(join(dir, 'junk.pub'), 'not a key')
  let nowMs = 1_000_000_000_000
  const auth = new JwtAuthenticator(dir, () => nowMs)

  it('checks exp with no leeway: valid up to the second before, refused at it', () => {
    const t = token(rsa.privateKey, { iss: 'rsa.pub', aud: 'eKuiper', exp: nowMs / 1000 + 1 })
    assert.equal(auth.verify(t).iss, 'rsa.pub')
    nowMs += 1000
    assert.match(refused(auth, t), /expired/)
    nowMs -= 1000
    assert.match(refused(auth, token(rsa.privateKey, { iss: 'rsa.pub', aud: 'eKuiper', exp: '9999999999' })), /exp/)
  })

  it('reads PKCS#1 keys and refuses keys that are not RSA or not keys', () => {
    assert.equal(auth.verify(`bearer ${token(rsa.privateKey, { iss: 'rsa.pub', aud: ['eKuiper'] })}`).iss, 'rsa.pub')
    assert.match(refused(auth, token(ec.privateKey, { iss: 'ec.pub', aud: 'eKuiper' }, 'ES256')), /RS256/)
    assert.match(refused(auth, token(rsa.privateKey, { iss: 'ec.pub', aud: 'eKuiper' })), /not RSA/)
    assert.match(refused(auth, token(rsa.privateKey, { iss: 'junk.pub', aud: 'eKuiper' })), /cannot be used/)
  })

  it('refuses malformed tokens with a message, never a crash', () => {
    for (const bad of [
      undefined,
      '',
      'Bearer ',
      'a.b',
      'a.b.c',
      `${b64([1])}.${b64({})}.x`,
      `${b64({ alg: 'RS256' })}.${b64(null)}.x`,
    ]) {
      assert.equal(typeof refused(auth, bad), 'string')
    }
    const missingDir = new JwtAuthenticator(join(dir, 'nope'))
    assert.match(refused(missingDir, token(rsa.privateKey, { iss: 'rsa.pub', aud: 'eKuiper' })), /cannot read/)
  })
})
