// The MQTT source conf keys (etc/mqtt_source.yaml, 1.0's MQTTConfig) and sink properties, declared once.

import { declareConnector } from '../properties.js'

/**
 * The default cap of the reconnection backoff: a connection is back within about 1.5 s (plus the connection
 * itself) of its broker's return, whatever the length of the outage.
 */
export const DEFAULT_RECONNECT_MAX_MS = 1500
export const DEFAULT_MAX_PAYLOAD_SIZE = 1024 * 1024

const TLS = {
  certificationPath: {
    type: 'string',
    description: {
      en: 'Client certificate (PEM) for TLS client authentication; a relative path is relative to the working directory. Use an `ssl://` server.',
      zh: '用于 TLS 客户端认证的客户端证书（PEM）；相对路径相对于工作目录。请使用 `ssl://` 服务器。',
    },
  },
  privateKeyPath: {
    type: 'string',
    description: { en: 'Private key (PEM) of the client certificate.', zh: '客户端证书的私钥（PEM）。' },
  },
  insecureSkipVerify: {
    type: 'bool',
    default: false,
    description: {
      en: 'Accept a broker certificate that does not verify (self-signed, wrong host).',
      zh: '接受无法验证的代理证书（自签名、主机名不符）。',
    },
  },
} as const

const RECONNECT = {
  type: 'int',
  default: DEFAULT_RECONNECT_MAX_MS,
  min: 1,
  description: {
    en: 'The cap, in ms, of the reconnection backoff (250 ms doubling, each delay jittered to a random 50–100 %): a lost connection is back within about this long after the broker returns. Clamped to 2^31 − 1.',
    zh: '重连退避的上限（毫秒）（从 250 毫秒开始翻倍，每次延迟随机抖动到 50–100 %）：代理恢复后，断开的连接大约在这段时间内恢复。上限为 2^31 − 1。',
  },
} as const

export const mqttSourceProperties = declareConnector({
  name: 'mqtt',
  kind: 'source',
  description: { en: 'Read messages from an MQTT broker', zh: '从 MQTT 服务器读取消息' },
  doc: 'rules/sources/mqtt.md',
  keysIgnoreCase: true,
  properties: {
    servers: {
      type: 'list_string',
      required: true,
      example: 'servers: [tcp://127.0.0.1:1883]',
      formValue: ['tcp://127.0.0.1:1883'],
      description: {
        en: 'Broker URLs; only the **first** is used, as in 1.0. `tcp://`, `mqtt://`, `ssl://`, `mqtts://`, `ws://`, `wss://`.',
        zh: '代理 URL；与 1.0 一样只使用**第一个**。支持 `tcp://`、`mqtt://`、`ssl://`、`mqtts://`、`ws://`、`wss://`。',
      },
    },
    qos: {
      type: 'int',
      default: 1,
      values: [0, 1, 2],
      example: 'qos: 0',
      description: {
        en: 'Subscription QoS (0, 1 or 2). Honoured (1.0 always subscribed with QoS 0).',
        zh: '订阅的 QoS（0、1 或 2）。会被遵循（1.0 总是以 QoS 0 订阅）。',
      },
    },
    sharedSubscription: {
      type: 'bool',
      default: true,
      example: 'sharedSubscription: false',
      description: {
        en: "`true`: a `$share/<group>/` (or `$queue/`) DATASOURCE is a real shared subscription — the broker balances the topic's messages between the group's members (several Kuiper instances), and messages arrive under their real topic. `false`: the prefix is dropped and the topic subscribed plainly. Kuiper never adds a `$share` prefix by itself.",
        zh: '`true`：以 `$share/<group>/`（或 `$queue/`）开头的 DATASOURCE 是真正的共享订阅——代理在组内成员（多个 Kuiper 实例）之间分配该主题的消息，消息以其真实主题到达。`false`：去掉前缀，普通地订阅该主题。Kuiper 从不自行添加 `$share` 前缀。',
      },
    },
    clientid: {
      type: 'string',
      defaultText: { en: 'generated (`kuiper_` + 16 hex digits)', zh: '自动生成（`kuiper_` + 16 位十六进制数）' },
      example: 'clientid: kuiper-edge-1',
      description: {
        en: 'MQTT client id. With `qos` ≥ 1 a configured id also makes the session persistent (clean session off), so QoS 1/2 messages published while Kuiper is disconnected are kept by the broker and delivered on reconnection.',
        zh: 'MQTT 客户端 id。当 `qos` ≥ 1 时，配置了 id 还会使会话持久化（关闭 clean session），因此 Kuiper 断开期间发布的 QoS 1/2 消息由代理保留，并在重连后投递。',
      },
    },
    protocolVersion: {
      type: 'string',
      default: '3.1',
      example: 'protocolVersion: "3.1.1"',
      description: {
        en: '`"3.1.1"` → MQTT 3.1.1 (v4); anything else → MQTT 3.1.',
        zh: '`"3.1.1"` → MQTT 3.1.1（v4）；其他值 → MQTT 3.1。',
      },
    },
    username: {
      type: 'string',
      example: 'username: user1',
      description: {
        en: 'User name; used only when no certificate is configured.',
        zh: '用户名；仅在未配置证书时使用。',
      },
    },
    password: {
      type: 'string',
      example: 'password: secret',
      description: {
        en: 'Password (surrounding spaces trimmed); used only when no certificate is configured.',
        zh: '密码（去掉首尾空格）；仅在未配置证书时使用。',
      },
    },
    certificationPath: { ...TLS.certificationPath, example: 'certificationPath: /var/kuiper/xyz-certificate.pem' },
    privateKeyPath: { ...TLS.privateKeyPath, example: 'privateKeyPath: /var/kuiper/xyz-private.pem.key' },
    insecureSkipVerify: { ...TLS.insecureSkipVerify, example: 'insecureSkipVerify: true' },
    reconnectMaxInterval: { ...RECONNECT, example: 'reconnectMaxInterval: 5000' },
    maxPayloadSize: {
      type: 'int',
      default: DEFAULT_MAX_PAYLOAD_SIZE,
      min: 1,
      defaultText: { en: '`1048576` (1 MiB)', zh: '`1048576`（1 MiB）' },
      example: 'maxPayloadSize: 65536',
      description: {
        en: 'Largest payload in bytes; a larger one is dropped before decoding, counted in `exceptions_total` with `last_exception` `payload of <n> bytes on topic <t> exceeds maxPayloadSize <max>, dropped` and logged (throttled).',
        zh: '消息体的最大字节数；更大的消息在解码前被丢弃，计入 `exceptions_total`，`last_exception` 为 `payload of <n> bytes on topic <t> exceeds maxPayloadSize <max>, dropped`，并记录日志（限流）。',
      },
    },
    kubeedgeModelFile: {
      type: 'string',
      example: 'kubeedgeModelFile: model.json',
      description: {
        en: 'KubeEdge device model, a JSON file under `etc/sources/` (see below).',
        zh: 'KubeEdge 设备模型，位于 `etc/sources/` 下的 JSON 文件（见下文）。',
      },
    },
    kubeedgeVersion: {
      type: 'string',
      example: 'kubeedgeVersion: ""',
      description: { en: 'Reserved (one model format).', zh: '保留（只有一种模型格式）。' },
    },
    concurrency: {
      type: 'int',
      default: 1,
      example: 'concurrency: 1',
      description: { en: 'Common source key (instances).', zh: '源的公共配置项（实例数）。' },
    },
    bufferLength: {
      type: 'int',
      default: 102400,
      example: 'bufferLength: 1024',
      description: { en: 'Common source key (in-memory buffer).', zh: '源的公共配置项（内存缓冲区）。' },
    },
  },
})

