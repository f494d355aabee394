// JWT authentication of the management API as later eKuiper (issue 10): basic.authentication on, RS256 tokens
// signed by keys made here, their public halves in etc/mgmt named by `iss`, `aud` eKuiper, against a real kuiperd;
// and the `kuiper` CLI sending its token.

import assert from 'node:assert/strict'
import { spawn } from 'node:child_process'
import { generateKeyPairSync, sign } from 'node:crypto'
import type { KeyObject } from 'node:crypto'
import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { after, before, describe, it } from 'node:test'
import { kuiper } from '../cli/harness.js'
import { ROOT, TEST_CONFIG, http, startKuiperd, tempBase } from './kuiperd-process.js'
import type { HttpResult, Kuiperd } from './kuiperd-process.js'

const ISSUER = 'ops_key.pub'

function rsaKeys(): { privateKey: KeyObject; publicPem: string } {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 })
  return { privateKey, publicPem: publicKey.export({ type: 'spki', format: 'pem' }).toString() }
}

const b64 = (v: unknown): string => Buffer.from(JSON.stringify(v)).toString('base64url')

/** A JWS compact token: RS256 over `header.payload` unless the header says otherwise. */
function token(key: KeyObject, claims: Record<string, unknown>, header: Record<string, unknown> = {}): string {
  const input = `${b64({ typ: 'JWT', alg: 'RS256', ...header })}.${b64(claims)}`
  return `${input}.${sign('RSA-SHA256', Buffer.from(input), key).toString('base64url')}`
}

const inMinutes = (m: number): number => Math.floor(Date.now() / 1000) + m * 60

function assertUnauthorized(r: HttpResult, msg?: RegExp): void {
  assert.equal(r.status, 401, r.text)
  assert.match(r.type, /application\/json/)
  const body = r.json() as { error: string; message: string }
  assert.equal(body.error, 'UNAUTHORIZED')
  if (msg !== undefined) assert.match(body.message, msg)
}

