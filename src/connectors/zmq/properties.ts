// The zmq source conf key (etc/sources/zmq.yaml) and sink properties (1.0 sample plugins), declared once.

import { declareConnector } from '../properties.js'
import type { ConnectorProps } from '../api.js'

export const zmqSourceProperties = declareConnector({
  name: 'zmq',
  kind: 'source',
  description: { en: 'Subscribe to a ZeroMQ publisher', zh: '订阅 ZeroMQ 发布者' },
  doc: 'plugins/sources/zmq.md',
  properties: {
    server: {
      type: 'string',
      required: true,
      example: 'server: tcp://127.0.0.1:5563',
      description: { en: 'Publisher endpoint to connect.', zh: '要连接的发布者端点。' },
    },
  },
})

export const zmqSinkProperties = declareConnector({
  name: 'zmq',
  kind: 'sink',
  description: { en: 'Publish the results on a ZeroMQ PUB socket', zh: '在 ZeroMQ PUB 套接字上发布结果' },
  doc: 'plugins/sinks/zmq.md',
  properties: {
    server: {
      type: 'string',
      required: true,
      example: '"server": "tcp://127.0.0.1:5563"',
      description: { en: 'Endpoint to bind.', zh: '要绑定的端点。' },
    },
    topic: {
      type: 'string',
      default: '',
      example: '"topic": "results"',
      description: { en: 'Topic frame sent before the payload.', zh: '在消息体之前发送的主题帧。' },
    },
  },
})

/** The source's `server`; CONFIG_ERROR when missing or not a string. */
export function zmqSourceServer(props: ConnectorProps): string {
  return zmqSourceProperties.parse(props).server
}

/** A sink's properties: `server` required, `topic` optional; CONFIG_ERROR otherwise. */
export function zmqSinkConf(props: ConnectorProps): { readonly server: string; readonly topic: string } {
  return zmqSinkProperties.parse(props)
}
