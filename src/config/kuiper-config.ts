// etc/kuiper.yaml: 1.0's keys (basic, rule, sink) plus the later store/log-rotation keys and the embedded broker, declared once as a
// schema (core/schema-check.ts, zod's API and messages without zod) that validates the file, gives the defaults and types the code.

import { c } from '../core/schema-check.js'
import type { Infer } from '../core/schema-check.js'
import { MAX_TIMER_STEP_MS } from '../core/clock.js'
import { DEFAULT_RULE_OPTIONS, RULE_OPTION_RANGES } from '../plan/options.js'
import type { IntegerRuleOption } from '../plan/options.js'

const port = c.number().int().min(0).max(65535)
const nonNegativeInt = c.number().int().min(0)

export const RestTlsConfig = c.object({ certfile: c.string().min(1), keyfile: c.string().min(1) })

export const BasicConfig = c.looseObject({
  /** Debug log level. */
  debug: c.boolean().default(false),
  /** Log to stdout. */
  consoleLog: c.boolean().default(false),
  /** Log to log/stream.log. */
  fileLog: c.boolean().default(true),
  /** Hours after which log/stream.log is rotated (1.1's key); 0 = never. */
  rotateTime: nonNegativeInt.default(24),
  /** Hours a rotated log file is kept (1.1's key); 0 = forever. */
  maxAge: nonNegativeInt.default(72),
  /** Log lines: text is 1.0's logrus format (`time="..." level=info msg="..."`), json one pino object a line. */
  logFormat: c.enum(['text', 'json']).default('text'),
  /** 1.0's CLI RPC address: accepted for compatibility, unused (the CLI talks REST). */
  ip: c.string().default('0.0.0.0'),
  port: port.default(20498),
  restIp: c.string().default('0.0.0.0'),
  /** 0 picks a free port (printed in the banner). */
  restPort: port.default(9081),
  restTls: RestTlsConfig.nullish(),
  /** Web origins (`https://ui.example:8080`) whose pages may call the REST API; none by default, `*` any. */
  restAllowedOrigins: c.array(c.string()).default([]),
  /** Serve the web console at /console/ on the REST port (off: /console/ answers 404). */
  console: c.boolean().default(true),
  /** JWT RS256 authentication of the REST API with the public keys of etc/mgmt (later eKuiper's key). */
  authentication: c.boolean().default(false),
  prometheus: c.boolean().default(false),
  prometheusPort: c.number().int().max(65535).default(20499),
  pluginHosts: c.string().default('https://www.emqx.io/downloads'),
  /** Default language of multilingual messages (`Content-Language` of a request wins). */
  language: c.enum(['en_US', 'zh_CN']).default('en_US'),
})

/** A rule option's integer schema, from the ranges the rule JSON of REST is checked against (one definition). */
function ruleOptionInt(key: IntegerRuleOption) {
  const { min, max } = RULE_OPTION_RANGES[key]
  const int = c.number().int().min(min)
  return (max !== undefined ? int.max(max) : int).default(DEFAULT_RULE_OPTIONS[key])
}

/** Default rule options (any RuleOption key, as 1.0). */
export const RuleDefaultsConfig = c.looseObject({
  isEventTime: c.boolean().default(DEFAULT_RULE_OPTIONS.isEventTime),
  lateTolerance: ruleOptionInt('lateTolerance'),
  concurrency: ruleOptionInt('concurrency'),
  bufferLength: ruleOptionInt('bufferLength'),
  sendMetaToSink: c.boolean().default(DEFAULT_RULE_OPTIONS.sendMetaToSink),
  qos: ruleOptionInt('qos'),
  checkpointInterval: ruleOptionInt('checkpointInterval'),
  /**
   * Restart of a rule that fails to start with a transient error (its broker or endpoint not up: refused, timed out,
   * name not resolved, unreachable). attempts: absent (the default) retries for ever, 0 never (1.0), n n times.
   * Permanent errors (bad SQL, unknown stream, bad config) are never retried.
   */
  restartStrategy: c
    .looseObject({
      attempts: nonNegativeInt.optional(),
      delay: nonNegativeInt.default(1000),
      multiplier: c.number().min(1).default(2),
      maxDelay: nonNegativeInt.default(30000),
    })
    .prefault({}),
})

export const SinkDefaultsConfig = c.looseObject({
  cacheThreshold: nonNegativeInt.default(10),
  cacheTriggerCount: nonNegativeInt.default(15),
  disableCache: c.boolean().default(false),
  /** Most bytes one sink's outbox (undelivered results, in the store) keeps; past it the oldest are dropped. */
  outboxMaxBytes: c
    .number()
    .int()
    .min(1)
    .default(1024 ** 3),
  /** The outbox never grows the disk of the data folder past this share used (percent). */
  outboxMaxDiskPercent: c.number().min(1).max(100).default(90),
  /** ms a stopping kuiperd gives sinks to deliver; what is left goes to the outbox (saved) and kuiperd exits. */
  shutdownTimeout: nonNegativeInt.max(MAX_TIMER_STEP_MS).default(10_000),
})

