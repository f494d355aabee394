// The UI metadata of 1.0's /metadata endpoints (etc/sinks/*.json, etc/sources/*.json, etc/functions/*.json):
// `about` blocks and property fields of the built-in connectors, common sink properties and rule options.

export interface Texts {
  readonly en: string
  readonly zh: string
}

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

function field(
  name: string,
  type: FieldMeta['type'],
  def: unknown,
  en: string,
  zh: string,
  extra: Partial<FieldMeta> = {},
): FieldMeta {
  const control = type === 'bool' ? 'radio' : 'text'
  return {
    name,
    default: def,
    optional: true,
    control,
    type,
    hint: { en, zh },
    label: { en: name, zh: name },
    ...(type === 'bool' ? { values: [true, false] } : {}),
    ...extra,
  }
}

/** etc/sinks/properties.json: the properties every sink takes. */
export const COMMON_SINK_PROPERTIES: readonly FieldMeta[] = [
  field('concurrency', 'int', 1, 'The number of running threads of the sink', 'sink 的运行线程数'),
  field('bufferLength', 'int', 1024, 'The size of the sink input buffer', 'sink 输入缓冲区大小'),
  field('runAsync', 'bool', false, 'Send results asynchronously', '异步发送结果'),
  field(
    'retryInterval',
    'int',
    1000,
    'Retry interval in ms after a failed send; 0 disables retries',
    '发送失败后的重试间隔（毫秒）',
  ),
  field(
    'cacheLength',
    'int',
    null,
    'Maximum number of messages kept while the sink fails (unset: bounded by sink.outboxMaxBytes only; 0: no outbox)',
    '发送失败时最多缓存的消息数（不设置：仅受 sink.outboxMaxBytes 限制；0：不缓存）',
  ),
  field('cacheSaveInterval', 'int', 1000, 'Interval in ms to persist the cache', '缓存持久化间隔（毫秒）'),
  field('omitIfEmpty', 'bool', false, 'Do not send an empty result', '结果为空时不发送'),
  field('sendSingle', 'bool', false, 'Send each row of a result as its own message', '逐条发送结果中的每一行'),
  field('dataTemplate', 'string', '', 'Go text/template applied to the result', '应用于结果的 Go text/template 模板'),
]

/** etc/sinks/options.json: the rule options. */
export const RULE_OPTIONS: readonly FieldMeta[] = [
  field('isEventTime', 'bool', false, 'Use event time (the stream TIMESTAMP field)', '使用事件时间'),
  field('lateTolerance', 'int', 1000, 'Allowed lateness in ms for event time', '事件时间允许的延迟（毫秒）'),
  field('concurrency', 'int', 1, 'Instances per operator', '每个算子的实例数'),
  field('bufferLength', 'int', 1024, 'Input buffer size of each operator', '每个算子的输入缓冲区大小'),
  field('sendMetaToSink', 'bool', false, 'Send the metadata to sinks', '将元数据发送到 sink'),
  field(
    'qos',
    'int',
    0,
    'Quality of service: 0 at most once, 1 at least once, 2 exactly once',
    '服务质量：0 至多一次，1 至少一次，2 恰好一次',
    { control: 'list', values: [0, 1, 2] },
  ),
  field('checkpointInterval', 'int', 300000, 'Checkpoint interval in ms (qos > 0)', '检查点间隔（毫秒）'),
]

interface ConnectorMeta {
  readonly description: Texts
  readonly doc: string
  readonly properties: readonly FieldMeta[]
}

