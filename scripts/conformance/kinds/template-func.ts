// `template_func` cases (FORMAT.md §11.2): Kuiper 1.0's dataTemplate functions `base64` and `add` called with
// Go-typed arguments (int, int64, uint, uint64, float32 per go_types), checking the result and its Go type.

import { addFunc, base64Func, GoNumber } from '../../../src/templates/index.js'
import type { GoNumberKind } from '../../../src/templates/index.js'
import { deepEqualGo, goValueAt, jsonAt } from '../go-values.js'
import type { CaseOutcome, ConformanceCase, KindHandler } from '../types.js'

const NUMBER_KINDS = new Set([
  'int',
  'int8',
  'int16',
  'int32',
  'int64',
  'uint',
  'uint8',
  'uint16',
  'uint32',
  'uint64',
  'float32',
])

/** Argument `i` as a template value: numbers with an explicit Go type become GoNumber. */
function argAt(c: ConformanceCase, i: number): unknown {
  const pointer = `/args/${i}`
  const v = goValueAt(c, pointer)
  const type = c.go_types?.[pointer]
  if (type !== undefined && NUMBER_KINDS.has(type) && (typeof v === 'bigint' || typeof v === 'number'))
    return new GoNumber(type as GoNumberKind, v)
  return v
}

/** The Go type of a result: GoNumber kind, bigint = int64 (what add returns for ints), number = float64. */
function resultType(v: unknown): string {
  if (v instanceof GoNumber) return v.kind
  if (typeof v === 'bigint') return 'int64'
  if (typeof v === 'number') return 'float64'
  return typeof v
}

export const templateFuncHandler: KindHandler = (c) => {
  const args = (jsonAt(c, '/args') as unknown[]).map((_, i) => argAt(c, i))
  const expected = jsonAt(c, '/expected') as Record<string, unknown>
  let result: unknown
  let error: string | undefined
  try {
    if (c['function'] === 'base64') result = base64Func(args[0])
    else if (c['function'] === 'add') result = addFunc(args[0], args[1])
    else return { status: 'skip', reason: `template function ${String(c['function'])} not handled` }
  } catch (err) {
    error = err instanceof Error ? err.message : String(err)
  }
  return compare(c, expected, result, error)
}

function compare(
  c: ConformanceCase,
  expected: Record<string, unknown>,
  result: unknown,
  error: string | undefined,
): CaseOutcome {
  const fail = (diff: string): CaseOutcome => ({ status: 'fail', diff })
  if ('error' in expected) {
    if (error !== expected['error']) return fail(`expected error ${String(expected['error'])}, got ${error ?? 'none'}`)
    return { status: 'pass' }
  }
  if (error !== undefined) return fail(`unexpected error: ${error}`)
  if ('decoded' in expected) {
    if (typeof result !== 'string' || !/^[A-Za-z0-9+/]*={0,2}$/.test(result) || result.length % 4 !== 0)
      return fail(`not a padded standard base64 string: ${String(result)}`)
    const text = Buffer.from(result, 'base64').toString('utf8')
    return text === expected['decoded']
      ? { status: 'pass' }
      : fail(`decoded ${text}, want ${String(expected['decoded'])}`)
  }
  const want = goValueAt(c, '/expected/value')
  const wantType = c.go_types?.['/expected/value'] ?? 'float64'
  const got = result instanceof GoNumber ? result.value : result
  if (resultType(result) !== wantType) return fail(`result type ${resultType(result)}, want ${wantType}`)
  const d = deepEqualGo(got as never, want)
  return d === undefined ? { status: 'pass' } : fail(d)
}
