// The EdgeX source conf keys (etc/sources/edgex.yaml) and sink properties (1.0 edgex_source.go / edgex_sink.go
// Configure), declared once. Source defaults: tcp://localhost:5563 topic `events`; sink: tcp://*:5573 topic `events`.

import { declareConnector } from '../properties.js'

/** The message bus implementations of go-mod-messaging that 1.0 accepts (`redis` is EdgeX 2's `redisstreams`). */
const BUS_TYPES = ['zero', 'mqtt', 'redisstreams', 'redis']

export const edgexSourceProperties = declareConnector({
  name: 'edgex',
  kind: 'source',
  description: { en: 'Read events from the EdgeX message bus', zh: '从 EdgeX 消息总线读取事件' },
  doc: 'rules/sources/edgex.md',
  properties: {
    protocol: {
      type: 'string',
      default: 'tcp',
      example: 'protocol: tcp',
      description: {
        en: 'Bus protocol: `tcp` (ZeroMQ / MQTT over TCP), `ssl`/`tls`/`mqtts`, `ws`/`wss` for MQTT, `redis`/`rediss` for Redis.',
        zh: '总线协议：`tcp`（ZeroMQ / 基于 TCP 的 MQTT），MQTT 使用 `ssl`/`tls`/`mqtts`、`ws`/`wss`，Redis 使用 `redis`/`rediss`。',
      },
    },
    server: {
      type: 'string',
      default: 'localhost',
      example: 'server: 127.0.0.1',
      description: {
        en: 'Bus host (ZeroMQ: the publisher the SUB socket connects to).',
        zh: '总线主机（ZeroMQ：SUB 套接字连接的发布者）。',
      },
    },
    port: {
      type: 'int',
      default: 5563,
      defaultText: { en: "`5563` (1.0's code; its docs said 5573)", zh: '`5563`（1.0 的代码；其文档写的是 5573）' },
      example: 'port: 1883',
      description: { en: 'Bus port.', zh: '总线端口。' },
    },
    topic: {
      type: 'string',
      defaultText: { en: "the stream's `DATASOURCE`", zh: '流的 `DATASOURCE`' },
      example: 'topic: events',
      description: {
        en: 'Bus topic to subscribe to. 1.0 ignored `DATASOURCE`; here it only stands in when the conf has no topic.',
        zh: '要订阅的总线主题。1.0 忽略 `DATASOURCE`；这里仅在配置中没有主题时用它代替。',
      },
    },
    serviceServer: {
      type: 'string',
      required: true,
      example: 'serviceServer: http://localhost:48080',
      description: {
        en: 'core-data base URL; `<serviceServer>/api/v1/valuedescriptor` gives the type of each reading name. Fetched at the first unknown name and again (at most once a second) for later unknown names.',
        zh: 'core-data 的基础 URL；`<serviceServer>/api/v1/valuedescriptor` 给出每个读数名称的类型。遇到第一个未知名称时获取，之后遇到未知名称时再次获取（每秒最多一次）。',
      },
    },
    type: {
      type: 'string',
      default: 'zero',
      values: BUS_TYPES,
      example: 'type: redisstreams',
      description: {
        en: 'The message bus: `zero`, `mqtt`, `redisstreams` (or `redis`).',
        zh: '消息总线：`zero`、`mqtt`、`redisstreams`（或 `redis`）。',
      },
    },
    optional: {
      type: 'map',
      example: 'optional: {ClientId: kuiper, Qos: 1}',
      description: {
        en: 'Bus options; values are converted to strings (floats as `%.2f`). MQTT: `ClientId`, `Username`, `Password`, `Qos`, `KeepAlive` (s), `Retained`, `CleanSession`, `AutoReconnect`, `ConnectTimeout` (s), `CertFile`, `KeyFile`, `CertPEMBlock`, `KeyPEMBlock`, `SkipCertVerify`. Redis: `Password`, `Username`.',
        zh: '总线选项；值转换为字符串（浮点数按 `%.2f`）。MQTT：`ClientId`、`Username`、`Password`、`Qos`、`KeepAlive`（秒）、`Retained`、`CleanSession`、`AutoReconnect`、`ConnectTimeout`（秒）、`CertFile`、`KeyFile`、`CertPEMBlock`、`KeyPEMBlock`、`SkipCertVerify`。Redis：`Password`、`Username`。',
      },
    },
  },
})

export const edgexSinkProperties = declareConnector({
  name: 'edgex',
  kind: 'sink',
  description: { en: 'Publish the results to the EdgeX message bus', zh: '将结果发布到 EdgeX 消息总线' },
  doc: 'rules/sinks/edgex.md',
  properties: {
    protocol: {
      type: 'string',
      default: 'tcp',
      example: '"protocol": "tcp"',
      description: { en: 'Bus protocol (as for the source).', zh: '总线协议（与源相同）。' },
    },
    host: {
      type: 'string',
      default: '*',
      example: '"host": "127.0.0.1"',
      description: {
        en: 'Bus host. With `zero` the sink **binds** a PUB socket at `protocol://host:port` (`*` = every interface); for `mqtt` / `redisstreams` set the broker / Redis host.',
        zh: '总线主机。使用 `zero` 时 Sink 在 `protocol://host:port` 上**绑定**一个 PUB 套接字（`*` = 所有网络接口）；使用 `mqtt` / `redisstreams` 时设置代理 / Redis 的主机。',
      },
    },
    port: {
      type: 'int',
      default: 5573,
      lenient: true,
      example: '"port": 6379',
      description: {
        en: 'Bus port; a non-number is logged and the default kept (1.0).',
        zh: '总线端口；非数字会被记录日志并保留默认值（1.0）。',
      },
    },
    topic: {
      type: 'string',
      default: 'events',
      example: '"topic": "application"',
      description: { en: 'Topic to publish to.', zh: '要发布到的主题。' },
    },
    contentType: {
      type: 'string',
      default: 'application/json',
      example: '"contentType": "application/json"',
      description: { en: 'Content type written in the envelope.', zh: '写入信封的内容类型。' },
    },
    metadata: {
      type: 'string',
      example: '"metadata": "edgex_meta"',
      description: {
        en: "Name of a result field holding EdgeX metadata (typically `meta(*) AS edgex_meta`): the first such object fills the event's `device`, `id`, `created`, `modified`, `origin`, `pushed`, and its per-reading maps fill the readings of the same names. The field itself is not sent as a reading.",
        zh: '存放 EdgeX 元数据的结果字段名（通常为 `meta(*) AS edgex_meta`）：第一个这样的对象填充事件的 `device`、`id`、`created`、`modified`、`origin`、`pushed`，其中每个读数的映射填充同名的读数。该字段本身不作为读数发送。',
      },
    },
    deviceName: {
      type: 'string',
      example: '"deviceName": "kuiper"',
      description: { en: "Overrides the event's device.", zh: '覆盖事件的设备。' },
    },
    type: {
      type: 'string',
      default: 'zero',
      values: BUS_TYPES,
      lenient: true,
      example: '"type": "redisstreams"',
      description: {
        en: '`zero`, `mqtt`, `redisstreams` (`redis`); another value is logged and `zero` used (1.0).',
        zh: '`zero`、`mqtt`、`redisstreams`（`redis`）；其他值会被记录日志并使用 `zero`（1.0）。',
      },
    },
    optional: {
      type: 'map',
      example: '"optional": {"Password": "pw"}',
      description: {
        en: 'Bus options as for the source; values must be strings.',
        zh: '总线选项，与源相同；值必须是字符串。',
      },
    },
  },
})
