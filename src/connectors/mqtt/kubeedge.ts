// KubeEdge device model (1.0 xstream/extensions/mqtt_type.go): the device is the 4th `/`-segment of the topic, and
// each message field named by a property of that device's model is converted in place to the property's dataType.

import { readFileSync } from 'node:fs'
import { isAbsolute, join } from 'node:path'
import type { Value, ValueMap } from '../../core/value.js'
import { formatGoFloat } from '../../core/value.js'
import { GoNumError, goAtoi, goParseBool, goParseFloat } from '../../core/go-strconv.js'

export interface DeviceProperty {
  readonly name: string
  readonly dataType: string
}

export interface DeviceModel {
  readonly name: string
  readonly properties: readonly DeviceProperty[]
}

/** The decoded model file: `{"deviceModels":[{"name":"device1","properties":[{"name":"t","dataType":"int"}]}]}`. */
export class KubeEdgeModel {
  /** device name (lower case) → property name (lower case) → dataType. */
  private readonly devices = new Map<string, Map<string, string>>()

  constructor(readonly models: readonly DeviceModel[]) {
    for (const d of models) {
      const key = d.name.toLowerCase()
      if (this.devices.has(key)) continue // 1.0 takes the first device of a name
      const props = new Map<string, string>()
      for (const p of d.properties) if (!props.has(p.name.toLowerCase())) props.set(p.name.toLowerCase(), p.dataType)
      this.devices.set(key, props)
    }
  }

  /** Parses the model JSON (1.0 json.Unmarshal into its deviceModel struct: unknown keys ignored). */
  static parse(json: string): KubeEdgeModel {
    const raw: unknown = JSON.parse(json)
    const list = isObject(raw) ? raw['deviceModels'] : undefined
    const models: DeviceModel[] = []
    if (Array.isArray(list)) {
      for (const d of list) {
        if (!isObject(d)) continue
        const props: DeviceProperty[] = []
        const ps = d['properties']
        if (Array.isArray(ps)) {
          for (const p of ps) {
            if (isObject(p)) props.push({ name: str(p['name']), dataType: str(p['dataType']) })
          }
        }
        models.push({ name: str(d['name']), properties: props })
      }
    }
    return new KubeEdgeModel(models)
  }

  /** Loads `kubeedgeModelFile` from `<etcDir>/sources/` (an absolute path is used as is). */
  static load(etcDir: string, file: string): KubeEdgeModel {
    const path = isAbsolute(file) ? file : join(etcDir, 'sources', file)
    return KubeEdgeModel.parse(readFileSync(path, 'utf8'))
  }

  /** The dataType of `field` for the device of `topic`, or '' (1.0 findDataType, case-insensitive). */
  dataType(topic: string, field: string): string {
    const device = deviceOfTopic(topic)
    if (device === '') return ''
    return this.devices.get(device.toLowerCase())?.get(field.toLowerCase()) ?? ''
  }

  /**
   * Converts the fields of `m` in place; a field that cannot be converted is deleted. Returns the error texts
   * (1.0 logs them).
   */
  convert(m: ValueMap, topic: string): string[] {
    const errors: string[] = []
    const device = deviceOfTopic(topic)
    if (device === '') return Object.keys(m).length > 0 ? [`not find deviceid : ${topic}`] : []
    const props = this.devices.get(device.toLowerCase())
    if (props === undefined) return errors
    for (const k of Object.keys(m)) {
      const modelType = props.get(k.toLowerCase())
      if (modelType === undefined || modelType === '') continue
      const r = changeType(modelType, m[k])
      if (r.error === undefined) m[k] = r.value
      else {
        errors.push(r.error)
        delete m[k]
      }
    }
    return errors
  }
}

/** The 4th `/`-separated segment (`$ke/events/device/<id>/data/update`), or '' when the topic is shorter. */
export function deviceOfTopic(topic: string): string {
  const parts = topic.split('/')
  return parts.length < 4 ? '' : parts[3]!
}

type Converted = { readonly value: Value; readonly error?: undefined } | { readonly error: string }

/**
 * One value to a model dataType: `int` (Go int), `float`/`double` (float64), `string`, `bool`/`boolean`. Unlike 1.0,
 * strings really are parsed to int/float (1.0's shadowed variable left them strings; its test expected the model type).
 */
export function changeType(modelType: string, data: Value): Converted {
  const t = modelType.toLowerCase()
  switch (typeof data) {
    case 'boolean':
      if (t === 'int') return { value: data ? 1n : 0n }
      if (t === 'bool' || t === 'boolean') return { value: data }
      if (t === 'string') return { value: String(data) }
      if (t === 'float' || t === 'double') return { value: data ? 1 : 0 }
      return { error: `not support modelType : ${modelType}` }
    case 'bigint':
      if (t === 'int') return { value: data }
      if (t === 'float' || t === 'double') return { value: Number(data) }
      if (t === 'bool' || t === 'boolean') return { value: data !== 0n }
      if (t === 'string') return { value: data.toString() }
      return { error: `not support modelType : ${modelType}` }
    case 'number':
      if (t === 'float' || t === 'double') return { value: data }
      if (t === 'int') {
        if (!Number.isFinite(data)) return { error: `cannot convert ${formatGoFloat(data)} to int` }
        return { value: BigInt(Math.trunc(data)) }
      }
      if (t === 'string') return { value: formatFloatF(data) }
      if (t === 'bool' || t === 'boolean') return { value: data !== 0 }
      return { error: `not support modelType : ${modelType}` }
    case 'string':
      if (t === 'string') return { value: data }
      if (t === 'int') return goConverted(() => goAtoi(data))
      if (t === 'float' || t === 'double') return goConverted(() => goParseFloat(data))
      if (t === 'bool' || t === 'boolean') return goConverted(() => goParseBool(data))
      return { error: `not support modelType : ${modelType}` }
    default:
      return { error: `not support type : ${kindName(data)}` }
  }
}

/** Go strconv.FormatFloat(f, 'f', -1, 64): shortest digits, never an exponent. */
function formatFloatF(f: number): string {
  if (!Number.isFinite(f)) return Number.isNaN(f) ? 'NaN' : f > 0 ? '+Inf' : '-Inf'
  if (Object.is(f, -0)) return '-0'
  const s = String(f)
  if (!s.includes('e')) return s
  const [mant, expText] = s.split('e') as [string, string]
  const exp = Number(expText)
  const neg = mant.startsWith('-')
  const digits = mant.replace('-', '').replace('.', '')
  const pointAt =
    (mant.replace('-', '').indexOf('.') < 0 ? mant.replace('-', '').length : mant.replace('-', '').indexOf('.')) + exp
  let out: string
  if (pointAt <= 0) out = '0.' + '0'.repeat(-pointAt) + digits
  else if (pointAt >= digits.length) out = digits + '0'.repeat(pointAt - digits.length)
  else out = digits.slice(0, pointAt) + '.' + digits.slice(pointAt)
  return neg ? '-' + out : out
}

/** A strconv result, or Go's error text (`strconv.Atoi: parsing "x": invalid syntax`) as 1.0 reported it. */
function goConverted(parse: () => Value): Converted {
  try {
    return { value: parse() }
  } catch (err) {
    if (err instanceof GoNumError) return { error: err.message }
    throw err
  }
}

function kindName(v: Value): string {
  if (v === null || v === undefined) return 'invalid'
  if (Array.isArray(v)) return 'slice'
  if (v instanceof Date) return 'struct'
  if (v instanceof Uint8Array) return 'slice'
  return 'map'
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v)
}

function str(v: unknown): string {
  return typeof v === 'string' ? v : ''
}
