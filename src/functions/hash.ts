// Hash functions (1.0's hashCall): the lower-case hex digest of the argument printed with Go's %v.
// sha224 was validated but not implemented in 1.0; it is implemented here.

import { nodeCrypto } from '../core/lazy-builtins.js'
import { defineScalar, type Documented, type ScalarFunction } from './define-function.js'
import { doc } from './doc.js'
import { toGoString, validateArgs } from './args.js'

function hash(name: string, algorithm: string, helloDigest: string): Documented<ScalarFunction> {
  const upper = name.toUpperCase()
  return defineScalar({
    name,
    arity: [1, 1],
    doc: doc(
      'string',
      [['s', 'string']],
      `The ${upper} digest of the UTF-8 bytes of s, in lower-case hex.`,
      `s 的 UTF-8 字节的 ${upper} 摘要，以小写十六进制表示。`,
      `${name}("hello")`,
      `"${helloDigest}"`,
    ),
    validate: validateArgs(name, ['string']),
    exec: ([v]) => nodeCrypto().createHash(algorithm).update(toGoString(v), 'utf8').digest('hex'),
  })
}

export const hashFunctions: readonly Documented<ScalarFunction>[] = [
  hash('md5', 'md5', '5d41402abc4b2a76b9719d911017c592'),
  hash('sha1', 'sha1', 'aaf4c61ddcc5e8a2dabede0f3b482cd9aea9434d'),
  hash('sha224', 'sha224', 'ea09ae9cc6768c50fcee903ed054556e5bfc8347907f12598aa24193'),
  hash('sha256', 'sha256', '2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824'),
  hash(
    'sha384',
    'sha384',
    '59e1748777448c69de6b800d7a33bbfb9ff1b463e44354c3553bcdb9c666fa90125a3c79f90397bdf5f6a13de828684f',
  ),
  hash(
    'sha512',
    'sha512',
    '9b71d224bd62f3785d96d46ad3ea3d73319bfbc2890caadae2dff72519673ca7' +
      '2323c3d99ba5c11d7c7acc6e14b8c5da0c4663475c2e5c3adef46f73bcdec043',
  ),
]
