// The HTTP pull source conf keys (etc/sources/httppull.yaml, 1.0 httppull_source.go Configure) plus the TLS options
// of later eKuiper versions, declared once.

import { declareConnector } from '../properties.js'

export const httpPullSourceProperties = declareConnector({
  name: 'httppull',
  kind: 'source',
  description: { en: 'Poll an HTTP endpoint', zh: '轮询 HTTP 服务' },
  doc: 'rules/sources/http_pull.md',
  properties: {
    url: {
      type: 'string',
      default: 'http://localhost',
      example: 'url: http://127.0.0.1:9090/pull',
      description: { en: 'URL to request (`http://` or `https://`).', zh: '要请求的 URL（`http://` 或 `https://`）。' },
    },
    method: {
      type: 'string',
      default: 'GET',
      values: ['get', 'post', 'put', 'delete'],
      ignoreCase: true,
      example: 'method: post',
      description: { en: 'HTTP method (any case).', zh: 'HTTP 方法（不区分大小写）。' },
    },
    interval: {
      type: 'int',
      default: 10000,
      min: 1,
      example: 'interval: 1000',
      description: {
        en: 'Milliseconds between requests. Runs on the rule clock.',
        zh: '两次请求之间的毫秒数。按规则时钟运行。',
      },
    },
    timeout: {
      type: 'int',
      default: 5000,
      min: 1,
      example: 'timeout: 2000',
      description: { en: 'Milliseconds per request (whole answer).', zh: '每个请求（完整应答）的毫秒数。' },
    },
    incremental: {
      type: 'bool',
      default: false,
      example: 'incremental: true',
      description: {
        en: "Skip an answer whose MD5 equals the previous answer's.",
        zh: '跳过 MD5 与上一次应答相同的应答。',
      },
    },
    body: {
      type: 'string',
      default: '',
      example: `body: '{"device": "d1"}'`,
      description: { en: 'Request body text.', zh: '请求体文本。' },
    },
    bodyType: {
      type: 'string',
      default: 'json',
      values: ['none', 'text', 'json', 'html', 'xml', 'javascript', 'form'],
      ignoreCase: true,
      example: 'bodyType: form',
      description: {
        en: '`none` (no body), `text`, `json`, `html`, `xml`, `javascript`, `form`: sets `Content-Type` (`text/plain`, `application/json`, ...). `form` sends the fields of the JSON `body` urlencoded (strings as they are, maps and arrays as JSON).',
        zh: '`none`（无请求体）、`text`、`json`、`html`、`xml`、`javascript`、`form`：设置 `Content-Type`（`text/plain`、`application/json`……）。`form` 把 JSON `body` 的字段以 urlencoded 形式发送（字符串原样，映射和数组为 JSON）。',
      },
    },
    headers: {
      type: 'map',
      example: 'headers: {Accept: application/json}',
      description: {
        en: 'Header map (values converted to text); set after `Content-Type`, so they can override it.',
        zh: '请求头映射（值转换为文本）；在 `Content-Type` 之后设置，因此可以覆盖它。',
      },
    },
    insecureSkipVerify: {
      type: 'bool',
      default: false,
      example: 'insecureSkipVerify: true',
      description: {
        en: 'HTTPS: accept an unverifiable server certificate (not in 1.0).',
        zh: 'HTTPS：接受无法验证的服务器证书（1.0 中没有）。',
      },
    },
    certificationPath: {
      type: 'string',
      example: 'certificationPath: /var/kuiper/cert.pem',
      description: {
        en: 'HTTPS: client certificate (PEM), relative to the working directory (not in 1.0).',
        zh: 'HTTPS：客户端证书（PEM），相对于工作目录（1.0 中没有）。',
      },
    },
    privateKeyPath: {
      type: 'string',
      example: 'privateKeyPath: /var/kuiper/key.pem',
      description: { en: 'HTTPS: its private key (PEM) (not in 1.0).', zh: 'HTTPS：其私钥（PEM）（1.0 中没有）。' },
    },
    rootCaPath: {
      type: 'string',
      example: 'rootCaPath: /var/kuiper/ca.pem',
      description: {
        en: 'HTTPS: extra trusted CA certificate (PEM) (not in 1.0).',
        zh: 'HTTPS：额外信任的 CA 证书（PEM）（1.0 中没有）。',
      },
    },
  },
})
