// zmq sink (1.0 sample plugin plugins/sinks/zmq.go, built in): a PUB socket bound at `server`; each payload is
// sent alone, or as [topic, payload] when `topic` is set.

import { KuiperError, errorMessage } from '../../core/errors.js'
import { ConnectorError } from '../api.js'
import type { ConnectorEnv, ConnectorProps, Sink, SinkContext, SinkPayload } from '../api.js'
import type { ZeroMq } from '../shared/zeromq.js'
import { loadZeroMq } from '../shared/zeromq.js'
import { zmqSinkConf } from './properties.js'

type Publisher = InstanceType<ZeroMq['Publisher']>

export class ZmqSink implements Sink {
  private sock: Publisher | undefined

  constructor(
    readonly server: string,
    readonly topic: string,
  ) {}

  async open(_ctx: SinkContext): Promise<void> {
    const zmq = await loadZeroMq()
    const sock = new zmq.Publisher()
    try {
      await sock.bind(this.server)
    } catch (err) {
      sock.close()
      throw new KuiperError('CONNECTOR_ERROR', `zmq sink fails to bind to ${this.server}: ${errorMessage(err)}`)
    }
    this.sock = sock
  }

  async collect(_ctx: SinkContext, payload: SinkPayload): Promise<void> {
    const sock = this.sock
    if (sock === undefined) throw new ConnectorError('the zmq sink is not open', 'backoff')
    await sock.send(this.topic === '' ? payload.text : [this.topic, payload.text])
  }

  close(_ctx: SinkContext): void {
    this.sock?.close()
    this.sock = undefined
  }
}

/** The `zmq` sink factory. */
export function createZmqSink(props: ConnectorProps, _env: ConnectorEnv): Sink {
  const { server, topic } = zmqSinkConf(props)
  return new ZmqSink(server, topic)
}
