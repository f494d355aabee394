// The file source conf keys (etc/sources/file.yaml) and the file sink properties (1.0 plugin `file`), declared once.

import { declareConnector } from '../properties.js'

export const fileSourceProperties = declareConnector({
  name: 'file',
  kind: 'source',
  description: { en: 'Read the rows of a JSON or JSON-lines file', zh: '读取 JSON 或 JSON-lines 文件中的行' },
  properties: {
    path: {
      type: 'string',
      defaultText: { en: 'working directory', zh: '工作目录' },
      example: 'path: /var/data',
      description: {
        en: "Folder of the files, relative to kuiperd's working directory.",
        zh: '文件所在的目录，相对于 kuiperd 的工作目录。',
      },
    },
    fileType: {
      type: 'string',
      values: ['json', 'lines'],
      defaultText: { en: 'by extension', zh: '按扩展名' },
      example: 'fileType: lines',
      description: {
        en: '`json` (an array of objects, or one object) or `lines` (one object per line; blank lines skipped). Empty: `.jsonl`, `.ndjson`, `.lines` are `lines`, others `json`.',
        zh: '`json`（对象数组或单个对象）或 `lines`（每行一个对象；跳过空行）。为空时：`.jsonl`、`.ndjson`、`.lines` 为 `lines`，其他为 `json`。',
      },
    },
    interval: {
      type: 'int',
      default: 0,
      min: 0,
      example: 'interval: 60000',
      description: {
        en: 'Read the whole file again every `interval` ms (rule clock); `0` reads it once.',
        zh: '每隔 `interval` 毫秒（规则时钟）重新读取整个文件；`0` 只读取一次。',
      },
    },
    sendInterval: {
      type: 'int',
      default: 0,
      min: 0,
      example: 'sendInterval: 100',
      description: {
        en: 'Milliseconds between two messages (rule clock); `0` sends the whole file at once.',
        zh: '两条消息之间的毫秒数（规则时钟）；`0` 一次发送整个文件。',
      },
    },
  },
})

export const fileSinkProperties = declareConnector({
  name: 'file',
  kind: 'sink',
  description: { en: 'Append the results to a file, one line each', zh: '将结果逐行追加到文件' },
  doc: 'plugins/sinks/file.md',
  properties: {
    path: {
      type: 'string',
      defaultText: { en: '`<data>/sink/<ruleId>_<sinkName>`', zh: '`<data>/sink/<ruleId>_<sinkName>`' },
      example: '"path": "/tmp/out.txt"',
      description: {
        en: "File to append to (created with its folders; relative to kuiperd's working directory). Without `path` the file is in the data folder, one per rule and sink.",
        zh: '要追加写入的文件（连同其目录一起创建；相对路径相对于 kuiperd 的工作目录）。不设置 `path` 时，文件位于数据目录中，每个规则和 Sink 一个。',
      },
    },
    interval: {
      type: 'int',
      default: 1000,
      min: 0,
      example: '"interval": 0',
      description: {
        en: 'Milliseconds between writes of the buffered lines (also written when the rule stops); `0` writes each message before it counts as sent, so a write error is retried.',
        zh: '写入缓冲行的间隔毫秒数（规则停止时也会写入）；`0` 表示每条消息在计为已发送之前写入，因此写入错误会被重试。',
      },
    },
  },
})