export const SINK_METADATA: Readonly<Record<string, ConnectorMeta>> = {
  log: { description: { en: 'Log the results', zh: '将结果写入日志' }, doc: 'rules/sinks/logs.md', properties: [] },
  nop: {
    description: { en: 'Discard the results', zh: '丢弃结果' },
    doc: 'rules/sinks/nop.md',
    properties: [field('log', 'bool', false, 'Also log the results', '同时打印结果日志')],
  },
  memory: {
    description: { en: 'Publish the results to an in-process memory topic', zh: '将结果发布到进程内的内存主题' },
    doc: 'rules/sinks/memory.md',
    properties: [field('topic', 'string', '', 'The memory topic', '内存主题', { optional: false })],
  },
  mqtt: {
    description: { en: 'Publish the results to an MQTT broker', zh: '将结果发布到 MQTT 服务器' },
    doc: 'rules/sinks/mqtt.md',
    properties: [
      field('server', 'string', 'tcp://127.0.0.1:1883', 'The MQTT broker address', 'MQTT 服务器地址', {
        optional: false,
      }),
      field('topic', 'string', '', 'The topic to publish to', '发布的主题', { optional: false }),
      field('clientId', 'string', '', 'The MQTT client id', 'MQTT 客户端 ID'),
      field('protocolVersion', 'string', '3.1', 'MQTT protocol version', 'MQTT 协议版本', {
        control: 'list',
        values: ['3.1', '3.1.1'],
      }),
      field('qos', 'int', 0, 'QoS of the published messages', '发布消息的 QoS', { control: 'list', values: [0, 1, 2] }),
      field('username', 'string', '', 'User name', '用户名'),
      field('password', 'string', '', 'Password', '密码'),
      field('certificationPath', 'string', '', 'Certificate path', '证书路径'),
      field('privateKeyPath', 'string', '', 'Private key path', '私钥路径'),
      field('insecureSkipVerify', 'bool', false, 'Skip the TLS verification', '跳过 TLS 校验'),
      field('retained', 'bool', false, 'Publish as retained messages', '发布保留消息'),
    ],
  },
  rest: {
    description: { en: 'Send the results to an HTTP endpoint', zh: '将结果发送到 HTTP 服务' },
    doc: 'rules/sinks/rest.md',
    properties: [
      field('url', 'string', '', 'The URL', 'URL 地址', { optional: false }),
      field('method', 'string', 'get', 'HTTP method', 'HTTP 方法', {
        control: 'list',
        values: ['get', 'post', 'put', 'patch', 'delete', 'head'],
      }),
      field('bodyType', 'string', 'json', 'Body type', '消息体类型', {
        control: 'list',
        values: ['none', 'json', 'text', 'html', 'xml', 'javascript', 'form'],
      }),
      field('timeout', 'int', 5000, 'Timeout in ms', '超时（毫秒）'),
      field('headers', 'list_object', {}, 'HTTP headers', 'HTTP 头'),
      field('debugResp', 'bool', false, 'Log the response', '打印响应日志'),
      field('insecureSkipVerify', 'bool', true, 'Skip the TLS verification', '跳过 TLS 校验'),
    ],
  },
}

export const SOURCE_METADATA: Readonly<Record<string, Omit<ConnectorMeta, 'properties'>>> = {
  mqtt: {
    description: { en: 'Read messages from an MQTT broker', zh: '从 MQTT 服务器读取消息' },
    doc: 'rules/sources/mqtt.md',
  },
  memory: {
    description: { en: 'Read messages from an in-process memory topic', zh: '从进程内的内存主题读取消息' },
    doc: 'rules/sources/memory.md',
  },
  httppull: { description: { en: 'Poll an HTTP endpoint', zh: '轮询 HTTP 服务' }, doc: 'rules/sources/http_pull.md' },
  edgex: {
    description: { en: 'Read events from the EdgeX message bus', zh: '从 EdgeX 消息总线读取事件' },
    doc: 'rules/sources/edgex.md',
  },
}

export function connectorAbout(kind: 'sink' | 'source', name: string): About {
  const m = kind === 'sink' ? SINK_METADATA[name] : SOURCE_METADATA[name]
  return about(
    m?.description ?? { en: `The ${name} ${kind}`, zh: `${name} ${kind === 'sink' ? '动作' : '源'}` },
    m?.doc ?? '',
  )
}

/** A field for each key of a source conf section (types inferred from the yaml values). */
export function fieldsOf(section: Readonly<Record<string, unknown>>): FieldMeta[] {
  return Object.entries(section).map(([k, v]) => {
    const type: FieldMeta['type'] =
      typeof v === 'boolean'
        ? 'bool'
        : typeof v === 'number'
          ? Number.isInteger(v)
            ? 'int'
            : 'float'
          : Array.isArray(v)
            ? v.every((x) => typeof x === 'number')
              ? 'list_int'
              : 'list_string'
            : typeof v === 'object' && v !== null
              ? 'list_object'
              : 'string'
    return field(k, type, v, k, k)
  })
}
