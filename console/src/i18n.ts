// English and Chinese texts of the console. The language follows navigator.language until the user picks one with
// the switch (kept in localStorage); the REST messages follow it too (api.ts sends it as Content-Language).

import { signal } from '@preact/signals'

export type Language = 'en_US' | 'zh_CN'

const en = {
  appName: 'Kuiper console',
  skipToContent: 'Skip to content',
  navStreams: 'Streams',
  navRules: 'Rules',
  navQuery: 'Query',
  navTest: 'Rule test',
  navTraces: 'Traces',
  navPlugins: 'Plugins',
  navSources: 'Source settings',
  language: 'Language',
  logout: 'Log out',
  loading: 'Loading…',
  refresh: 'Refresh',
  create: 'Create',
  save: 'Save',
  cancel: 'Cancel',
  remove: 'Remove',
  drop: 'Drop',
  describe: 'Describe',
  edit: 'Edit',
  start: 'Start',
  stop: 'Stop',
  restart: 'Restart',
  run: 'Run',
  name: 'Name',
  type: 'Type',
  status: 'Status',
  actions: 'Actions',
  none: 'None yet.',
  confirmDrop: 'Drop {name}?',
  done: 'Done: {message}',
  // login
  loginTitle: 'Sign in',
  loginMissing: 'The API needs a token (basic.authentication is on). Paste a JWT signed by a key of etc/mgmt.',
  loginExpired: 'Your token was refused: {message}',
  token: 'Token (JWT)',
  signIn: 'Sign in',
  // streams
  streamsTitle: 'Streams',
  newStream: 'New stream',
  streamName: 'Stream name',
  fields: 'Fields',
  fieldName: 'Field name',
  fieldType: 'Field type',
  addField: 'Add field',
  removeField: 'Remove field {name}',
  schemaless: 'No fields: a schemaless stream',
  sourceType: 'Source type',
  datasource: 'Data source (topic)',
  format: 'Format',
  confKey: 'Configuration key',
  sourceSettings: 'Settings of {name}',
  // rules
  rulesTitle: 'Rules',
  newRule: 'New rule',
  ruleId: 'Rule id',
  sql: 'SQL',
  sqlValid: 'The SQL is valid.',
  sqlInvalid: 'Error: {message}',
  validationUnavailable: 'Validation is not available on this server (no /rules/validate).',
  sinks: 'Sinks',
  addSink: 'Add sink',
  sinkType: 'Sink type',
  removeSink: 'Remove sink {n}',
  sinkN: 'Sink {n}: {type}',
  options: 'Options',
  ruleSaved: 'Rule {id} saved.',
  // rule page
  topology: 'Topology',
  metrics: 'Metrics',
  operator: 'Operator',
  recordsIn: 'Records in',
  recordsOut: 'Records out',
  latency: 'Latency (ms)',
  exceptions: 'Exceptions',
  lastException: 'Last exception',
  recordsChart: 'Records in and out of {op}',
  latencyChart: 'Latency of {op}',
  notRunning: 'Not running: {status}',
  delete: 'Delete',
  confirmDelete: 'Delete rule {id}?',
  back: 'Back',
  // query
  queryTitle: 'Query',
  queryHelp: 'Runs a SELECT on a stream as kuiper query does; results appear as they come.',
  results: 'Results',
  noResults: 'No results yet.',
  queryRunning: 'Running query {id}',
  // rule test
  testTitle: 'Rule test',
  testHelp: 'Runs the SQL on mock data without storing a rule; the results stream below.',
  mockData: 'Mock data of stream {name} (JSON array)',
  mockStream: 'Stream',
  interval: 'Interval (ms)',
  loop: 'Loop',
  output: 'Output',
  ended: 'Ended: {reason}',
  testUnavailable: 'Rule tests are not available on this server (no /ruletest).',
  // traces
  tracesTitle: 'Traces',
  rule: 'Rule',
  strategy: 'Strategy',
  startTrace: 'Start tracing',
  stopTrace: 'Stop tracing',
  traceIds: 'Traces of {id}',
  traceTree: 'Trace {id}',
  input: 'Input',
  duration: 'Duration',
  tracesUnavailable: 'Traces are not available on this server.',
  // plugins
  pluginsTitle: 'Plugins',
  kind: 'Kind',
  pluginUrl: 'Archive URL (http(s):// or file://)',
  install: 'Install',
  builtin: 'built in',
  // sources
  sourcesTitle: 'Source settings',
  source: 'Source',
  confKeys: 'Configuration keys',
  newConfKey: 'New configuration key',
  confJson: 'Settings (JSON object)',
} as const

export type TextKey = keyof typeof en

