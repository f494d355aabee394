// The UI metadata of 1.0's /metadata endpoints (etc/sinks/*.json, etc/sources/*.json, etc/functions/*.json) as a view
// over the connectors' property declarations: `about` blocks, property fields, the common sink properties and the
// rule options.

import { commonSinkProperties } from '../connectors/common-sink-properties.js'
import type { ConnectorDeclaration, NamedProperty, PropertyType, Texts } from '../connectors/properties.js'

export type { Texts }

export interface FieldMeta {
  readonly name: string
  readonly default: unknown
  readonly optional: boolean
  readonly control: 'text' | 'text-area' | 'list' | 'radio'
  readonly type: 'string' | 'float' | 'int' | 'bool' | 'list_object' | 'list_string' | 'list_float' | 'list_int'
  readonly hint: Texts
  readonly label: Texts
  readonly values?: readonly unknown[]
}

export interface About {
  readonly trial: boolean
  readonly installed: boolean
  readonly author: { readonly name: string; readonly email: string; readonly company: string; readonly website: string }
  readonly helpUrl: Texts
  readonly description: Texts
}

const AUTHOR = {
  name: 'EMQ Technologies Co., Ltd',
  email: 'contact@emqx.io',
  company: 'EMQ Technologies Co., Ltd',
  website: 'https://www.emqx.io',
}

export function about(description: Texts, doc: string): About {
  return {
    trial: false,
    installed: true,
    author: AUTHOR,
    helpUrl: {
      en: `https://github.com/emqx/kuiper/blob/master/docs/en_US/${doc}`,
      zh: `https://github.com/emqx/kuiper/blob/master/docs/zh_CN/${doc}`,
    },
    description,
  }
}

/** 1.0's field type of a declared property type. */
const FIELD_TYPES: Readonly<Record<PropertyType, FieldMeta['type']>> = {
  string: 'string',
  int: 'int',
  float: 'float',
  bool: 'bool',
  map: 'list_object',
  list_string: 'list_string',
  list_int: 'list_int',
  any: 'string',
}

/** An empty value of each field type, the `default` 1.0's metadata shows for a property without one. */
const EMPTY: Readonly<Record<FieldMeta['type'], unknown>> = {
  string: '',
  int: 0,
  float: 0,
  bool: false,
  list_object: {},
  list_string: [],
  list_float: [],
  list_int: [],
}

/** The UI field of one declared property. */
export function fieldOf(p: NamedProperty): FieldMeta {
  const type = FIELD_TYPES[p.type]
  const values = p.values ?? (type === 'bool' ? [true, false] : undefined)
  return {
    name: p.name,
    default: p.default ?? p.formValue ?? EMPTY[type],
    optional: p.required !== true,
    control: p.values !== undefined ? 'list' : type === 'bool' ? 'radio' : 'text',
    type,
    hint: p.description,
    label: { en: p.name, zh: p.name },
    ...(values !== undefined ? { values } : {}),
  }
}

/** The fields of a connector's declared properties (none when it declares none). */
export function declaredFields(decl: ConnectorDeclaration | undefined): FieldMeta[] {
  return (decl?.properties ?? []).map(fieldOf)
}

/** etc/sinks/properties.json: the properties every sink takes. */
export const COMMON_SINK_PROPERTIES: readonly FieldMeta[] = declaredFields(commonSinkProperties)

function option(name: string, type: PropertyType, def: unknown, en: string, zh: string, values?: readonly number[]) {
  return fieldOf({ name, type, default: def, description: { en, zh }, ...(values !== undefined ? { values } : {}) })
}

/** etc/sinks/options.json: the rule options. */
export const RULE_OPTIONS: readonly FieldMeta[] = [
  option('isEventTime', 'bool', false, 'Use event time (the stream TIMESTAMP field)', '使用事件时间'),
  option('lateTolerance', 'int', 1000, 'Allowed lateness in ms for event time', '事件时间允许的延迟（毫秒）'),
  option('concurrency', 'int', 1, 'Instances per operator', '每个算子的实例数'),
  option('bufferLength', 'int', 1024, 'Input buffer size of each operator', '每个算子的输入缓冲区大小'),
  option('sendMetaToSink', 'bool', false, 'Send the metadata to sinks', '将元数据发送到 sink'),
  option(
    'qos',
    'int',
    0,
    'Quality of service: 0 at most once, 1 at least once, 2 exactly once',
    '服务质量：0 至多一次，1 至少一次，2 恰好一次',
    [0, 1, 2],
  ),
  option('checkpointInterval', 'int', 300000, 'Checkpoint interval in ms (qos > 0)', '检查点间隔（毫秒）'),
]

/** The `about` block of a connector: its declaration's description and doc, or a generic one. */
export function connectorAbout(kind: 'sink' | 'source', name: string, decl: ConnectorDeclaration | undefined): About {
  return about(
    decl?.description ?? { en: `The ${name} ${kind}`, zh: `${name} ${kind === 'sink' ? '动作' : '源'}` },
    decl?.doc ?? '',
  )
}

/** A field for each key of a source conf section that no property declares (types inferred from the yaml values). */
export function fieldsOf(section: Readonly<Record<string, unknown>>): FieldMeta[] {
  return Object.entries(section).map(([k, v]) =>
    fieldOf({ name: k, type: inferredType(v), default: v, description: { en: k, zh: k } }),
  )
}

function inferredType(v: unknown): PropertyType {
  if (typeof v === 'boolean') return 'bool'
  if (typeof v === 'number' || typeof v === 'bigint') return Number.isInteger(Number(v)) ? 'int' : 'float'
  if (Array.isArray(v))
    return v.every((x) => typeof x === 'number' || typeof x === 'bigint') ? 'list_int' : 'list_string'
  return typeof v === 'object' && v !== null ? 'map' : 'string'
}
