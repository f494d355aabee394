// Other functions: isNull, newuuid (v1), tstamp (epoch ms of the injected clock); meta() and mqtt() are
// `meta` records the parser validates and the evaluator runs itself.

import { createRequire } from 'node:module'
import { ValidationError } from '../core/errors.js'
import { isNil } from '../core/value.js'
import type { Expr } from '../sql/ast/expr.js'
import { defineScalar, type Documented, type MetaFunction } from './define-function.js'
import { doc, sig } from './doc.js'
import { argTypeError, checkLen, isBoolLit, isNumericLit, isStringLit, isTimeLit } from './args.js'

let makeUuidV1: (() => string) | undefined

/**
 * A version 1 UUID from the uuid package, loaded on the first newuuid() call rather than with every kuiperd (its 20
 * modules are idle memory otherwise). uuid is ESM only; Node >= 20.19 require()s ES modules synchronously.
 */
function uuidV1(): string {
  makeUuidV1 ??= (createRequire(import.meta.url)('uuid') as { v1: () => string }).v1
  return makeUuidV1()
}

const isLiteral = (e: Expr | undefined): boolean => isNumericLit(e) || isStringLit(e) || isBoolLit(e) || isTimeLit(e)

/** A metadata key: `key`, `stream.key`, `*`, or a `->` path starting at one (`meta(temperature->device)`). */
function isMetaReference(e: Expr | undefined): boolean {
  for (let x = e; x !== undefined;) {
    if (x.kind === 'MetaRef' || x.kind === 'FieldRef') return true
    if (x.kind !== 'BinaryExpr') return false
    if (x.op === '->' && (x.left.kind === 'MetaRef' || x.left.kind === 'FieldRef')) return true
    x = x.left
  }
  return false
}

const metaFunctions: readonly Documented<MetaFunction>[] = [
  {
    kind: 'meta',
    name: 'meta',
    arity: [1, 1],
    doc: {
      signature: sig('any', ['name', 'key']),
      description: {
        en:
          'A metadata value of the source of the row: meta(key), meta(stream.key) in a join, meta(key->sub) ' +
          'into a map, meta(*) for all of them. An MQTT or memory source gives topic (and MQTT messageid), ' +
          'EdgeX its event fields.',
        zh:
          '行的来源的元数据：meta(key)，连接时用 meta(stream.key)，meta(key->sub) 取 map 中的值，meta(*) 取全部。' +
          'MQTT 或 memory 源提供 topic（MQTT 还有 messageid），EdgeX 提供事件的各字段。',
      },
      example: { sql: 'meta(topic)', result: '"demo"' },
    },
    validate: (args) => {
      checkLen('meta', 1, args)
      if (!isMetaReference(args[0])) throw argTypeError('meta', 0, 'meta reference')
    },
  },
  {
    kind: 'meta',
    name: 'mqtt',
    arity: [1, 1],
    doc: {
      signature: sig('any', ['name', 'key']),
      description: {
        en: 'The topic or the message id of the MQTT message of the row: mqtt(topic) or mqtt(messageid).',
        zh: '行所来自的 MQTT 消息的主题或消息 ID：mqtt(topic) 或 mqtt(messageid)。',
      },
      example: { sql: 'mqtt(topic)', result: '"demo"' },
    },
    validate: (args) => {
      checkLen('mqtt', 1, args)
      const a = args[0]
      if (isLiteral(a)) throw argTypeError('mqtt', 0, 'meta reference')
      if (a?.kind === 'MetaRef' || a?.kind === 'FieldRef') {
        const name = a.name.toLowerCase()
        if (name !== 'topic' && name !== 'messageid') {
          throw new ValidationError('Parameter of mqtt function can be only topic or messageid.')
        }
      }
    },
  },
]

export const otherFunctions: readonly Documented[] = [
  defineScalar({
    name: 'isnull',
    arity: [1, 1],
    doc: {
      signature: sig('boolean', ['x', 'any']),
      description: {
        en: 'Whether x is null (a field the row does not have is null).',
        zh: 'x 是否为 null（行中没有的字段为 null）。',
      },
      example: { sql: 'isNull(temp)', rows: [{ humidity: 80 }], result: 'true' },
    },
    validate: (args) => checkLen('isnull', 1, args),
    exec: ([v]) => isNil(v),
  }),
  defineScalar({
    name: 'newuuid',
    arity: [0, 0],
    doc: {
      signature: sig('string'),
      description: {
        en: 'A new time-based (version 1) UUID on each call.',
        zh: '每次调用生成一个新的基于时间的 UUID（版本 1）。',
      },
      example: {
        sql: 'newuuid()',
        result: '"a1e1c0de-db2f-11e9-8a34-2a2ae2dbcce4"',
        varies: /^"[0-9a-f]{8}-[0-9a-f]{4}-1[0-9a-f]{3}-[0-9a-f]{4}-[0-9a-f]{12}"$/,
      },
    },
    validate: (args) => checkLen('newuuid', 0, args),
    exec: () => uuidV1(),
  }),
  defineScalar({
    name: 'tstamp',
    arity: [0, Infinity], // 1.0 did not check the arguments of tstamp
    doc: doc(
      'int',
      [],
      'The current time in milliseconds since 1970-01-01 UTC.',
      '当前时间，为自 1970-01-01 UTC 起的毫秒数。',
      'tstamp()',
      '1568894400000',
    ),
    exec: (_args, ctx) => BigInt(Math.trunc(ctx.clock.now())),
  }),
  ...metaFunctions,
]
