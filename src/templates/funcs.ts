// The functions a dataTemplate can call: Go text/template's builtins (comparison, logic, index, len, print...) and
// Kuiper 1.0's `json`, `base64` and `add` (common/templates/funcs.go), with Go's reflect-kind behaviour and error texts.

import { toJson } from '../core/json.js'
import type { Value } from '../core/value.js'
import { formatFloat } from './float-format.js'
import { sprint, sprintf, sprintln } from './fmt.js'
import { GoNumber, goType, isFloatKind, isIntKind, isUintKind, reflectKind } from './go-number.js'

/**
 * How an argument reaches a function (Go's parameter types): `value` = reflect.Value (a missing field stays
 * undefined), `any` = interface{} (missing becomes nil), `string` = must be a string.
 */
export type ParamKind = 'value' | 'any' | 'string'

export interface TemplateFunc {
  readonly params: readonly ParamKind[]
  /** Type of the remaining arguments when the function is variadic. */
  readonly variadic?: ParamKind
  /** Returns the result; throws an Error whose message Go would return as the error. */
  readonly call: (args: unknown[]) => unknown
}

/** Go's truth of a value in if/with/and/or/not: false, 0, nil, and empty strings, slices and maps are false. */
export function isTrue(v: unknown): boolean {
  if (v === undefined || v === null) return false
  if (v instanceof GoNumber) return v.value !== 0n && v.value !== 0
  switch (typeof v) {
    case 'boolean':
      return v
    case 'bigint':
      return v !== 0n
    case 'number':
      return v !== 0
    case 'string':
      return v.length > 0
    default:
      if (Array.isArray(v) || v instanceof Uint8Array) return v.length > 0
      if (v instanceof Date) return true
      return Object.keys(v as object).length > 0
  }
}

type BasicKind = 'bool' | 'int' | 'uint' | 'float' | 'string' | 'invalid' | 'other'

function basic(v: unknown): { kind: BasicKind; value: unknown } {
  if (v === undefined || v === null) return { kind: 'invalid', value: undefined }
  if (v instanceof GoNumber) {
    if (isFloatKind(v.kind)) return { kind: 'float', value: v.value }
    return { kind: isUintKind(v.kind) ? 'uint' : 'int', value: v.value }
  }
  switch (typeof v) {
    case 'boolean':
      return { kind: 'bool', value: v }
    case 'bigint':
      return { kind: 'int', value: v }
    case 'number':
      return { kind: 'float', value: v }
    case 'string':
      return { kind: 'string', value: v }
    default:
      return { kind: 'other', value: v }
  }
}

const BAD_COMPARISON = 'incompatible types for comparison'
const BAD_COMPARISON_TYPE = 'invalid type for comparison'

function eq(args: unknown[]): boolean {
  const [a1, ...rest] = args
  if (rest.length === 0) throw new Error('missing argument for comparison')
  const b1 = basic(a1)
  for (const a of rest) {
    const b2 = basic(a)
    let truth = false
    if (b1.kind !== b2.kind) {
      if ((b1.kind === 'int' || b1.kind === 'uint') && (b2.kind === 'int' || b2.kind === 'uint')) {
        truth = b1.value === b2.value
      } else if (b1.kind !== 'invalid' && b2.kind !== 'invalid') throw new Error(BAD_COMPARISON)
    } else if (b1.kind === 'invalid') truth = true
    else if (b1.kind === 'other') {
      throw new Error(`non-comparable type ${goType(a)}: ${goType(a)}`)
    } else truth = b1.value === b2.value
    if (truth) return true
  }
  return false
}

function lt(a: unknown, b: unknown): boolean {
  const b1 = basic(a)
  const b2 = basic(b)
  if (b1.kind === 'invalid' || b1.kind === 'other' || b2.kind === 'invalid' || b2.kind === 'other')
    throw new Error(BAD_COMPARISON_TYPE)
  if (b1.kind !== b2.kind) {
    if ((b1.kind === 'int' || b1.kind === 'uint') && (b2.kind === 'int' || b2.kind === 'uint'))
      return (b1.value as bigint) < (b2.value as bigint)
    throw new Error(BAD_COMPARISON)
  }
  if (b1.kind === 'bool') throw new Error(BAD_COMPARISON_TYPE)
  if (b1.kind === 'string') return Buffer.compare(Buffer.from(a as string), Buffer.from(b as string)) < 0
  return (b1.value as number | bigint) < (b2.value as number | bigint)
}

function le(a: unknown, b: unknown): boolean {
  return lt(a, b) || eq([a, b])
}

function indexArg(i: unknown, cap: number): number {
  let x: bigint
  if (typeof i === 'bigint') x = i
  else if (i instanceof GoNumber && typeof i.value === 'bigint') x = i.value
  else if (i === undefined || i === null) throw new Error('cannot index slice/array with nil')
  else throw new Error(`cannot index slice/array with type ${goType(i)}`)
  if (x < 0n || x > BigInt(cap)) throw new Error(`index out of range: ${x}`)
  return Number(x)
}

