// The connector table: type name → source and/or sink factory, and the check of their properties. Adding a connector
// is one line here.

import { KuiperError } from '../core/errors.js'
import { checkUrlAllowed } from '../core/allow-list.js'
import type { ConnectorEnv, ConnectorProps, SinkFactory, SourceConfig, SourceFactory } from './api.js'
import { sinkConf as edgexSinkConf, sourceConf as edgexSourceConf } from './edgex/config.js'
import { createEdgexSink, createEdgexSource } from './edgex/index.js'
import { edgexSinkProperties, edgexSourceProperties } from './edgex/properties.js'
import { fileSinkProperties, fileSourceProperties } from './file/properties.js'
import { allowedFileSinkConf, createFileSink } from './file/sink.js'
import { allowedFileSourceConf, createFileSource } from './file/source.js'
import { allowedHttpPullConf, createHttpPullSource } from './httppull/index.js'
import { httpPullSourceProperties } from './httppull/properties.js'
import { parseInfluxConf } from './influx/config.js'
import { influxSinkProperties } from './influx/properties.js'
import { createInfluxSink } from './influx/sink.js'
import { logSinkProperties } from './log/properties.js'
import { createLogSink } from './log/sink.js'
import {
  createMemorySink,
  createMemorySource,
  memorySinkProperties,
  memorySinkTopic,
  memorySourceProperties,
} from './memory/index.js'
import { createMqttSink, createMqttSource, mqttSourceSettings } from './mqtt/index.js'
import { sinkConf as mqttSinkConf } from './mqtt/options.js'
import { mqttSinkProperties, mqttSourceProperties } from './mqtt/properties.js'
import { nopSinkProperties } from './nop/properties.js'
import { createNopSink } from './nop/sink.js'
import type { ConnectorDeclaration } from './properties.js'
import { createRandomSource, randomConf, randomSourceProperties } from './random/index.js'
import { parseRestConf } from './rest/config.js'
import { restSinkProperties } from './rest/properties.js'
import { createRestSink } from './rest/sink.js'
import { tdengineSinkProperties } from './tdengine/properties.js'
import { createTdengineSink, parseTdengineConf, tdengineUrl } from './tdengine/sink.js'
import {
  createZmqSink,
  createZmqSource,
  zmqSinkConf,
  zmqSinkProperties,
  zmqSourceProperties,
  zmqSourceServer,
} from './zmq/index.js'

/**
 * Checks a source's configuration (its conf profile and the stream's DATASOURCE) with the parser its factory uses,
 * connecting nothing: throws the connector's CONFIG_ERROR, which names the property.
 */
export type SourceValidator = (config: SourceConfig, env: ConnectorEnv) => void

/**
 * Checks an action's properties with the parser the sink factory uses, connecting nothing; `env` carries what the
 * check depends on besides them (the connectors.* allow-lists).
 */
export type SinkValidator = (props: ConnectorProps, env: ConnectorEnv) => void

export interface ConnectorEntry {
  readonly source?: SourceFactory
  readonly sink?: SinkFactory
  /**
   * The checks beyond the declared properties (a file that must exist, a URL inside the allow-list); absent: the
   * declaration is the whole check.
   */
  readonly validateSource?: SourceValidator
  readonly validateSink?: SinkValidator
  /** The declared properties: checked at rule create, served by /metadata, listed in docs/connectors.md. */
  readonly sourceProperties?: ConnectorDeclaration
  readonly sinkProperties?: ConnectorDeclaration
}

/**
 * Sinks posting to a URL from their properties: the URL must be inside connectors.httpAllowList, when the rule is
 * created (their validator) and again when the sink is created at each start of the rule (their factory).
 */
const restUrl: SinkValidator = (p, env) => checkUrlAllowed(env.allow, parseRestConf(p).url, 'rest sink url')
const influxUrl: SinkValidator = (p, env) => checkUrlAllowed(env.allow, parseInfluxConf(p).addr, 'influx sink addr')
const tdengineAllowed: SinkValidator = (p, env) =>
  checkUrlAllowed(env.allow, tdengineUrl(parseTdengineConf(p)), 'tdengine sink')

function checkedSink(factory: SinkFactory, check: SinkValidator): SinkFactory {
  return (props, env) => {
    check(props, env)
    return factory(props, env)
  }
}

