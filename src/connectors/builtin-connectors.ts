// The built-in connectors, one entry each: what start-up loads is their declared properties and the checks a rule
// create runs (properties.ts and config modules: parsing, no I/O, no client library); the factories are imported on
// first use, when a rule using the connector first starts (ConnectorRegistry.loadSource/loadSink). So an idle kuiperd
// loads none of their implementations (docs/performance.md, "Idle footprint"); .dependency-cruiser.cjs keeps it so.

import { checkUrlAllowed } from '../core/allow-list.js'
import type { SinkFactory } from './api.js'
import { sinkConf as edgexSinkConf, sourceConf as edgexSourceConf } from './edgex/config.js'
import { edgexSinkProperties, edgexSourceProperties } from './edgex/properties.js'
import { fileSinkProperties, fileSourceProperties } from './file/properties.js'
import { allowedFileSinkConf } from './file/sink-config.js'
import { allowedFileSourceConf } from './file/source-config.js'
import { allowedHttpPullConf } from './httppull/config.js'
import { httpPullSourceProperties } from './httppull/properties.js'
import { parseInfluxConf } from './influx/config.js'
import { influxSinkProperties } from './influx/properties.js'
import { logSinkProperties } from './log/properties.js'
import { memorySinkProperties, memorySinkTopic, memorySourceProperties } from './memory/properties.js'
import { sinkConf as mqttSinkConf } from './mqtt/options.js'
import { mqttSinkProperties, mqttSourceProperties } from './mqtt/properties.js'
import { mqttSourceSettings } from './mqtt/source-settings.js'
import { nopSinkProperties } from './nop/properties.js'
import { randomConf, randomSourceProperties } from './random/properties.js'
import type { ConnectorEntry, DeferredFactory, SinkValidator } from './registry.js'
import { parseRestConf } from './rest/config.js'
import { restSinkProperties } from './rest/properties.js'
import { parseTdengineConf, tdengineUrl } from './tdengine/config.js'
import { tdengineSinkProperties } from './tdengine/properties.js'
import { zmqSinkConf, zmqSinkProperties, zmqSourceProperties, zmqSourceServer } from './zmq/properties.js'

/** A factory imported on first use: `load` imports its module and picks it. */
function onFirstUse<F>(load: () => Promise<F>): DeferredFactory<F> {
  return { load }
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
    source: onFirstUse(async () => (await import('./memory/source.js')).createMemorySource),
    sink: onFirstUse(async () => (await import('./memory/sink.js')).createMemorySink),
    validateSink: (p) => void memorySinkTopic(p),
    sourceProperties: memorySourceProperties,
    sinkProperties: memorySinkProperties,
  },
  mqtt: {
    source: onFirstUse(async () => (await import('./mqtt/source.js')).createMqttSource),
    sink: onFirstUse(async () => (await import('./mqtt/sink.js')).createMqttSink),
    validateSource: (c, env) => void mqttSourceSettings(c, env),
    validateSink: (p) => void mqttSinkConf(p),
    sourceProperties: mqttSourceProperties,
    sinkProperties: mqttSinkProperties,
  },
  edgex: {
    source: onFirstUse(async () => (await import('./edgex/source.js')).createEdgexSource),
    sink: onFirstUse(async () => (await import('./edgex/sink.js')).createEdgexSink),
    validateSource: (c) => void edgexSourceConf(c.props, c.datasource),
    validateSink: (p) => void edgexSinkConf(p),
    sourceProperties: edgexSourceProperties,
    sinkProperties: edgexSinkProperties,
  },
  file: {
    source: onFirstUse(async () => (await import('./file/source.js')).createFileSource),
    sink: onFirstUse(async () => (await import('./file/sink.js')).createFileSink),
    validateSource: (c, env) => void allowedFileSourceConf(c, env),
    validateSink: (p, env) => void allowedFileSinkConf(p, env),
    sourceProperties: fileSourceProperties,
    sinkProperties: fileSinkProperties,
  },
  httppull: {
    source: onFirstUse(async () => (await import('./httppull/source.js')).createHttpPullSource),
    validateSource: (c, env) => void allowedHttpPullConf(c, env),
    sourceProperties: httpPullSourceProperties,
  },
  random: {
    source: onFirstUse(async () => (await import('./random/source.js')).createRandomSource),
    validateSource: (c) => void randomConf(c.props),
    sourceProperties: randomSourceProperties,
  },
  zmq: {
    source: onFirstUse(async () => (await import('./zmq/source.js')).createZmqSource),
    sink: onFirstUse(async () => (await import('./zmq/sink.js')).createZmqSink),
    validateSource: (c) => void zmqSourceServer(c.props),
    validateSink: (p) => void zmqSinkConf(p),
    sourceProperties: zmqSourceProperties,
    sinkProperties: zmqSinkProperties,
  },
  log: {
    sink: onFirstUse(async () => (await import('./log/sink.js')).createLogSink),
    sinkProperties: logSinkProperties,
  },
  nop: {
    sink: onFirstUse(async () => (await import('./nop/sink.js')).createNopSink),
    sinkProperties: nopSinkProperties,
  },
  rest: {
    sink: onFirstUse(async () => checkedSink((await import('./rest/sink.js')).createRestSink, restUrl)),
    validateSink: restUrl,
    sinkProperties: restSinkProperties,
  },
  influx: {
    sink: onFirstUse(async () => checkedSink((await import('./influx/sink.js')).createInfluxSink, influxUrl)),
    validateSink: influxUrl,
    sinkProperties: influxSinkProperties,
  },
  tdengine: {
    sink: onFirstUse(async () => checkedSink((await import('./tdengine/sink.js')).createTdengineSink, tdengineAllowed)),
    validateSink: tdengineAllowed,
    sinkProperties: tdengineSinkProperties,
  },
}
