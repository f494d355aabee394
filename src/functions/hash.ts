// Hash functions (1.0's hashCall): the lower-case hex digest of the argument printed with Go's %v.
// sha224 was validated but not implemented in 1.0; it is implemented here.

import { createHash } from 'node:crypto'
import { defineScalar, type ScalarFunction } from './define-function.js'
import { toGoString, validateArgs } from './args.js'

function hash(name: string, algorithm: string): ScalarFunction {
  return defineScalar({
    name,
    arity: [1, 1],
    description: `The ${name.toUpperCase()} digest of a string, as lower-case hex.`,
    validate: validateArgs(name, ['string']),
    exec: ([v]) => createHash(algorithm).update(toGoString(v), 'utf8').digest('hex'),
  })
}

export const hashFunctions: readonly ScalarFunction[] = [
  hash('md5', 'md5'),
  hash('sha1', 'sha1'),
  hash('sha224', 'sha224'),
  hash('sha256', 'sha256'),
  hash('sha384', 'sha384'),
  hash('sha512', 'sha512'),
]