describe('REST authentication (basic.authentication: true)', () => {
  let k: Kuiperd
  const issuer = rsaKeys()
  const stranger = rsaKeys()
  let good: string

  before(async () => {
    const base = tempBase()
    mkdirSync(join(base, 'etc', 'mgmt'), { recursive: true })
    writeFileSync(join(base, 'etc', 'mgmt', ISSUER), issuer.publicPem)
    k = await startKuiperd({ base, config: TEST_CONFIG.replace('basic:\n', 'basic:\n  authentication: true\n') })
    good = token(issuer.privateKey, { iss: ISSUER, aud: 'eKuiper', exp: inMinutes(10) })
  })
  after(async () => {
    await k?.stop()
  })

  const get = (headers: Record<string, string> = {}) => http(k.url, 'GET', '/streams', undefined, headers)

  it('answers a request without a token with 401 and the error body', async () => {
    assertUnauthorized(await get(), /Missing token/)
    const raw = await fetch(`${k.url}/rules`)
    assert.equal(raw.status, 401)
    assert.match(raw.headers.get('www-authenticate') ?? '', /^Bearer /)
    assertUnauthorized(await http(k.url, 'POST', '/streams', { sql: 'SHOW STREAMS' }))
    assertUnauthorized(await http(k.url, 'GET', '/metadata/sources/mqtt/confKeys'))
  })

  it('serves a good token, bare (as eKuiper documents) or after Bearer', async () => {
    const bare = await get({ authorization: good })
    assert.equal(bare.status, 200, bare.text)
    assert.deepEqual(bare.json(), [])
    assert.equal((await get({ authorization: `Bearer ${good}` })).status, 200)
    // The issuer's file name is matched without regard to case, as eKuiper.
    const upper = token(issuer.privateKey, { iss: ISSUER.toUpperCase(), aud: ['other', 'eKuiper'] })
    assert.equal((await get({ authorization: upper })).status, 200)
  })

  it('leaves the health checks / and /ping open, as eKuiper', async () => {
    assert.equal((await http(k.url, 'GET', '/ping')).status, 200)
    assert.equal((await http(k.url, 'GET', '/')).status, 200)
  })

  it('refuses a bad signature', async () => {
    const forged = token(stranger.privateKey, { iss: ISSUER, aud: 'eKuiper', exp: inMinutes(10) })
    assertUnauthorized(await get({ authorization: forged }), /signature/)
    // The payload of a good token changed (a later exp), its signature kept.
    const [h, , s] = good.split('.')
    const tampered = `${h}.${b64({ iss: ISSUER, aud: 'eKuiper', exp: inMinutes(60 * 24 * 365) })}.${s}`
    assertUnauthorized(await get({ authorization: tampered }), /signature/)
  })

  it('refuses a wrong audience or an unknown issuer', async () => {
    assertUnauthorized(
      await get({ authorization: token(issuer.privateKey, { iss: ISSUER, aud: 'someone' }) }),
      /audience field should contain eKuiper/,
    )
    assertUnauthorized(await get({ authorization: token(issuer.privateKey, { iss: ISSUER }) }), /audience/)
    assertUnauthorized(
      await get({ authorization: token(issuer.privateKey, { iss: 'other.pub', aud: 'eKuiper' }) }),
      /no public key other\.pub/,
    )
    assertUnauthorized(await get({ authorization: token(issuer.privateKey, { aud: 'eKuiper' }) }), /issuer/)
    assertUnauthorized(
      await get({ authorization: token(issuer.privateKey, { iss: '../mgmt/ops_key.pub', aud: 'eKuiper' }) }),
      /no public key/,
    )
  })

  it('refuses an expired token and one not valid yet', async () => {
    const expired = token(issuer.privateKey, { iss: ISSUER, aud: 'eKuiper', exp: inMinutes(-1) })
    assertUnauthorized(await get({ authorization: expired }), /expired/)
    const early = token(issuer.privateKey, { iss: ISSUER, aud: 'eKuiper', nbf: inMinutes(5) })
    assertUnauthorized(await get({ authorization: early }), /not valid yet/)
  })

  it('refuses other algorithms: none, and HS256 keyed with the public key', async () => {
    const claims = { iss: ISSUER, aud: 'eKuiper' }
    const none = `${b64({ alg: 'none' })}.${b64(claims)}.`
    assertUnauthorized(await get({ authorization: none }), /RS256/)
    const hs = token(issuer.privateKey, claims, { alg: 'HS256' })
    assertUnauthorized(await get({ authorization: hs }), /RS256/)
    assertUnauthorized(await get({ authorization: 'not.a-token' }), /three/)
  })

  it('lets the kuiper CLI through with a token from client.yaml, CLIENT__BASIC__TOKEN or --token', async () => {
    const port = new URL(k.url).port
    const clientBase = tempBase()
    mkdirSync(join(clientBase, 'etc'), { recursive: true })
    writeFileSync(
      join(clientBase, 'etc', 'client.yaml'),
      `basic:\n  host: 127.0.0.1\n  port: ${port}\n  token: ${good}\n`,
    )
    const fromFile = await kuiper(['create', 'stream', 'authed', '(x bigint) WITH (DATASOURCE="a", TYPE="memory")'], {
      env: { KuiperBaseKey: clientBase },
      cwd: clientBase,
    })
    assert.equal(fromFile.code, 0, fromFile.stderr)
    assert.match(fromFile.stdout, /Stream authed is created/)

    const fromEnv = await kuiper(['show', 'streams', '--port', port], { env: { CLIENT__BASIC__TOKEN: good } })
    assert.equal(fromEnv.code, 0, fromEnv.stderr)
    assert.match(fromEnv.stdout, /authed/)

    const fromFlag = await kuiper(['describe', 'stream', 'authed', '--port', port, '--token', good])
    assert.equal(fromFlag.code, 0, fromFlag.stderr)

    const without = await kuiper(['show', 'streams', '--port', port], { env: { CLIENT__BASIC__TOKEN: '' } })
    assert.equal(without.code, 1)
    assert.match(without.stdout + without.stderr, /Missing token/)
  })

  it('lets kuiper-kubernetes-tool through with the token of its cf.yaml, and logs the 401 without it', async () => {
    const port = new URL(k.url).port
    const run = async (name: string, tokenLine: string): Promise<string> => {
      const dir = tempBase()
      mkdirSync(join(dir, 'sample'), { recursive: true })
      const command = {
        commands: [
          {
            url: '/streams',
            method: 'post',
            description: name,
            data: { sql: `CREATE STREAM ${name} () WITH (DATASOURCE="a", TYPE="memory")` },
          },
        ],
      }
      writeFileSync(join(dir, 'sample', 'a.json'), JSON.stringify(command))
      writeFileSync(
        join(dir, 'cf.yaml'),
        `port: ${port}\ntimeout: 5000\nintervalTime: 0.05\nfileLog: false\ncommandDir: ./sample/\n${tokenLine}`,
      )
      const tool = spawn(process.execPath, [join(ROOT, 'bin', 'kuiper-kubernetes-tool'), 'cf.yaml'], { cwd: dir })
      let out = ''
      tool.stdout.on('data', (d: Buffer) => (out += d.toString()))
      tool.stderr.on('data', (d: Buffer) => (out += d.toString()))
      try {
        for (let waited = 0; !/Applied a\.json/.test(out); waited += 25) {
          if (waited > 20_000 || tool.exitCode !== null) throw new Error(`the tool did not apply a.json: ${out}`)
          await new Promise((resolve) => setTimeout(resolve, 25))
        }
        return out
      } finally {
        tool.kill('SIGKILL')
      }
    }
    const withToken = await run('by_tool', `token: ${good}\n`)
    assert.match(withToken, /resp:Stream by_tool is created/)
    assert.equal((await get({ authorization: good })).text.includes('by_tool'), true)
    const withoutToken = await run('by_tool_anon', '')
    assert.match(withoutToken, /Missing token/)
    assert.equal((await get({ authorization: good })).text.includes('by_tool_anon'), false)
  })
})

describe('REST authentication off (the default, as 1.0)', () => {
  it('serves requests without a token', async () => {
    const k = await startKuiperd()
    try {
      assert.equal((await http(k.url, 'GET', '/streams')).status, 200)
    } finally {
      await k.stop()
    }
  })
})
