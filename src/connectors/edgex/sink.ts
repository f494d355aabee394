// EdgeX sink (1.0 xstream/sinks/edgex_sink.go): turns each result into an EdgeX event and publishes it in a
// message envelope (contentType) to the topic of the EdgeX message bus; `zero` binds a PUB socket at host:port.

import { KuiperError, errorMessage } from '../../core/errors.js'
import { childLogger, ConnectorError } from '../api.js'
import type { ConnectorEnv, ConnectorProps, Sink, SinkContext, SinkPayload } from '../api.js'
import type { MessageBus } from './bus.js'
import { openBus } from './bus.js'
import type { EdgexSinkConf } from './config.js'
import { sinkConf } from './config.js'
import { newEnvelope } from './envelope.js'
import { encodeEvent } from './event.js'
import { produceEvent } from './produce.js'

export class EdgexSink implements Sink {
  private bus: MessageBus | undefined

  constructor(readonly conf: EdgexSinkConf) {}

  async open(ctx: SinkContext): Promise<void> {
    ctx.logger.info(
      `Using configuration for EdgeX message bus sink: ${this.conf.bus.type} ${this.conf.bus.protocol}://${this.conf.bus.host}:${this.conf.bus.port}`,
    )
    this.bus = await openBus(this.conf.bus, 'publisher', ctx.logger)
  }

  async collect(ctx: SinkContext, payload: SinkPayload): Promise<void> {
    const bus = this.bus
    if (bus === undefined) throw new KuiperError('CONNECTOR_ERROR', 'the edgex sink is not open')
    let data: string
    try {
      data = encodeEvent(produceEvent(payload.text, this.conf))
    } catch (err) {
      // A result that is not a JSON array of objects (e.g. a dataTemplate output) never converts: do not retry.
      throw new ConnectorError(`Failed to convert to EdgeX event: ${errorMessage(err)}.`, 'none')
    }
    try {
      await bus.publish(this.conf.topic, newEnvelope(data, this.conf.contentType))
    } catch (err) {
      const message = `Found error ${errorMessage(err)} when publish to EdgeX message bus.`
      ctx.logger.error(message)
      throw new ConnectorError(message, 'backoff', { cause: err })
    }
  }

  async close(_ctx: SinkContext): Promise<void> {
    const bus = this.bus
    this.bus = undefined
    await bus?.close()
  }
}

/** The `edgex` sink factory. */
export function createEdgexSink(props: ConnectorProps, env: ConnectorEnv): Sink {
  const log = childLogger(env.logger, { connector: 'edgex' })
  return new EdgexSink(sinkConf(props, (m) => log.info(m)))
}
