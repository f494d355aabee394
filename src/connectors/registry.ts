// The connector table: type name → source and/or sink factory. Adding a connector is one line here.

import type { SinkFactory, SourceFactory } from './api.js'
import { createEdgexSink, createEdgexSource } from './edgex/index.js'
import { createFileSink } from './file/sink.js'
import { createFileSource } from './file/source.js'
import { createHttpPullSource } from './httppull/index.js'
import { createInfluxSink } from './influx/sink.js'
import { createLogSink } from './log/sink.js'
import { createMemorySink, createMemorySource } from './memory/index.js'
import { createMqttSink, createMqttSource } from './mqtt/index.js'
import { createNopSink } from './nop/sink.js'
import { createRandomSource } from './random/index.js'
import { createRestSink } from './rest/sink.js'
import { createTdengineSink } from './tdengine/sink.js'
import { createZmqSink, createZmqSource } from './zmq/index.js'

export interface ConnectorEntry {
  readonly source?: SourceFactory
  readonly sink?: SinkFactory
}

export const builtinConnectors: Readonly<Record<string, ConnectorEntry>> = {
  memory: { source: createMemorySource, sink: createMemorySink },
  mqtt: { source: createMqttSource, sink: createMqttSink },
  edgex: { source: createEdgexSource, sink: createEdgexSink },
  file: { source: createFileSource, sink: createFileSink },
  httppull: { source: createHttpPullSource },
  random: { source: createRandomSource },
  zmq: { source: createZmqSource, sink: createZmqSink },
  log: { sink: createLogSink },
  nop: { sink: createNopSink },
  rest: { sink: createRestSink },
  influx: { sink: createInfluxSink },
  tdengine: { sink: createTdengineSink },
}

/** Source and sink lookups over the built-ins plus per-engine additions (tests, plugins). */
export class ConnectorRegistry {
  private readonly sources = new Map<string, SourceFactory>()
  private readonly sinks = new Map<string, SinkFactory>()

  constructor(entries: Readonly<Record<string, ConnectorEntry>> = builtinConnectors) {
    for (const [name, e] of Object.entries(entries)) {
      if (e.source !== undefined) this.sources.set(name, e.source)
      if (e.sink !== undefined) this.sinks.set(name, e.sink)
    }
  }

  registerSource(type: string, factory: SourceFactory): void {
    this.sources.set(type.toLowerCase(), factory)
  }

  registerSink(type: string, factory: SinkFactory): void {
    this.sinks.set(type, factory)
  }

  source(type: string): SourceFactory | undefined {
    return this.sources.get(type.toLowerCase())
  }

  sink(type: string): SinkFactory | undefined {
    return this.sinks.get(type)
  }

  sourceTypes(): string[] {
    return [...this.sources.keys()]
  }

  sinkTypes(): string[] {
    return [...this.sinks.keys()]
  }
}
