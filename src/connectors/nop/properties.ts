// The nop sink's one property, declared once.

import { declareConnector } from '../properties.js'

export const nopSinkProperties = declareConnector({
  name: 'nop',
  kind: 'sink',
  description: { en: 'Discard the results', zh: '丢弃结果' },
  doc: 'rules/sinks/nop.md',
  properties: {
    log: {
      type: 'bool',
      default: false,
      example: '"log": true',
      description: { en: 'Also log each result at info level.', zh: '同时以 info 级别记录每个结果。' },
    },
  },
})
