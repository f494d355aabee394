// The TDengine sink properties (1.0 plugin `tdengine`), declared once.

import { declareConnector } from '../properties.js'

export const tdengineSinkProperties = declareConnector({
  name: 'tdengine',
  kind: 'sink',
  description: { en: 'Insert the results into TDengine', zh: '将结果插入 TDengine' },
  doc: 'plugins/sinks/tdengine.md',
  properties: {
    host: {
      type: 'string',
      default: '127.0.0.1',
      example: '"host": "10.0.0.5"',
      description: { en: 'Server host.', zh: '服务器主机。' },
    },
    ip: {
      type: 'string',
      example: '"ip": "10.0.0.5"',
      description: {
        en: "Server host (1.0's name, used when `host` is not set).",
        zh: '服务器主机（1.0 的名称，未设置 `host` 时使用）。',
      },
    },
    port: {
      type: 'int',
      default: 6041,
      min: 1,
      example: '"port": 6041',
      description: { en: 'REST port.', zh: 'REST 端口。' },
    },
    user: {
      type: 'string',
      default: 'root',
      example: '"user": "root"',
      description: { en: 'User.', zh: '用户。' },
    },
    password: {
      type: 'string',
      default: 'taosdata',
      example: '"password": "taosdata"',
      description: { en: 'Password.', zh: '密码。' },
    },
    database: {
      type: 'string',
      required: true,
      example: '"database": "db1"',
      description: { en: 'Database.', zh: '数据库。' },
    },
    table: {
      type: 'string',
      required: true,
      example: '"table": "sensors"',
      description: { en: 'Table to insert into.', zh: '要插入的表。' },
    },
    tsFieldName: {
      type: 'string',
      required: true,
      example: '"tsFieldName": "ts"',
      description: { en: 'Timestamp column.', zh: '时间戳列。' },
    },
    provideTs: {
      type: 'bool',
      default: false,
      example: '"provideTs": true',
      description: {
        en: "Take the timestamp from the row's `tsFieldName` field (else `Timestamp field not found : ts.`); `false` writes `now`.",
        zh: '从行的 `tsFieldName` 字段获取时间戳（否则报 `Timestamp field not found : ts.`）；`false` 写入 `now`。',
      },
    },
    fields: {
      type: 'list_string',
      defaultText: { en: 'every field of the row, sorted', zh: '行的每个字段，已排序' },
      example: '"fields": ["temperature"]',
      description: {
        en: 'Columns to write (array or comma list); listed fields missing in a row are logged and skipped.',
        zh: '要写入的列（数组或逗号分隔的列表）；行中缺少的所列字段会被记录日志并跳过。',
      },
    },
    timeout: {
      type: 'int',
      default: 5000,
      min: 1,
      example: '"timeout": 2000',
      description: { en: 'ms per request.', zh: '每个请求的毫秒数。' },
    },
  },
})