function index(args: unknown[]): unknown {
  let item = args[0]
  if (item === undefined || item === null) throw new Error('index of untyped nil')
  for (const ix of args.slice(1)) {
    if (item === undefined || item === null) throw new Error('index of nil pointer')
    if (typeof item === 'string' || Array.isArray(item) || item instanceof Uint8Array) {
      const bytes = typeof item === 'string' ? Buffer.from(item) : item
      const x = indexArg(ix, bytes.length)
      if (x === bytes.length) throw new Error(`index out of range: ${x}`)
      item = typeof item === 'string' || item instanceof Uint8Array ? BigInt((bytes as Uint8Array)[x]!) : item[x]
      continue
    }
    if (typeof item === 'object' && !(item instanceof Date) && !(item instanceof GoNumber)) {
      if (ix === undefined || ix === null) throw new Error('value is nil; should be of type string')
      if (typeof ix !== 'string') throw new Error(`value has type ${goType(ix)}; should be string`)
      const m = item as Record<string, unknown>
      item = Object.hasOwn(m, ix) ? (m[ix] ?? null) : null
      continue
    }
    throw new Error(`can't index item of type ${goType(item)}`)
  }
  return item
}

function slice(args: unknown[]): unknown {
  const item = args[0]
  const ixs = args.slice(1)
  if (item === undefined || item === null) throw new Error('slice of untyped nil')
  if (ixs.length > 3) throw new Error(`too many slice indexes: ${ixs.length}`)
  let len: number
  if (typeof item === 'string') {
    if (ixs.length === 3) throw new Error('cannot 3-index slice a string')
    len = Buffer.byteLength(item)
  } else if (Array.isArray(item) || item instanceof Uint8Array) len = item.length
  else throw new Error(`can't slice item of type ${goType(item)}`)
  const idx = [0, len, len]
  ixs.forEach((ix, k) => (idx[k] = indexArg(ix, len)))
  if (idx[0]! > idx[1]!) throw new Error(`invalid slice index: ${idx[0]} > ${idx[1]}`)
  if (ixs.length === 3 && idx[1]! > idx[2]!) throw new Error(`invalid slice index: ${idx[1]} > ${idx[2]}`)
  if (typeof item === 'string') return Buffer.from(item).subarray(idx[0], idx[1]).toString('utf8')
  return item.slice(idx[0], idx[1])
}

function len(v: unknown): bigint {
  if (v === undefined || v === null) throw new Error('len of nil pointer')
  if (typeof v === 'string') return BigInt(Buffer.byteLength(v))
  if (Array.isArray(v) || v instanceof Uint8Array) return BigInt(v.length)
  if (typeof v === 'object' && !(v instanceof Date) && !(v instanceof GoNumber)) return BigInt(Object.keys(v).length)
  throw new Error(`len of type ${goType(v)}`)
}

/** Go's evalArgs of html/js/urlquery: one string argument as is, else fmt.Sprint of all. */
function evalArgs(args: unknown[]): string {
  if (args.length === 1 && typeof args[0] === 'string') return args[0]
  return sprint(args)
}

