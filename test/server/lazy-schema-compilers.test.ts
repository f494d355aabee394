// fastify's schema compilers are loaded on first use (src/server/lazy-schema-compilers.ts): a route that declares
// a JSON schema still gets fastify's validation and serialization, with fastify's own messages.

import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import Fastify from 'fastify'
import { lazySchemaController } from '../../src/server/lazy-schema-compilers.js'

describe('lazySchemaController', () => {
  it('validates a body and serializes a response as fastify does by default', async () => {
    const app = Fastify({ logger: false, schemaController: lazySchemaController() })
    app.post(
      '/n',
      {
        schema: {
          body: { type: 'object', required: ['n'], properties: { n: { type: 'integer' } } },
          response: { 200: { type: 'object', properties: { n: { type: 'integer' } } } },
        },
      },
      // `secret` is not in the response schema: fast-json-stringify leaves it out.
      async (req) => ({ n: (req.body as { n: number }).n + 1, secret: 'x' }),
    )
    try {
      const ok = await app.inject({ method: 'POST', url: '/n', payload: { n: 1 } })
      assert.equal(ok.statusCode, 200)
      assert.deepEqual(ok.json(), { n: 2 })
      const bad = await app.inject({ method: 'POST', url: '/n', payload: { n: 'one' } })
      assert.equal(bad.statusCode, 400)
      assert.equal((bad.json() as { message: string }).message, 'body/n must be integer')
    } finally {
      await app.close()
    }
  })
})
