// etc/kuiper.yaml: 1.0's keys (basic, rule, sink) plus the later store/log-rotation keys and the embedded broker,
// declared once as a valibot schema that validates the file, gives the defaults and types the code. valibot, not zod:
// every kuiperd checks its configuration at start, and valibot costs an idle kuiperd under 1 MB where zod cost 7 MB
// (docs/performance.md, "Idle footprint"). valibot's `optional(schema, default)` checks a default as if it had been
// given, so a section's `{}` default fills in the section's own defaults.

import * as v from 'valibot'
import { MAX_TIMER_STEP_MS } from '../core/clock.js'
import { DEFAULT_RULE_OPTIONS, RULE_OPTION_RANGES } from '../plan/options.js'
import type { IntegerRuleOption } from '../plan/options.js'

/** A number the schema narrows with actions (integer, bounds, ...). */
function num(...actions: v.PipeAction<number, number, v.BaseIssue<unknown>>[]) {
  return v.pipe(v.number(), ...actions)
}

/** An integer (valibot's own message does not say what was expected). */
const integer = () => v.integer((issue) => `Invalid value: Expected an integer but received ${issue.received}`)
/** A finite number (YAML's `.inf` is a number). */
const finite = () => v.finite((issue) => `Invalid value: Expected a finite number but received ${issue.received}`)

const port = num(integer(), v.minValue(0), v.maxValue(65535))
const nonNegativeInt = num(integer(), v.minValue(0))
const positiveInt = num(integer(), v.gtValue(0))
/** A non-empty string. */
const text = v.pipe(v.string(), v.minLength(1))

/**
 * A section of keys (unknown ones kept, to be warned about). valibot's object schemas would take a YAML list too
 * (its indexes as keys); a section given as a list or a scalar is an error, as it was with zod.
 */
function section<const E extends v.ObjectEntries>(entries: E) {
  return v.pipe(
    v.custom<Record<string, unknown>>(
      (x) => typeof x === 'object' && x !== null && !Array.isArray(x),
      (issue) =>
        `Invalid type: Expected a map of keys but received ${Array.isArray(issue.input) ? 'a list' : issue.received}`,
    ),
    v.looseObject(entries),
  )
}

/** The keys a section declares. */
function keysOf(schema: ReturnType<typeof section>): string[] {
  return Object.keys(schema.pipe[1].entries)
}

export const RestTlsConfig = v.object({ certfile: text, keyfile: text })

export const BasicConfig = section({
  /** Debug log level. */
  debug: v.optional(v.boolean(), false),
  /** Log to stdout. */
  consoleLog: v.optional(v.boolean(), false),
  /** Log to log/stream.log. */
  fileLog: v.optional(v.boolean(), true),
  /** Hours after which log/stream.log is rotated (1.1's key); 0 = never. */
  rotateTime: v.optional(nonNegativeInt, 24),
  /** Hours a rotated log file is kept (1.1's key); 0 = forever. */
  maxAge: v.optional(nonNegativeInt, 72),
  /** Log lines: text is 1.0's logrus format (`time="..." level=info msg="..."`), json one pino object a line. */
  logFormat: v.optional(v.picklist(['text', 'json']), 'text'),
  /** 1.0's CLI RPC address: accepted for compatibility, unused (the CLI talks REST). */
  ip: v.optional(v.string(), '0.0.0.0'),
  port: v.optional(port, 20498),
  restIp: v.optional(v.string(), '0.0.0.0'),
  /** 0 picks a free port (printed in the banner). */
  restPort: v.optional(port, 9081),
  restTls: v.nullish(RestTlsConfig),
  /** Web origins (`https://ui.example:8080`) whose pages may call the REST API; none by default, `*` any. */
  restAllowedOrigins: v.optional(v.array(v.string()), () => []),
  /** Serve the web console at /console/ on the REST port (off: /console/ answers 404). */
  console: v.optional(v.boolean(), true),
  /** JWT RS256 authentication of the REST API with the public keys of etc/mgmt (later eKuiper's key). */
  authentication: v.optional(v.boolean(), false),
  prometheus: v.optional(v.boolean(), false),
  prometheusPort: v.optional(num(integer(), v.maxValue(65535)), 20499),
  pluginHosts: v.optional(v.string(), 'https://www.emqx.io/downloads'),
  /** Default language of multilingual messages (`Content-Language` of a request wins). */
  language: v.optional(v.picklist(['en_US', 'zh_CN']), 'en_US'),
})