export const mqttSinkProperties = declareConnector({
  name: 'mqtt',
  kind: 'sink',
  description: { en: 'Publish the results to an MQTT broker', zh: '将结果发布到 MQTT 服务器' },
  doc: 'rules/sinks/mqtt.md',
  properties: {
    server: {
      type: 'string',
      required: true,
      example: '"server": "tcp://127.0.0.1:1883"',
      formValue: 'tcp://127.0.0.1:1883',
      description: { en: 'Broker URL.', zh: '代理 URL。' },
    },
    topic: {
      type: 'string',
      required: true,
      example: '"topic": "devices/alerts"',
      description: { en: 'Topic to publish to (no wildcards).', zh: '要发布到的主题（不含通配符）。' },
    },
    clientId: {
      type: 'string',
      defaultText: { en: 'generated', zh: '自动生成' },
      example: '"clientId": "kuiper-sink-1"',
      description: {
        en: 'Client id; sinks and sources with equal broker settings share one client.',
        zh: '客户端 id；代理设置相同的 Sink 和源共享一个客户端。',
      },
    },
    protocolVersion: {
      type: 'string',
      default: '3.1',
      values: ['3.1', '3.1.1'],
      example: '"protocolVersion": "3.1.1"',
      description: { en: 'MQTT 3.1 or 3.1.1.', zh: 'MQTT 3.1 或 3.1.1。' },
    },
    qos: {
      type: 'int',
      default: 0,
      values: [0, 1, 2],
      example: '"qos": 1',
      description: {
        en: 'Publish QoS. With 1 and 2 a send completes when the broker acknowledged it.',
        zh: '发布的 QoS。为 1 和 2 时，代理确认后一次发送才算完成。',
      },
    },
    username: {
      type: 'string',
      example: '"username": "user1"',
      description: { en: 'User name (ignored when a certificate is set).', zh: '用户名（设置了证书时忽略）。' },
    },
    password: {
      type: 'string',
      example: '"password": "secret"',
      description: { en: 'Password (ignored when a certificate is set).', zh: '密码（设置了证书时忽略）。' },
    },
    certificationPath: { ...TLS.certificationPath, example: '"certificationPath": "/var/kuiper/cert.pem"' },
    privateKeyPath: { ...TLS.privateKeyPath, example: '"privateKeyPath": "/var/kuiper/key.pem"' },
    insecureSkipVerify: { ...TLS.insecureSkipVerify, example: '"insecureSkipVerify": true' },
    retained: {
      type: 'bool',
      default: false,
      example: '"retained": true',
      description: { en: 'Publish with the retain flag.', zh: '带保留（retain）标志发布。' },
    },
    reconnectMaxInterval: { ...RECONNECT, example: '"reconnectMaxInterval": 5000' },
  },
})