/** The store of streams, rules, checkpoints and sink outboxes (eKuiper 1.4's `store:` section). */
export const StoreConfig = c.looseObject({
  /** sqlite: embedded file in the data dir; redis: a Redis server; memory: nothing survives a restart. */
  type: c.enum(['sqlite', 'redis', 'memory']).default('sqlite'),
  sqlite: c.looseObject({ name: c.string().min(1).default('sqliteKV.db') }).prefault({}),
  redis: c
    .looseObject({
      host: c.string().min(1).default('127.0.0.1'),
      port: port.default(6379),
      password: c.string().optional(),
      /** ms to connect and per command; at most 2^31 - 1, the longest timer ioredis can arm in Node. */
      timeout: nonNegativeInt.max(MAX_TIMER_STEP_MS).default(5000),
    })
    .prefault({}),
})

/** The embedded MQTT broker kuiperd starts before restoring rules (off by default: 1.0 expected an external one). */
export const MqttBrokerConfig = c.looseObject({
  enable: c.boolean().default(false),
  /** Interface to listen on; loopback by default. */
  host: c.string().min(1).default('127.0.0.1'),
  port: port.default(1883),
})

/**
 * An allow-list: absent or null is open (1.0: anything); a list, even empty, admits only what it names. A single
 * string is a list of one (as a `KUIPER__CONNECTORS__...` variable without brackets sets it); empty entries (`[]`
 * from a variable) are dropped.
 */
const allowList = c.preprocess(
  (v) => (typeof v === 'string' ? [v] : Array.isArray(v) ? v.filter((e) => e !== '') : v),
  c.array(c.string().min(1)).nullish(),
)

/** Where connectors may reach (src/core/allow-list.ts); both open by default, for 1.0 compatibility. */
export const ConnectorsConfig = c.looseObject({
  /** Folders file sources read and file sinks write in (subfolders included; symlinks and `..` resolved). */
  fileAllowList: allowList,
  /** URL prefixes httppull sources and rest, influx and tdengine sinks reach. */
  httpAllowList: allowList,
})

/** Plugin installs (src/plugins): archive limits and where archives may be downloaded from. */
export const PluginsConfig = c.looseObject({
  /** The largest plugin zip accepted, downloaded or read from a file URL (bytes). */
  maxArchiveBytes: c
    .number()
    .int()
    .positive()
    .default(64 * 1024 * 1024),
  /** The most bytes a plugin zip may unpack to. */
  maxExtractedBytes: c
    .number()
    .int()
    .positive()
    .default(256 * 1024 * 1024),
  /** ms to download a plugin archive. */
  fetchTimeout: c.number().int().positive().max(MAX_TIMER_STEP_MS).default(60_000),
  /** Allow http(s) archive URLs that reach loopback or link-local addresses (off: kuiperd's own machine is refused). */
  allowLocalUrls: c.boolean().default(false),
  /** ms an install.sh may run. */
  installScriptTimeout: c.number().int().positive().max(MAX_TIMER_STEP_MS).default(300_000),
})

/** Rule test runs (`/ruletest`): how long one may run and how many at once. */
export const RuleTestConfig = c.looseObject({
  /** ms a test rule exists from its creation; then it stops and is forgotten (eKuiper: 10 minutes). */
  timeLimit: c.number().int().positive().max(MAX_TIMER_STEP_MS).default(600_000),
  /** Test rules at once; one more is refused (429) until one is deleted or ends. */
  maxConcurrent: c.number().int().positive().default(10),
})

/** Per-operator traces of rules (`/rules/{id}/trace/start`). */
export const TraceConfig = c.looseObject({
  /** Traces kept per rule; the oldest is dropped past it. */
  ringSize: c.number().int().positive().max(100_000).default(100),
})

export const KuiperConfig = c
  .looseObject({
    basic: BasicConfig.prefault({}),
    rule: RuleDefaultsConfig.prefault({}),
    sink: SinkDefaultsConfig.prefault({}),
    store: StoreConfig.prefault({}),
    mqttBroker: MqttBrokerConfig.prefault({}),
    // `connectors:` with every key commented out (as shipped) is null in YAML: the defaults.
    connectors: c.preprocess((v) => (v === null ? undefined : v), ConnectorsConfig.prefault({})),
    plugins: c.preprocess((v) => (v === null ? undefined : v), PluginsConfig.prefault({})),
    ruleTest: c.preprocess((v) => (v === null ? undefined : v), RuleTestConfig.prefault({})),
    trace: c.preprocess((v) => (v === null ? undefined : v), TraceConfig.prefault({})),
  })
  .superRefine((c, ctx) => {
    if (c.basic.prometheus && c.basic.prometheusPort <= 0) {
      ctx.addIssue({ code: 'custom', path: ['basic', 'prometheusPort'], message: 'Miss configuration prometheusPort' })
    }
  })

export type KuiperConfig = Infer<typeof KuiperConfig>

/** Known keys per section, to warn about the ones a file sets that nothing reads. */
export const KNOWN_KEYS: Readonly<Record<string, readonly string[]>> = {
  '': Object.keys(KuiperConfig.shape),
  basic: Object.keys(BasicConfig.shape),
  rule: Object.keys(RuleDefaultsConfig.shape),
  sink: Object.keys(SinkDefaultsConfig.shape),
  store: Object.keys(StoreConfig.shape),
  mqttBroker: Object.keys(MqttBrokerConfig.shape),
  connectors: Object.keys(ConnectorsConfig.shape),
  plugins: Object.keys(PluginsConfig.shape),
  ruleTest: Object.keys(RuleTestConfig.shape),
  trace: Object.keys(TraceConfig.shape),
}