function htmlEscape(s: string): string {
  return s.replace(/[\0"'&<>]/g, (c) =>
    c === '\0'
      ? '\uFFFD'
      : c === '"'
        ? '&#34;'
        : c === "'"
          ? '&#39;'
          : c === '&'
            ? '&amp;'
            : c === '<'
              ? '&lt;'
              : '&gt;',
  )
}

function jsEscape(s: string): string {
  let out = ''
  for (const ch of s) {
    const cp = ch.codePointAt(0)!
    if (ch === '\\') out += '\\\\'
    else if (ch === "'") out += "\\'"
    else if (ch === '"') out += '\\"'
    else if (ch === '<') out += '\\u003C'
    else if (ch === '>') out += '\\u003E'
    else if (ch === '&') out += '\\u0026'
    else if (ch === '=') out += '\\u003D'
    else if (cp < 0x20) out += '\\u' + cp.toString(16).toUpperCase().padStart(4, '0')
    else out += ch
  }
  return out
}

function queryEscape(s: string): string {
  return encodeURIComponent(s)
    .replace(/%20/g, '+')
    .replace(/[!'()*]/g, (c) => '%' + c.charCodeAt(0).toString(16).toUpperCase())
}

/** Converts template values to Kuiper values for json.Marshal (GoNumber → its number). */
function plain(v: unknown): Value {
  if (v instanceof GoNumber) return v.value
  if (Array.isArray(v)) return v.map(plain)
  if (v !== null && typeof v === 'object' && !(v instanceof Date) && !(v instanceof Uint8Array)) {
    const out: Record<string, Value> = {}
    for (const [k, x] of Object.entries(v)) out[k] = plain(x)
    return out
  }
  return v as Value
}

/** Kuiper's `json`: Go json.Marshal of the value. */
export function jsonFunc(v: unknown): string {
  return toJson(plain(v))
}

/** Kuiper's `base64` (Base64Encode): bool/int/uint/float/string printed then encoded, a map as its JSON. */
export function base64Func(v: unknown): string {
  const enc = (s: string): string => Buffer.from(s, 'utf8').toString('base64')
  const kind = reflectKind(v)
  if (kind === 'bool') return enc(String(v))
  if (isIntKind(kind) || isUintKind(kind)) return enc(String(v instanceof GoNumber ? v.value : v))
  if (kind === 'float32' || kind === 'float64') {
    const f = v instanceof GoNumber ? (v.value as number) : (v as number)
    return enc(formatFloat(f, 'f', -1, kind === 'float32' ? 32 : 64))
  }
  if (kind === 'string') return enc(v as string)
  if (kind === 'map') return enc(jsonFunc(v))
  throw new Error(`Unsupported data type ${kind} for base64 function.`)
}

/** Kuiper's `add`: int + int/float (float truncated) → int64, uint64 + uint64 → uint64, float + float → float64. */
export function addFunc(a: unknown, b: unknown): unknown {
  const k1 = reflectKind(a)
  const k2 = reflectKind(b)
  const num = (v: unknown): bigint | number => (v instanceof GoNumber ? v.value : (v as bigint | number))
  const unsupported = (): Error =>
    new Error(`Unsupported data type ${k2} of para2 for Add function when para1 type is ${k1}.`)
  if (isIntKind(k1)) {
    if (isIntKind(k2)) return BigInt.asIntN(64, (num(a) as bigint) + (num(b) as bigint))
    if (isFloatKind(k2)) return BigInt.asIntN(64, (num(a) as bigint) + BigInt(Math.trunc(num(b) as number)))
    throw unsupported()
  }
  if (isUintKind(k1)) {
    if (k2 === 'uint64') return new GoNumber('uint64', BigInt.asUintN(64, (num(a) as bigint) + (num(b) as bigint)))
    throw unsupported()
  }
  if (isFloatKind(k1)) {
    if (isFloatKind(k2)) return (num(a) as number) + (num(b) as number)
    throw unsupported()
  }
  throw new Error(`Unsupported data type ${k1} of para1 for Add function.`)
}

const fn = (params: ParamKind[], call: (args: unknown[]) => unknown, variadic?: ParamKind): TemplateFunc =>
  variadic === undefined ? { params, call } : { params, variadic, call }

/** Go's builtin template functions (and/or are evaluated by the executor, which short-circuits them). */
export const builtinFuncs: ReadonlyMap<string, TemplateFunc> = new Map<string, TemplateFunc>([
  ['and', fn(['value'], (a) => a[a.length - 1], 'value')],
  ['or', fn(['value'], (a) => a[a.length - 1], 'value')],
  ['not', fn(['value'], (a) => !isTrue(a[0]))],
  ['len', fn(['value'], (a) => len(a[0]))],
  ['index', fn(['value'], index, 'value')],
  ['slice', fn(['value'], slice, 'value')],
  ['print', fn([], (a) => sprint(a), 'any')],
  ['printf', fn(['string'], (a) => sprintf(a[0] as string, a.slice(1)), 'any')],
  ['println', fn([], (a) => sprintln(a), 'any')],
  ['html', fn([], (a) => htmlEscape(evalArgs(a)), 'any')],
  ['js', fn([], (a) => jsEscape(evalArgs(a)), 'any')],
  ['urlquery', fn([], (a) => queryEscape(evalArgs(a)), 'any')],
  [
    'call',
    fn(
      ['value'],
      (a) => {
        throw new Error(`non-function ${goType(a[0])} of type ${goType(a[0])}`)
      },
      'value',
    ),
  ],
  ['eq', fn(['value'], eq, 'value')],
  ['ne', fn(['value', 'value'], (a) => !eq(a))],
  ['lt', fn(['value', 'value'], (a) => lt(a[0], a[1]))],
  ['le', fn(['value', 'value'], (a) => le(a[0], a[1]))],
  ['gt', fn(['value', 'value'], (a) => !le(a[0], a[1]))],
  ['ge', fn(['value', 'value'], (a) => !lt(a[0], a[1]))],
])

/** Kuiper 1.0's extra dataTemplate functions. */
export const kuiperFuncs: ReadonlyMap<string, TemplateFunc> = new Map<string, TemplateFunc>([
  ['json', fn(['any'], (a) => jsonFunc(a[0]))],
  ['base64', fn(['any'], (a) => base64Func(a[0]))],
  ['add', fn(['any', 'any'], (a) => addFunc(a[0], a[1]))],
])
