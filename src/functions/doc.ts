// Shorthands for writing a built-in function's documentation (FunctionDoc) compactly in its family file.

import type { FunctionDoc, FunctionParam, FunctionSignature, ValueType } from './define-function.js'

/** `[name, type]`, `[name, type, 'optional']` or `[name, type, 'variadic']`. */
export type ParamSpec = readonly [name: string, type: ValueType, mode?: 'optional' | 'variadic']

/**
 * A signature from its return type and parameters.
 * @example sig('string', ['s', 'string'], ['start', 'int'], ['end', 'int', 'optional'])
 */
export function sig(returns: ValueType, ...params: readonly ParamSpec[]): FunctionSignature {
  return {
    returns,
    args: params.map(([name, type, mode]): FunctionParam => {
      if (mode === 'optional') return { name, type, optional: true }
      if (mode === 'variadic') return { name, type, variadic: true }
      return { name, type }
    }),
  }
}

/**
 * A doc whose example reads no rows: its signature, English and Chinese description, example and result.
 * @example doc('int', [['x', 'number']], 'The sign of x.', 'x 的符号。', 'sign(-2)', '-1')
 */
export function doc(
  returns: ValueType,
  params: readonly ParamSpec[],
  en: string,
  zh: string,
  sql: string,
  result: string,
): FunctionDoc {
  return { signature: sig(returns, ...params), description: { en, zh }, example: { sql, result } }
}

/** The allowed argument counts a signature documents: [required, total], total = Infinity with a variadic. */
export function signatureArity(s: FunctionSignature): readonly [number, number] {
  const required = s.args.filter((a) => a.optional !== true).length
  return [required, s.args.some((a) => a.variadic === true) ? Infinity : s.args.length]
}

/** The signature as written in the docs: `substring(s string, start int [, end int]) string`. */
export function formatSignature(name: string, s: FunctionSignature): string {
  let params = ''
  s.args.forEach((a, i) => {
    const text = `${a.name} ${a.type}${a.variadic === true ? '...' : ''}`
    if (a.optional === true) params += i === 0 ? `[${text}]` : ` [, ${text}]`
    else params += i === 0 ? text : `, ${text}`
  })
  return `${name}(${params}) ${s.returns}`
}