/** A rule option's integer schema, from the ranges the rule JSON of REST is checked against (one definition). */
function ruleOptionInt(key: IntegerRuleOption) {
  const { min, max } = RULE_OPTION_RANGES[key]
  const int = max !== undefined ? num(integer(), v.minValue(min), v.maxValue(max)) : num(integer(), v.minValue(min))
  return v.optional(int, DEFAULT_RULE_OPTIONS[key])
}

/** Default rule options (any RuleOption key, as 1.0). */
export const RuleDefaultsConfig = section({
  isEventTime: v.optional(v.boolean(), DEFAULT_RULE_OPTIONS.isEventTime),
  lateTolerance: ruleOptionInt('lateTolerance'),
  concurrency: ruleOptionInt('concurrency'),
  bufferLength: ruleOptionInt('bufferLength'),
  sendMetaToSink: v.optional(v.boolean(), DEFAULT_RULE_OPTIONS.sendMetaToSink),
  qos: ruleOptionInt('qos'),
  checkpointInterval: ruleOptionInt('checkpointInterval'),
  /**
   * Restart of a rule that fails to start with a transient error (its broker or endpoint not up: refused, timed out,
   * name not resolved, unreachable). attempts: absent (the default) retries for ever, 0 never (1.0), n n times.
   * Permanent errors (bad SQL, unknown stream, bad config) are never retried.
   */
  restartStrategy: v.optional(
    section({
      attempts: v.optional(nonNegativeInt),
      delay: v.optional(nonNegativeInt, 1000),
      multiplier: v.optional(num(finite(), v.minValue(1)), 2),
      maxDelay: v.optional(nonNegativeInt, 30000),
    }),
    {},
  ),
})

export const SinkDefaultsConfig = section({
  cacheThreshold: v.optional(nonNegativeInt, 10),
  cacheTriggerCount: v.optional(nonNegativeInt, 15),
  disableCache: v.optional(v.boolean(), false),
  /** Most bytes one sink's outbox (undelivered results, in the store) keeps; past it the oldest are dropped. */
  outboxMaxBytes: v.optional(num(integer(), v.minValue(1)), 1024 ** 3),
  /** The outbox never grows the disk of the data folder past this share used (percent). */
  outboxMaxDiskPercent: v.optional(num(v.minValue(1), v.maxValue(100)), 90),
  /** ms a stopping kuiperd gives sinks to deliver; what is left goes to the outbox (saved) and kuiperd exits. */
  shutdownTimeout: v.optional(num(integer(), v.minValue(0), v.maxValue(MAX_TIMER_STEP_MS)), 10_000),
})

/** The store of streams, rules, checkpoints and sink outboxes (eKuiper 1.4's `store:` section). */
export const StoreConfig = section({
  /** sqlite: embedded file in the data dir; redis: a Redis server; memory: nothing survives a restart. */
  type: v.optional(v.picklist(['sqlite', 'redis', 'memory']), 'sqlite'),
  sqlite: v.optional(section({ name: v.optional(text, 'sqliteKV.db') }), {}),
  redis: v.optional(
    section({
      host: v.optional(text, '127.0.0.1'),
      port: v.optional(port, 6379),
      password: v.optional(v.string()),
      /** ms to connect and per command; at most 2^31 - 1, the longest timer ioredis can arm in Node. */
      timeout: v.optional(num(integer(), v.minValue(0), v.maxValue(MAX_TIMER_STEP_MS)), 5000),
    }),
    {},
  ),
})

/** The embedded MQTT broker kuiperd starts before restoring rules (off by default: 1.0 expected an external one). */
export const MqttBrokerConfig = section({
  enable: v.optional(v.boolean(), false),
  /** Interface to listen on; loopback by default. */
  host: v.optional(text, '127.0.0.1'),
  port: v.optional(port, 1883),
})

/**
 * An allow-list: absent or null is open (1.0: anything); a list, even empty, admits only what it names. A single
 * string is a list of one (as a `KUIPER__CONNECTORS__...` variable without brackets sets it); empty entries (`[]`
 * from a variable) are dropped.
 */
const allowList = v.optional(
  v.pipe(
    v.unknown(),
    v.transform((x) => (typeof x === 'string' ? [x] : Array.isArray(x) ? x.filter((e) => e !== '') : x)),
    v.nullish(v.array(text)),
  ),
)

