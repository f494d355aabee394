// One declaration per connector: its properties as data (name, type, default, required, allowed values, a one-line
// description in English and Chinese). The same declaration parses a rule's action properties or a stream's source
// conf, serves 1.0's /metadata shapes and generates the property tables of docs/connectors.md.

import { KuiperError } from '../core/errors.js'

/** A text in the two languages of 1.0's metadata and of the docs. */
export interface Texts {
  readonly en: string
  readonly zh: string
}

/**
 * What a property holds. Numbers are also read from numeric strings (as 1.0's mapstructure did), booleans from
 * `"true"` / `"false"`, lists from a comma-separated string, and `null` is the same as absent.
 */
export type PropertyType = 'string' | 'int' | 'float' | 'bool' | 'map' | 'list_string' | 'list_int' | 'any'

/** One property of a connector. */
export interface PropertyDecl {
  readonly type: PropertyType
  readonly description: Texts
  /** The value used when the property is absent (omit when the connector computes it; say so in `defaultText`). */
  readonly default?: unknown
  /** Absent or null: `<connector> <kind> is missing property <name>`. */
  readonly required?: boolean
  /** The only values allowed (an enum); an empty string is the same as absent. */
  readonly values?: readonly (string | number)[]
  /** Strings: compare with `values` ignoring case (the parsed value keeps the case given). */
  readonly ignoreCase?: boolean
  /** Numbers: the smallest value allowed. */
  readonly min?: number
  /** How the docs show a default the connector computes (`generated`, `by extension`). */
  readonly defaultText?: Texts
  /** A bad value is logged and the default kept instead of refused (what 1.0 did for this property). */
  readonly lenient?: boolean
  /** An example value as written in the conf file or the rule (`qos: 1`, `"qos": 1`), shown in the docs. */
  readonly example?: string
  /**
   * What a management form fills in for a required property that has no default (1.0's etc/*.json `default`, e.g.
   * the local broker's URL): served by /metadata, never used when the property is absent.
   */
  readonly formValue?: unknown
}

export type PropertyDecls = Readonly<Record<string, PropertyDecl>>

type ValueOf<P extends PropertyDecl> = P['type'] extends 'string'
  ? string
  : P['type'] extends 'int' | 'float'
    ? number
    : P['type'] extends 'bool'
      ? boolean
      : P['type'] extends 'map'
        ? Readonly<Record<string, unknown>>
        : P['type'] extends 'list_string'
          ? readonly string[]
          : P['type'] extends 'list_int'
            ? readonly number[]
            : unknown

/** The parsed properties: declared ones typed (undefined when absent without a default), extra keys dropped. */
export type ParsedProperties<D extends PropertyDecls> = {
  readonly [K in keyof D]: D[K] extends { required: true } | { default: NonNullable<unknown> }
    ? ValueOf<D[K]>
    : ValueOf<D[K]> | undefined
}

/** A connector as 1.0's metadata describes it, with its properties. */
export interface ConnectorDeclarationInput<D extends PropertyDecls> {
  /** The type name (`mqtt`), as in TYPE= or the action key. */
  readonly name: string
  readonly kind: 'source' | 'sink'
  /** One line for the `about` block of /metadata. */
  readonly description: Texts
  /** 1.0's doc page (`rules/sinks/mqtt.md`), the `helpUrl` of /metadata. */
  readonly doc?: string
  /** Source confs: keys match ignoring case (1.0 decoded the yaml with Go's case-insensitive json rules). */
  readonly keysIgnoreCase?: boolean
  readonly properties: D
}

/** The property names of a declaration. */
export type PropertyName<T> = T extends ConnectorDeclaration<infer D> ? keyof D & string : never

/** A declared property with its name, in declaration order. */
export interface NamedProperty extends PropertyDecl {
  readonly name: string
}

export interface ConnectorDeclaration<D extends PropertyDecls = PropertyDecls> {
  readonly name: string
  readonly kind: 'source' | 'sink'
  readonly description: Texts
  readonly doc: string
  readonly properties: readonly NamedProperty[]
  /**
   * Checks and types `raw`: CONFIG_ERROR (a 400 at rule or stream create) naming the connector and the first bad
   * property. Unknown keys are accepted and dropped, as 1.0 ignored them. A bad `lenient` property is passed to
   * `warn` and its default used.
   */
  parse(raw: Readonly<Record<string, unknown>>, warn?: (message: string) => void): ParsedProperties<D>
  /**
   * Checks only the properties `raw` gives (a stream's conf at stream create: a missing required key may still be
   * added to the conf before a rule reads the stream, and is reported then); CONFIG_ERROR as `parse`.
   */
  checkGiven(raw: Readonly<Record<string, unknown>>): void
}

