// The REST sink properties (1.0 xstream/sinks/rest_sink.go Configure), declared once.

import { declareConnector } from '../properties.js'

export const restSinkProperties = declareConnector({
  name: 'rest',
  kind: 'sink',
  description: { en: 'Send the results to an HTTP endpoint', zh: '将结果发送到 HTTP 服务' },
  doc: 'rules/sinks/rest.md',
  properties: {
    url: {
      type: 'string',
      required: true,
      example: '"url": "https://api.example/v1"',
      description: { en: '`http://` or `https://` URL.', zh: '`http://` 或 `https://` URL。' },
    },
    method: {
      type: 'string',
      default: 'get',
      values: ['get', 'post', 'put', 'patch', 'delete', 'head'],
      ignoreCase: true,
      example: '"method": "post"',
      description: { en: 'HTTP method (any case).', zh: 'HTTP 方法（不区分大小写）。' },
    },
    bodyType: {
      type: 'string',
      values: ['none', 'json', 'text', 'html', 'xml', 'javascript', 'form'],
      ignoreCase: true,
      defaultText: { en: '`none` for GET/HEAD, else `json`', zh: 'GET/HEAD 为 `none`，其他为 `json`' },
      example: '"bodyType": "form"',
      description: {
        en: '`none` (no body), `json`, `text`, `html`, `xml`, `javascript` (the payload with Content-Type `application/json`, `text/plain`, `text/html`, `application/xml`, `application/javascript`), `form` (below).',
        zh: '`none`（无请求体）、`json`、`text`、`html`、`xml`、`javascript`（消息体，Content-Type 分别为 `application/json`、`text/plain`、`text/html`、`application/xml`、`application/javascript`）、`form`（见下文）。',
      },
    },
    headers: {
      type: 'map',
      example: '"headers": {"X-Token": "abc"}',
      description: {
        en: 'Map of header values; they override the Content-Type.',
        zh: '请求头值的映射；它们覆盖 Content-Type。',
      },
    },
    timeout: {
      type: 'float',
      default: 5000,
      min: 0,
      example: '"timeout": 1000',
      description: { en: 'ms for the whole request. A timeout is retried.', zh: '整个请求的毫秒数。超时会重试。' },
    },
    sendSingle: {
      type: 'bool',
      default: false,
      example: '"sendSingle": true',
      description: {
        en: 'Also decides the `form` encoding: with it a payload that is not a JSON object is an error.',
        zh: '同时决定 `form` 编码：设置时，不是 JSON 对象的消息体是错误。',
      },
    },
    debugResp: {
      type: 'bool',
      default: false,
      example: '"debugResp": true',
      description: {
        en: 'Log each response body (`Response content: ...`) at info.',
        zh: '以 info 级别记录每个应答体（`Response content: ...`）。',
      },
    },
    insecureSkipVerify: {
      type: 'bool',
      default: true,
      defaultText: { en: '`true` (1.0)', zh: '`true`（1.0）' },
      example: '"insecureSkipVerify": false',
      description: { en: 'Accept any HTTPS server certificate.', zh: '接受任何 HTTPS 服务器证书。' },
    },
  },
})