const zh: Record<TextKey, string> = {
  appName: 'Kuiper 控制台',
  skipToContent: '跳到内容',
  navStreams: '流',
  navRules: '规则',
  navQuery: '查询',
  navTest: '规则测试',
  navTraces: '追踪',
  navPlugins: '插件',
  navSources: '源配置',
  language: '语言',
  logout: '退出',
  loading: '加载中…',
  refresh: '刷新',
  create: '创建',
  save: '保存',
  cancel: '取消',
  remove: '删除',
  drop: '删除',
  describe: '描述',
  edit: '编辑',
  start: '启动',
  stop: '停止',
  restart: '重启',
  run: '运行',
  name: '名称',
  type: '类型',
  status: '状态',
  actions: '操作',
  none: '暂无。',
  confirmDrop: '删除 {name}？',
  done: '完成：{message}',
  loginTitle: '登录',
  loginMissing: 'API 需要令牌（basic.authentication 已开启）。请粘贴由 etc/mgmt 中的密钥签名的 JWT。',
  loginExpired: '令牌被拒绝：{message}',
  token: '令牌（JWT）',
  signIn: '登录',
  streamsTitle: '流',
  newStream: '新建流',
  streamName: '流名称',
  fields: '字段',
  fieldName: '字段名',
  fieldType: '字段类型',
  addField: '添加字段',
  removeField: '删除字段 {name}',
  schemaless: '没有字段：无模式的流',
  sourceType: '源类型',
  datasource: '数据源（主题）',
  format: '格式',
  confKey: '配置键',
  sourceSettings: '{name} 的配置',
  rulesTitle: '规则',
  newRule: '新建规则',
  ruleId: '规则 ID',
  sql: 'SQL',
  sqlValid: 'SQL 有效。',
  sqlInvalid: '错误：{message}',
  validationUnavailable: '此服务器不支持校验（没有 /rules/validate）。',
  sinks: '动作',
  addSink: '添加动作',
  sinkType: '动作类型',
  removeSink: '删除动作 {n}',
  sinkN: '动作 {n}：{type}',
  options: '选项',
  ruleSaved: '规则 {id} 已保存。',
  topology: '拓扑',
  metrics: '指标',
  operator: '算子',
  recordsIn: '输入记录',
  recordsOut: '输出记录',
  latency: '延迟（毫秒）',
  exceptions: '异常',
  lastException: '最近的异常',
  recordsChart: '{op} 的输入与输出记录',
  latencyChart: '{op} 的延迟',
  notRunning: '未运行：{status}',
  delete: '删除',
  confirmDelete: '删除规则 {id}？',
  back: '返回',
  queryTitle: '查询',
  queryHelp: '像 kuiper query 一样在流上运行 SELECT；结果到达即显示。',
  results: '结果',
  noResults: '暂无结果。',
  queryRunning: '查询 {id} 运行中',
  testTitle: '规则测试',
  testHelp: '在模拟数据上运行 SQL，不保存规则；结果显示在下方。',
  mockData: '流 {name} 的模拟数据（JSON 数组）',
  mockStream: '流',
  interval: '间隔（毫秒）',
  loop: '循环',
  output: '输出',
  ended: '已结束：{reason}',
  testUnavailable: '此服务器不支持规则测试（没有 /ruletest）。',
  tracesTitle: '追踪',
  rule: '规则',
  strategy: '策略',
  startTrace: '开始追踪',
  stopTrace: '停止追踪',
  traceIds: '{id} 的追踪',
  traceTree: '追踪 {id}',
  input: '输入',
  duration: '耗时',
  tracesUnavailable: '此服务器不支持追踪。',
  pluginsTitle: '插件',
  kind: '种类',
  pluginUrl: '压缩包 URL（http(s):// 或 file://）',
  install: '安装',
  builtin: '内置',
  sourcesTitle: '源配置',
  source: '源',
  confKeys: '配置键',
  newConfKey: '新建配置键',
  confJson: '配置（JSON 对象）',
}

const TEXTS: Record<Language, Record<TextKey, string>> = { en_US: en, zh_CN: zh }
const STORAGE_KEY = 'kuiper.console.language'

/** The browser's language, as the REST API names it. */
export function languageOf(tag: string | undefined): Language {
  return tag !== undefined && tag.toLowerCase().startsWith('zh') ? 'zh_CN' : 'en_US'
}

function initialLanguage(): Language {
  const saved = localStorage.getItem(STORAGE_KEY)
  if (saved === 'en_US' || saved === 'zh_CN') return saved
  return languageOf(navigator.language)
}

export const language = signal<Language>(initialLanguage())

/** The user's choice: kept for the next visits. */
export function setLanguage(l: Language): void {
  localStorage.setItem(STORAGE_KEY, l)
  language.value = l
  markDocumentLanguage()
}

/** `<html lang>`, so that screen readers read the texts in their language. */
export function markDocumentLanguage(): void {
  document.documentElement.lang = language.value === 'zh_CN' ? 'zh-CN' : 'en'
}

/** The text of `key` in the current language, `{name}` replaced from `vars`. */
export function t(key: TextKey, vars: Readonly<Record<string, string | number>> = {}): string {
  return TEXTS[language.value][key].replace(/\{(\w+)\}/g, (m, k: string) => (k in vars ? String(vars[k]) : m))
}

/** A `{en, zh}` text of /metadata in the current language. */
export function pick(texts: { readonly en?: string; readonly zh?: string } | undefined): string {
  if (texts === undefined) return ''
  return (language.value === 'zh_CN' ? texts.zh : texts.en) ?? texts.en ?? ''
}