/**
 * Declares a connector's properties once.
 * @example
 * export const mqttSink = declareConnector({
 *   name: 'mqtt', kind: 'sink', description: { en: 'Publish to MQTT', zh: '发布到 MQTT' },
 *   properties: {
 *     server: { type: 'string', required: true, description: { en: 'Broker URL', zh: '代理 URL' } },
 *     qos: { type: 'int', default: 0, values: [0, 1, 2], description: { en: 'QoS', zh: 'QoS' } },
 *   },
 * })
 * const { server, qos } = mqttSink.parse(action.mqtt) // string, number
 */
export function declareConnector<const D extends PropertyDecls>(
  input: ConnectorDeclarationInput<D>,
): ConnectorDeclaration<D> {
  const properties = Object.entries(input.properties).map(([name, p]) => ({ name, ...p }))
  const what = `${input.name} ${input.kind}`
  return {
    name: input.name,
    kind: input.kind,
    description: input.description,
    doc: input.doc ?? '',
    properties,
    checkGiven(raw) {
      const props = input.keysIgnoreCase === true ? foldKeys(raw, properties) : raw
      for (const p of properties) {
        const v = props[p.name]
        if (p.lenient === true || v === undefined || v === null || (v === '' && p.values !== undefined)) continue
        if (!readProperty(p, v).ok) throw new KuiperError('CONFIG_ERROR', problem(what, p, props))
      }
    },
    parse(raw, warn) {
      const props = withoutBadLenient(input.keysIgnoreCase === true ? foldKeys(raw, properties) : raw, properties, {
        what,
        warn: warn ?? (() => {}),
      })
      const out: Record<string, unknown> = {}
      for (const p of properties) {
        const r = readProperty(p, props[p.name])
        if (!r.ok) throw new KuiperError('CONFIG_ERROR', problem(what, p, props))
        if (r.value !== undefined || p.name in props) out[p.name] = r.value
      }
      return out as ParsedProperties<D>
    },
  }
}

/**
 * The value of one property read leniently, as the common sink properties are (1.0 logs a bad one and keeps the
 * default): `{ ok: false }` when it is not of the declared type.
 */
export function readProperty(p: PropertyDecl, v: unknown): { ok: true; value: unknown } | { ok: false } {
  // null, and '' for an enum, are the same as absent.
  if (v === undefined || v === null || (v === '' && p.values !== undefined)) {
    if (p.required !== true) return { ok: true, value: p.default }
    // A required `any` property (a plugin's list_float or list_object) has always been accepted absent: kept so.
    return p.type === 'any' && p.values === undefined ? { ok: true, value: undefined } : { ok: false }
  }
  const base = readBase(p.type, v)
  if (!base.ok) return base
  if (p.values !== undefined && !matchesValues(p, base.value)) return { ok: false }
  if (p.min !== undefined && typeof base.value === 'number' && base.value < p.min) return { ok: false }
  return base
}

/** The raw properties without the bad values of lenient properties (each reported), so that defaults apply. */
function withoutBadLenient(
  raw: Readonly<Record<string, unknown>>,
  props: readonly NamedProperty[],
  report: { readonly what: string; readonly warn: (message: string) => void },
): Readonly<Record<string, unknown>> {
  let out: Record<string, unknown> | undefined
  for (const p of props) {
    if (p.lenient !== true || !(p.name in raw) || readProperty(p, raw[p.name]).ok) continue
    out ??= { ...raw }
    report.warn(`${problem(report.what, p, raw)}; the default ${shown(p.default)} is used`)
    delete out[p.name]
  }
  return out ?? raw
}

/** The raw value with its keys renamed to the declared names they match ignoring case. */
function foldKeys(raw: Readonly<Record<string, unknown>>, props: readonly NamedProperty[]): Record<string, unknown> {
  const out: Record<string, unknown> = {}
  for (const [k, v] of Object.entries(raw)) {
    const p = props.find((x) => x.name.toLowerCase() === k.toLowerCase())
    const name = p?.name ?? k
    // An exact key wins over a case-folded one (`clientid` and `clientId` both given).
    if (!(name in out) || k === name) out[name] = v
  }
  return out
}

