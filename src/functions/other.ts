// Other functions: isNull, newuuid (v1), tstamp (epoch ms of the injected clock); meta() and mqtt() are
// `meta` records the parser validates and the evaluator runs itself.

import { v1 as uuidV1 } from 'uuid'
import { ValidationError } from '../core/errors.js'
import { isNil } from '../core/value.js'
import type { Expr } from '../sql/ast/expr.js'
import { defineScalar, type FunctionDef, type MetaFunction } from './define-function.js'
import { argTypeError, checkLen, isBoolLit, isNumericLit, isStringLit, isTimeLit } from './args.js'

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

const metaFunctions: readonly MetaFunction[] = [
  {
    kind: 'meta',
    name: 'meta',
    arity: [1, 1],
    description: 'Source metadata: meta(key), meta(stream.key), meta(key->sub), meta(*).',
    validate: (args) => {
      checkLen('meta', 1, args)
      if (!isMetaReference(args[0])) throw argTypeError('meta', 0, 'meta reference')
    },
  },
  {
    kind: 'meta',
    name: 'mqtt',
    arity: [1, 1],
    description: 'MQTT metadata: mqtt(topic) or mqtt(messageid).',
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

export const otherFunctions: readonly FunctionDef[] = [
  defineScalar({
    name: 'isnull',
    arity: [1, 1],
    description: 'Whether the value is null.',
    validate: (args) => checkLen('isnull', 1, args),
    exec: ([v]) => isNil(v),
  }),
  defineScalar({
    name: 'newuuid',
    arity: [0, 0],
    description: 'A new time-based (v1) UUID.',
    validate: (args) => checkLen('newuuid', 0, args),
    exec: () => uuidV1(),
  }),
  defineScalar({
    name: 'tstamp',
    arity: [0, Infinity], // 1.0 did not check the arguments of tstamp
    description: 'The current time in epoch milliseconds.',
    exec: (_args, ctx) => BigInt(Math.trunc(ctx.clock.now())),
  }),
  ...metaFunctions,
]