/** Where connectors may reach (src/core/allow-list.ts); both open by default, for 1.0 compatibility. */
export const ConnectorsConfig = section({
  /** Folders file sources read and file sinks write in (subfolders included; symlinks and `..` resolved). */
  fileAllowList: allowList,
  /** URL prefixes httppull sources and rest, influx and tdengine sinks reach. */
  httpAllowList: allowList,
})

/** Plugin installs (src/plugins): archive limits and where archives may be downloaded from. */
export const PluginsConfig = section({
  /** The largest plugin zip accepted, downloaded or read from a file URL (bytes). */
  maxArchiveBytes: v.optional(positiveInt, 64 * 1024 * 1024),
  /** The most bytes a plugin zip may unpack to. */
  maxExtractedBytes: v.optional(positiveInt, 256 * 1024 * 1024),
  /** ms to download a plugin archive. */
  fetchTimeout: v.optional(num(integer(), v.gtValue(0), v.maxValue(MAX_TIMER_STEP_MS)), 60_000),
  /** Allow http(s) archive URLs that reach loopback or link-local addresses (off: kuiperd's own machine is refused). */
  allowLocalUrls: v.optional(v.boolean(), false),
  /** ms an install.sh may run. */
  installScriptTimeout: v.optional(num(integer(), v.gtValue(0), v.maxValue(MAX_TIMER_STEP_MS)), 300_000),
})

/** Rule test runs (`/ruletest`): how long one may run and how many at once. */
export const RuleTestConfig = section({
  /** ms a test rule exists from its creation; then it stops and is forgotten (eKuiper: 10 minutes). */
  timeLimit: v.optional(num(integer(), v.gtValue(0), v.maxValue(MAX_TIMER_STEP_MS)), 600_000),
  /** Test rules at once; one more is refused (429) until one is deleted or ends. */
  maxConcurrent: v.optional(positiveInt, 10),
})

/** Per-operator traces of rules (`/rules/{id}/trace/start`). */
export const TraceConfig = section({
  /** Traces kept per rule; the oldest is dropped past it. */
  ringSize: v.optional(num(integer(), v.gtValue(0), v.maxValue(100_000)), 100),
})

/** A section that may be null in YAML (every key of it commented out, as shipped): its defaults. */
function nullableSection<S extends v.GenericSchema<Record<string, unknown>, Record<string, unknown>>>(schema: S) {
  return v.optional(
    v.pipe(
      v.unknown(),
      v.transform((x) => (x === null ? {} : x)),
      schema,
    ),
    {},
  )
}

const KuiperSections = section({
  basic: v.optional(BasicConfig, {}),
  rule: v.optional(RuleDefaultsConfig, {}),
  sink: v.optional(SinkDefaultsConfig, {}),
  store: v.optional(StoreConfig, {}),
  mqttBroker: v.optional(MqttBrokerConfig, {}),
  connectors: nullableSection(ConnectorsConfig),
  plugins: nullableSection(PluginsConfig),
  ruleTest: nullableSection(RuleTestConfig),
  trace: nullableSection(TraceConfig),
})

export const KuiperConfig = v.pipe(
  KuiperSections,
  v.forward(
    v.partialCheck(
      [
        ['basic', 'prometheus'],
        ['basic', 'prometheusPort'],
      ] as const,
      (c) => !(c.basic.prometheus && c.basic.prometheusPort <= 0),
      'Miss configuration prometheusPort',
    ),
    ['basic', 'prometheusPort'] as const,
  ),
)

export type KuiperConfig = v.InferOutput<typeof KuiperConfig>

/** Known keys per section, to warn about the ones a file sets that nothing reads. */
export const KNOWN_KEYS: Readonly<Record<string, readonly string[]>> = {
  '': keysOf(KuiperSections),
  basic: keysOf(BasicConfig),
  rule: keysOf(RuleDefaultsConfig),
  sink: keysOf(SinkDefaultsConfig),
  store: keysOf(StoreConfig),
  mqttBroker: keysOf(MqttBrokerConfig),
  connectors: keysOf(ConnectorsConfig),
  plugins: keysOf(PluginsConfig),
  ruleTest: keysOf(RuleTestConfig),
  trace: keysOf(TraceConfig),
}