const TYPE_TEXT: Readonly<Record<PropertyType, string>> = {
  string: 'a string',
  int: 'an integer',
  float: 'a number',
  bool: 'a bool',
  map: 'a map',
  list_string: 'a list of strings',
  list_int: 'a list of integers',
  any: 'a value',
}

/** The message of a property the schema refused. */
function problem(what: string, p: NamedProperty, props: Readonly<Record<string, unknown>>): string {
  const v = props[p.name]
  if (v === undefined || v === null || v === '') return `${what} is missing property ${p.name}`
  const found = shown(v)
  const base = readBase(p.type, v)
  if (base.ok && p.values !== undefined && !matchesValues(p, base.value))
    return `${what} property ${p.name} must be one of ${p.values.join(', ')}, found ${found}`
  return `${what} property ${p.name} must be ${typeText(p)}, found ${found}`
}

/** What a property holds, in words (`a positive integer`). */
function typeText(p: PropertyDecl): string {
  if (p.type === 'int' && p.min === 1) return 'a positive integer'
  if (p.type === 'int' && p.min === 0) return 'a non-negative integer'
  if (p.min !== undefined) return `${TYPE_TEXT[p.type]} of at least ${p.min}`
  return TYPE_TEXT[p.type]
}

function shown(v: unknown): string {
  if (typeof v === 'bigint') return v.toString()
  if (typeof v === 'string') return JSON.stringify(v)
  try {
    return JSON.stringify(v) ?? String(v)
  } catch {
    return String(v)
  }
}

function matchesValues(p: PropertyDecl, v: unknown): boolean {
  const values = p.values ?? []
  if (p.ignoreCase === true && typeof v === 'string')
    return values.some((x) => typeof x === 'string' && x.toLowerCase() === v.toLowerCase())
  return values.includes(v as string | number)
}

const INT_TEXT = /^\s*[+-]?\d+\s*$/
const FLOAT_TEXT = /^\s*[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?\s*$/

/** Numbers from bigint (yaml and Kuiper integers) and numeric strings; anything else as it is (refused later). */
function lenientNumber(v: unknown, text: RegExp): unknown {
  if (typeof v === 'bigint') return Number(v)
  if (typeof v === 'string' && text.test(v)) return Number(v)
  return v
}

function lenientBool(v: unknown): unknown {
  if (v === 'true') return true
  if (v === 'false') return false
  return v
}

function lenientList(v: unknown): unknown {
  if (typeof v !== 'string') return v
  return v
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '')
}

type Read = { ok: true; value: unknown } | { ok: false }
const REFUSED: Read = { ok: false }

/** A finite number, an integer when `int`. */
function readNumber(v: unknown, int: boolean): Read {
  return typeof v === 'number' && Number.isFinite(v) && (!int || Number.isSafeInteger(v))
    ? { ok: true, value: v }
    : REFUSED
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return false
  const proto: unknown = Object.getPrototypeOf(v)
  return proto === Object.prototype || proto === null
}

/** A present value read as its declared type, after the lenient conversions of the type. */
function readBase(type: PropertyType, v: unknown): Read {
  switch (type) {
    case 'string':
      return typeof v === 'string' ? { ok: true, value: v } : REFUSED
    case 'int':
      return readNumber(lenientNumber(v, INT_TEXT), true)
    case 'float':
      return readNumber(lenientNumber(v, FLOAT_TEXT), false)
    case 'bool': {
      const b = lenientBool(v)
      return typeof b === 'boolean' ? { ok: true, value: b } : REFUSED
    }
    case 'map': {
      if (!isPlainObject(v)) return REFUSED
      const copy: Record<string, unknown> = {}
      for (const k of Object.keys(v)) if (k !== '__proto__') copy[k] = v[k]
      return { ok: true, value: copy }
    }
    case 'list_string': {
      const list = lenientList(v)
      return Array.isArray(list) && list.every((e) => typeof e === 'string') ? { ok: true, value: [...list] } : REFUSED
    }
    case 'list_int': {
      if (!Array.isArray(v)) return REFUSED
      const list = v.map((x) => lenientNumber(x, INT_TEXT))
      return list.every((e) => readNumber(e, true).ok) ? { ok: true, value: list } : REFUSED
    }
    case 'any':
      return { ok: true, value: v }
  }
}
