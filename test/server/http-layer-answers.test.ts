// The answers of the HTTP layer itself, before any route: a malformed URL, a parameter too long, a request Node
// cannot parse, a request while the app closes. Their bodies are fastify's, byte for byte (kuiperd answered so on
// fastify), sent over a real loopback connection.

import assert from 'node:assert/strict'
import { connect } from 'node:net'
import { describe, it } from 'node:test'
import { HttpApp } from '../../src/server/http/http-app.js'

async function app(): Promise<HttpApp> {
  const a = await HttpApp.create({
    bodyLimit: 1024,
    requestTimeout: 5_000,
    keepAliveTimeout: 5_000,
    maxParamLength: 10,
    onError: (_err, _req, reply) => reply.code(500).send({ error: 'INTERNAL' }),
    onNotFound: (_req, reply) => reply.code(404).send({ error: 'NOT_FOUND' }),
  })
  a.get('/rules/:id', (req) => ({ id: req.params.id }))
  await a.listen(0, '127.0.0.1')
  return a
}

/** Sends `raw` on a new connection and resolves with everything the server wrote before closing it. */
function exchange(port: number, raw: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => socket.end(raw))
    let got = ''
    socket.setEncoding('utf8')
    socket.on('data', (d: string) => (got += d))
    socket.on('close', () => resolve(got))
    socket.on('error', reject)
    socket.setTimeout(5_000, () => socket.destroy(new Error('no answer')))
  })
}

const bodyOf = (answer: string): string => answer.slice(answer.indexOf('\r\n\r\n') + 4)

describe('answers of the HTTP layer', () => {
  it('refuses a malformed URL and a parameter too long with fastify bodies', async () => {
    const a = await app()
    try {
      const bad = await exchange(a.port, 'GET /rules/%zz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n')
      assert.match(bad, /^HTTP\/1\.1 400 /)
      assert.equal(
        bodyOf(bad),
        `{"error":"Bad Request","code":"FST_ERR_BAD_URL","message":"'/rules/%zz' is not a valid url component","statusCode":400}`,
      )
      const long = await exchange(
        a.port,
        'GET /rules/abcdefghijklmnop HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n',
      )
      assert.match(long, /^HTTP\/1\.1 414 /)
      assert.equal(
        bodyOf(long),
        `{"error":"Bad Request","code":"FST_ERR_MAX_PARAM_LENGTH","message":"'/rules/abcdefghijklmnop' is exceeding the max param length","statusCode":414}`,
      )
    } finally {
      await a.close()
    }
  })

  it('answers a request Node cannot parse and closes the connection', async () => {
    const a = await app()
    try {
      const answer = await exchange(a.port, 'NOT HTTP AT ALL\r\n\r\n')
      assert.match(answer, /^HTTP\/1\.1 400 Bad Request\r\n/)
      assert.equal(bodyOf(answer), '{"error":"Bad Request","message":"Client Error","statusCode":400}')
    } finally {
      await a.close()
    }
  })

  it('answers 503 to a request that comes while the app closes', async () => {
    const a = await app()
    // A connection opened before the close, kept alive, sends its request after it began.
    const socket = connect(a.port, '127.0.0.1')
    await new Promise((resolve) => socket.once('connect', resolve))
    let release: () => void = () => undefined
    a.beforeClose(() => new Promise<void>((resolve) => (release = resolve)))
    const closing = a.close()
    let got = ''
    socket.setEncoding('utf8')
    socket.on('data', (d: string) => (got += d))
    const ended = new Promise((resolve) => socket.once('close', resolve))
    socket.end('GET /rules/r1 HTTP/1.1\r\nHost: x\r\n\r\n')
    await ended
    release()
    await closing
    assert.match(got, /^HTTP\/1\.1 503 /)
    assert.equal(bodyOf(got), '{"error":"Service Unavailable","message":"Service Unavailable","statusCode":503}')
  })
})
