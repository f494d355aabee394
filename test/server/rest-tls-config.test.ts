// basic.restTls naming files that are missing, unreadable or not a certificate and key is a configuration error:
// kuiperd exits 2 (as docs/rest-api.md says of every configuration error) with a message naming the key and file.

import assert from 'node:assert/strict'
import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, it } from 'node:test'
import { ROOT, TEST_CONFIG, runKuiperdToExit, tempBase } from './kuiperd-process.js'

const CERT = join(ROOT, 'test', 'fixtures', 'tls', 'localhost-cert.pem')
const KEY = join(ROOT, 'test', 'fixtures', 'tls', 'localhost-key.pem')

function withTls(certfile: string, keyfile: string): string {
  return TEST_CONFIG.replace('basic:\n', `basic:\n  restTls:\n    certfile: ${certfile}\n    keyfile: ${keyfile}\n`)
}

describe('kuiperd with a bad basic.restTls', () => {
  it('exits 2 naming certfile and the file when the certificate is missing', async () => {
    const base = tempBase()
    const missing = join(base, 'nothing.crt')
    const r = await runKuiperdToExit({ base, config: withTls(missing, KEY) })
    assert.equal(r.code, 2, r.stderr)
    assert.ok(r.stderr.includes(`basic.restTls.certfile: cannot read ${missing}: no such file`), r.stderr)
  })

  it('exits 2 naming keyfile and the file when the key is missing', async () => {
    const base = tempBase()
    const missing = join(base, 'nothing.key')
    const r = await runKuiperdToExit({ base, config: withTls(CERT, missing) })
    assert.equal(r.code, 2, r.stderr)
    assert.ok(r.stderr.includes(`basic.restTls.keyfile: cannot read ${missing}: no such file`), r.stderr)
  })

  it('exits 2 when a file cannot be read (a folder)', async () => {
    const base = tempBase()
    const folder = join(base, 'certs')
    mkdirSync(folder)
    const r = await runKuiperdToExit({ base, config: withTls(folder, KEY) })
    assert.equal(r.code, 2, r.stderr)
    assert.match(r.stderr, new RegExp(`basic\\.restTls\\.certfile: cannot read ${folder}: .*EISDIR`))
  })

  it('exits 2 when the files are not a PEM certificate and key', async () => {
    const base = tempBase()
    const junk = join(base, 'junk.pem')
    writeFileSync(junk, 'not a certificate\n')
    const r = await runKuiperdToExit({ base, config: withTls(junk, KEY) })
    assert.equal(r.code, 2, r.stderr)
    assert.ok(
      r.stderr.includes(`basic.restTls: ${junk} and ${KEY} are not a matching PEM certificate and key`),
      r.stderr,
    )
  })
})
