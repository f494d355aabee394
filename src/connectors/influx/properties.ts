// The InfluxDB sink properties (1.0 plugin `influx`), declared once.

import { declareConnector } from '../properties.js'

export const influxSinkProperties = declareConnector({
  name: 'influx',
  kind: 'sink',
  description: { en: 'Write the results to InfluxDB 1.x', zh: '将结果写入 InfluxDB 1.x' },
  doc: 'plugins/sinks/influxdb.md',
  properties: {
    addr: {
      type: 'string',
      default: 'http://127.0.0.1:8086',
      example: '"addr": "http://influx:8086"',
      description: { en: 'Server URL.', zh: '服务器 URL。' },
    },
    username: {
      type: 'string',
      default: '',
      example: '"username": "kuiper"',
      description: { en: 'User (basic auth).', zh: '用户（basic 认证）。' },
    },
    password: {
      type: 'string',
      default: '',
      example: '"password": "secret"',
      description: { en: 'Password.', zh: '密码。' },
    },
    measurement: {
      type: 'string',
      required: true,
      example: '"measurement": "room"',
      description: { en: 'Measurement of every point.', zh: '每个数据点的 measurement。' },
    },
    databasename: {
      type: 'string',
      required: true,
      example: '"databasename": "kuiper"',
      description: { en: 'Database.', zh: '数据库。' },
    },
    tagkey: {
      type: 'string',
      default: '',
      example: '"tagkey": "device"',
      description: {
        en: 'Tag key written on every point (with `tagvalue`; none when either is empty).',
        zh: '写在每个数据点上的标签键（与 `tagvalue` 一起；任一为空时不写）。',
      },
    },
    tagvalue: {
      type: 'string',
      default: '',
      example: '"tagvalue": "d1"',
      description: { en: 'Its value.', zh: '其值。' },
    },
    fields: {
      type: 'list_string',
      defaultText: { en: 'every field of the row', zh: '行的每个字段' },
      example: '"fields": "temperature,humidity"',
      description: {
        en: 'Fields to write (comma list or array), in this order; rows with none of them are skipped.',
        zh: '要写入的字段（逗号分隔的列表或数组），按此顺序；一个都不含的行被跳过。',
      },
    },
    timeout: {
      type: 'int',
      default: 5000,
      min: 1,
      example: '"timeout": 2000',
      description: { en: 'ms per write request.', zh: '每个写入请求的毫秒数。' },
    },
  },
})
