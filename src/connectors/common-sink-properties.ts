// The properties every sink takes besides its own (1.0 sink_node.go + 1.1's retryCount), declared once: the sink
// node reads them (runtime/sink/conf.ts), /metadata/sinks/{name} serves them as `baseProperty`, docs list them.
// As in 1.0 they are lenient: an ill-typed value is logged and the default kept.

import { declareConnector } from './properties.js'

export const commonSinkProperties = declareConnector({
  name: 'every',
  kind: 'sink',
  description: { en: 'The properties every sink takes', zh: '所有 Sink 都接受的属性' },
  properties: {
    concurrency: {
      type: 'int',
      default: 1,
      min: 1,
      lenient: true,
      example: '"concurrency": 4',
      description: {
        en: 'Writes in flight at once (1.0: parallel sink instances). Above 1, results may arrive out of order.',
        zh: '同时进行的写入数（1.0：并行的 Sink 实例）。大于 1 时结果可能乱序到达。',
      },
    },
    bufferLength: {
      type: 'int',
      min: 1,
      lenient: true,
      defaultText: { en: "the rule's", zh: '规则的值' },
      example: '"bufferLength": 1024',
      description: {
        en: 'Results queued in front of the sink before upstream operators wait.',
        zh: '上游算子开始等待之前，在 Sink 前排队的结果数。',
      },
    },
    runAsync: {
      type: 'bool',
      default: false,
      lenient: true,
      example: '"runAsync": true',
      description: {
        en: 'Writes do not wait for each other (no ordering); at most `bufferLength` in flight.',
        zh: '写入之间互不等待（不保证顺序）；最多有 `bufferLength` 个在进行中。',
      },
    },
    retryInterval: {
      type: 'int',
      default: 1000,
      min: 0,
      lenient: true,
      example: '"retryInterval": 500',
      description: {
        en: 'ms between attempts of a failed message. `0`: no retry, a failed message is dropped.',
        zh: '失败消息两次尝试之间的毫秒数。`0`：不重试，失败的消息被丢弃。',
      },
    },
    retryCount: {
      type: 'int',
      min: 0,
      lenient: true,
      defaultText: { en: 'unlimited', zh: '不限' },
      example: '"retryCount": 3',
      description: {
        en: "Retries of one message before it is dropped (eKuiper 1.1's property; 1.0 retried forever).",
        zh: '一条消息被丢弃前的重试次数（eKuiper 1.1 的属性；1.0 永远重试）。',
      },
    },
    cacheLength: {
      type: 'int',
      min: 0,
      lenient: true,
      defaultText: { en: 'unset', zh: '未设置' },
      example: '"cacheLength": 10000',
      description: {
        en: "Most messages kept in the outbox while the sink fails; when full, the oldest is dropped. Unset: bounded by bytes only (`sink.outboxMaxBytes`, 1 GiB, and 90 % of the disk; 1.0 kept 1024). `0`: no outbox — the failed message is retried in place and later results wait behind it (1.0's blocking).",
        zh: 'Sink 失败期间发件箱中最多保留的消息数；满时丢弃最旧的消息。未设置：只按字节数限制（`sink.outboxMaxBytes`，1 GiB，以及磁盘的 90 %；1.0 保留 1024 条）。`0`：没有发件箱——失败的消息原地重试，后续结果在其后等待（1.0 的阻塞行为）。',
      },
    },
    cacheSaveInterval: {
      type: 'int',
      default: 1000,
      min: 0,
      lenient: true,
      example: '"cacheSaveInterval": 0',
      description: {
        en: 'ms between saves of the outbox to the state store (`0`: save every change). With qos ≥ 1 it is also saved at each checkpoint.',
        zh: '把发件箱保存到状态存储的间隔毫秒数（`0`：每次变化都保存）。qos ≥ 1 时在每个检查点也会保存。',
      },
    },
    omitIfEmpty: {
      type: 'bool',
      default: false,
      lenient: true,
      example: '"omitIfEmpty": true',
      description: { en: 'Drop a result that is exactly `[{}]`.', zh: '丢弃恰好为 `[{}]` 的结果。' },
    },
    sendSingle: {
      type: 'bool',
      default: false,
      lenient: true,
      example: '"sendSingle": true',
      description: {
        en: 'Send each row of a result as its own message (`{"a":1}` instead of `[{"a":1}]`; the template runs once per row).',
        zh: '把结果的每一行作为单独的消息发送（`{"a":1}` 而不是 `[{"a":1}]`；模板对每行运行一次）。',
      },
    },
    dataTemplate: {
      type: 'string',
      default: '',
      lenient: true,
      defaultText: { en: '— (`""` = no template)', zh: '—（`""` = 无模板）' },
      example: '"dataTemplate": "{{json .}}"',
      description: {
        en: 'Go `text/template` rendering each message (below). An invalid template stops the rule from starting: `property dataTemplate <t> is invalid: template: sink:1: ...`.',
        zh: '渲染每条消息的 Go `text/template`（见下文）。无效的模板使规则无法启动：`property dataTemplate <t> is invalid: template: sink:1: ...`。',
      },
    },
  },
})
