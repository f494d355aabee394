// The log sink takes no property of its own (the common sink properties only).

import { declareConnector } from '../properties.js'

export const logSinkProperties = declareConnector({
  name: 'log',
  kind: 'sink',
  description: { en: 'Log the results', zh: '将结果写入日志' },
  doc: 'rules/sinks/logs.md',
  properties: {},
})
