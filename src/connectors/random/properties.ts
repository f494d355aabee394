// The `random` source conf keys (etc/sources/random.yaml, 1.0 sample plugin), declared once.

import type { ConnectorProps } from '../api.js'
import { declareConnector } from '../properties.js'

export const randomSourceProperties = declareConnector({
  name: 'random',
  kind: 'source',
  description: { en: 'Emit random messages from a pattern', zh: '按模板生成随机消息' },
  doc: 'plugins/sources/random.md',
  properties: {
    interval: {
      type: 'int',
      required: true,
      min: 1,
      example: 'interval: 100',
      description: { en: 'Milliseconds between messages (rule clock).', zh: '两条消息之间的毫秒数（规则时钟）。' },
    },
    seed: {
      type: 'int',
      required: true,
      min: 1,
      example: 'seed: 10',
      description: {
        en: 'Each value is `pattern value + rand[0, seed)`; `seed: 1` gives the pattern itself.',
        zh: '每个值为 `pattern value + rand[0, seed)`；`seed: 1` 即输出 pattern 本身。',
      },
    },
    pattern: {
      type: 'map',
      required: true,
      example: 'pattern: {count: 50, temp: 20}',
      description: {
        en: 'Map of integer fields (bigint values); non-integer values are skipped.',
        zh: '整数字段（bigint 值）的映射；跳过非整数值。',
      },
    },
    deduplicate: {
      type: 'int',
      default: 0,
      example: 'deduplicate: 50',
      description: {
        en: "`0` off; `N > 0` drops a message equal to one of the last N sent; `< 0` to any sent before. The list is kept in the rule's state (checkpointed with qos > 0).",
        zh: '`0` 关闭；`N > 0` 丢弃与最近发送的 N 条消息之一相同的消息；`< 0` 丢弃与之前发送过的任何消息相同的消息。该列表保存在规则的状态中（qos > 0 时进入检查点）。',
      },
    },
  },
})

export interface RandomConf {
  readonly interval: number
  readonly seed: number
  readonly pattern: Readonly<Record<string, unknown>>
  /** 0: off; N > 0: the last N messages; < 0: every message so far. */
  readonly deduplicate: number
}

/** The source's conf, checked by its declaration; CONFIG_ERROR naming the first bad key. */
export function randomConf(props: ConnectorProps): RandomConf {
  return randomSourceProperties.parse(props)
}
