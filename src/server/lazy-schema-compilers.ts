// fastify's schema compilers (@fastify/ajv-compiler with ajv and ajv-formats, @fastify/fast-json-stringify-compiler
// with fast-json-stringify: ~250 modules, ~3 MB of an idle kuiperd's memory) loaded on first use instead of when the
// server is made. fastify requires both as soon as a server is created, though they only ever compile a route's
// JSON schema; kuiperd's routes declare none (bodies are read as text and checked by the routes), so they are
// normally never loaded. A route given a schema later still gets fastify's own compilers, with fastify's defaults:
// the factories below are those fastify would have made, only required when first called.

import { createRequire } from 'node:module'
import type { FastifyServerOptions } from 'fastify'

type CompilersFactory = NonNullable<NonNullable<FastifyServerOptions['schemaController']>['compilersFactory']>
type ValidatorFactory = NonNullable<CompilersFactory['buildValidator']>
type SerializerFactory = NonNullable<CompilersFactory['buildSerializer']>

/** Requires a package as fastify itself would (from fastify's folder: the compilers are fastify's dependencies). */
function requireFromFastify(pkg: string): unknown {
  const fromHere = createRequire(import.meta.url)
  return createRequire(fromHere.resolve('fastify'))(pkg)
}

/** A factory that requires fastify's own factory (`selector()`, as fastify calls it) on its first call. */
function lazyFactory<F extends (...args: never[]) => unknown>(pkg: string): F {
  let factory: F | undefined
  const call = (...args: Parameters<F>): ReturnType<F> => {
    factory ??= (requireFromFastify(pkg) as () => F)()
    return factory(...args) as ReturnType<F>
  }
  return call as unknown as F
}

/**
 * fastify's `schemaController` option with its default compilers, loaded when a route schema is first compiled.
 * A new object per server, as each fastify server makes its own compilers.
 */
export function lazySchemaController(): NonNullable<FastifyServerOptions['schemaController']> {
  return {
    compilersFactory: {
      buildValidator: lazyFactory<ValidatorFactory>('@fastify/ajv-compiler'),
      buildSerializer: lazyFactory<SerializerFactory>('@fastify/fast-json-stringify-compiler'),
    },
  }
}