export const builtinConnectors: Readonly<Record<string, ConnectorEntry>> = {
  memory: {
    source: createMemorySource,
    sink: createMemorySink,
    validateSink: (p) => void memorySinkTopic(p),
    sourceProperties: memorySourceProperties,
    sinkProperties: memorySinkProperties,
  },
  mqtt: {
    source: createMqttSource,
    sink: createMqttSink,
    validateSource: (c, env) => void mqttSourceSettings(c, env),
    validateSink: (p) => void mqttSinkConf(p),
    sourceProperties: mqttSourceProperties,
    sinkProperties: mqttSinkProperties,
  },
  edgex: {
    source: createEdgexSource,
    sink: createEdgexSink,
    validateSource: (c) => void edgexSourceConf(c.props, c.datasource),
    validateSink: (p) => void edgexSinkConf(p),
    sourceProperties: edgexSourceProperties,
    sinkProperties: edgexSinkProperties,
  },
  file: {
    source: createFileSource,
    sink: createFileSink,
    validateSource: (c, env) => void allowedFileSourceConf(c, env),
    validateSink: (p, env) => void allowedFileSinkConf(p, env),
    sourceProperties: fileSourceProperties,
    sinkProperties: fileSinkProperties,
  },
  httppull: {
    source: createHttpPullSource,
    validateSource: (c, env) => void allowedHttpPullConf(c, env),
    sourceProperties: httpPullSourceProperties,
  },
  random: {
    source: createRandomSource,
    validateSource: (c) => void randomConf(c.props),
    sourceProperties: randomSourceProperties,
  },
  zmq: {
    source: createZmqSource,
    sink: createZmqSink,
    validateSource: (c) => void zmqSourceServer(c.props),
    validateSink: (p) => void zmqSinkConf(p),
    sourceProperties: zmqSourceProperties,
    sinkProperties: zmqSinkProperties,
  },
  log: { sink: createLogSink, sinkProperties: logSinkProperties },
  nop: { sink: createNopSink, sinkProperties: nopSinkProperties },
  rest: { sink: checkedSink(createRestSink, restUrl), validateSink: restUrl, sinkProperties: restSinkProperties },
  influx: {
    sink: checkedSink(createInfluxSink, influxUrl),
    validateSink: influxUrl,
    sinkProperties: influxSinkProperties,
  },
  tdengine: {
    sink: checkedSink(createTdengineSink, tdengineAllowed),
    validateSink: tdengineAllowed,
    sinkProperties: tdengineSinkProperties,
  },
}

interface Registered<F, V> {
  readonly factory: F
  readonly validate: V | undefined
  readonly properties: ConnectorDeclaration | undefined
}

/** Source and sink lookups over the built-ins plus per-engine additions (tests, plugins). */
export class ConnectorRegistry {
  private readonly sources = new Map<string, Registered<SourceFactory, SourceValidator>>()
  private readonly sinks = new Map<string, Registered<SinkFactory, SinkValidator>>()

  constructor(entries: Readonly<Record<string, ConnectorEntry>> = builtinConnectors) {
    for (const [name, e] of Object.entries(entries)) {
      if (e.source !== undefined) this.registerSource(name, e.source, e.validateSource, e.sourceProperties)
      if (e.sink !== undefined) this.registerSink(name, e.sink, e.validateSink, e.sinkProperties)
    }
  }

  /**
   * Adds or replaces a source type; a replaced built-in loses its check and declaration unless given again.
   * `properties` (a plugin's declareConnector) are checked at rule create and served by /metadata.
   */
  registerSource(
    type: string,
    factory: SourceFactory,
    validate?: SourceValidator,
    properties?: ConnectorDeclaration,
  ): void {
    this.sources.set(type.toLowerCase(), { factory, validate, properties })
  }

  /** Adds or replaces a sink type; a replaced built-in loses its check and declaration unless given again. */
  registerSink(type: string, factory: SinkFactory, validate?: SinkValidator, properties?: ConnectorDeclaration): void {
    this.sinks.set(type, { factory, validate, properties })
  }

  /** Removes a source type (an uninstalled plugin); rules already running keep the instances they made. */
  unregisterSource(type: string): void {
    this.sources.delete(type.toLowerCase())
  }

  unregisterSink(type: string): void {
    this.sinks.delete(type)
  }

  source(type: string): SourceFactory | undefined {
    return this.sources.get(type.toLowerCase())?.factory
  }

  sink(type: string): SinkFactory | undefined {
    return this.sinks.get(type)?.factory
  }

  /** The declared properties of a source type; undefined for an unknown type or one that declares none. */
  sourceProperties(type: string): ConnectorDeclaration | undefined {
    return this.sources.get(type.toLowerCase())?.properties
  }

  sinkProperties(type: string): ConnectorDeclaration | undefined {
    return this.sinks.get(type)?.properties
  }

  /**
   * Checks what a source of `type` would be created with: its declared properties, then its own check; PLAN_ERROR
   * for an unknown type. `config` is only built (its conf profile read) when there is something to check.
   */
  validateSource(type: string, config: () => SourceConfig, env: ConnectorEnv): void {
    const s = this.sources.get(type.toLowerCase())
    if (s === undefined) throw new KuiperError('PLAN_ERROR', `source type ${type} is not found`)
    if (s.validate === undefined && (s.properties?.properties.length ?? 0) === 0) return
    const c = config()
    s.properties?.parse(c.props)
    s.validate?.(c, env)
  }

  /** Checks the properties a sink of `type` would be created with; PLAN_ERROR for an unknown type. */
  validateSink(type: string, props: ConnectorProps, env: ConnectorEnv): void {
    const s = this.sinks.get(type)
    if (s === undefined) throw new KuiperError('PLAN_ERROR', `sink type ${type} is not found`)
    s.properties?.parse(props)
    s.validate?.(props, env)
  }

  sourceTypes(): string[] {
    return [...this.sources.keys()]
  }

  sinkTypes(): string[] {
    return [...this.sinks.keys()]
  }
}
