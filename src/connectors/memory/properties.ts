// The memory source (no conf keys of its own) and memory sink properties, declared once.

import { KuiperError } from '../../core/errors.js'
import type { ConnectorProps } from '../api.js'
import { declareConnector } from '../properties.js'

export const memorySourceProperties = declareConnector({
  name: 'memory',
  kind: 'source',
  description: { en: 'Read messages from an in-process memory topic', zh: '从进程内的内存主题读取消息' },
  doc: 'rules/sources/memory.md',
  properties: {},
})

export const memorySinkProperties = declareConnector({
  name: 'memory',
  kind: 'sink',
  description: { en: 'Publish the results to an in-process memory topic', zh: '将结果发布到进程内的内存主题' },
  doc: 'rules/sinks/memory.md',
  properties: {
    topic: {
      type: 'string',
      required: true,
      example: '"topic": "devices/out"',
      description: {
        en: 'The memory topic to publish to (no wildcards); memory streams read it as their DATASOURCE.',
        zh: '要发布到的内存主题（不含通配符）；内存流以它作为 DATASOURCE 读取。',
      },
    },
  },
})

/** The `topic` property: required, without wildcards; CONFIG_ERROR otherwise. */
export function memorySinkTopic(props: ConnectorProps): string {
  const { topic } = memorySinkProperties.parse(props)
  if (topic === '') throw new KuiperError('CONFIG_ERROR', 'memory sink is missing property topic')
  if (topic.includes('+') || topic.includes('#')) {
    throw new KuiperError('CONFIG_ERROR', `invalid memory topic ${topic}: wildcards are not allowed`)
  }
  return topic
}
