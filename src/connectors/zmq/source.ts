// zmq source (1.0 sample plugin plugins/sources/zmq.go, built in): a SUB socket connected to `server`,
// subscribed to DATASOURCE; the frames after the topic frame are joined into one payload, decoded in the stream's
// FORMAT, with the topic frame as `meta(topic)`. Malformed payloads count as source exceptions. While the rule's queue is full the
// socket is not read (backpressure: ZeroMQ queues up to its receive high-water mark, then drops, as PUB/SUB does).

import { KuiperError, errorMessage } from '../../core/errors.js'
import { decodePayload, ThrottledLog } from '../api.js'
import type { ConnectorEnv, Source, SourceConfig, SourceContext, SourceEmit } from '../api.js'
import type { ZeroMq } from '../shared/zeromq.js'
import { loadZeroMq } from '../shared/zeromq.js'
import { zmqSourceServer } from './properties.js'

type Subscriber = InstanceType<ZeroMq['Subscriber']>

export class ZmqSource implements Source {
  private sock: Subscriber | undefined
  private readonly badPayloads = new ThrottledLog('warn', 'messages')

  constructor(
    readonly server: string,
    readonly topic: string,
  ) {}

  async open(ctx: SourceContext, emit: SourceEmit): Promise<void> {
    const zmq = await loadZeroMq()
    const sock = new zmq.Subscriber()
    try {
      sock.connect(this.server)
    } catch (err) {
      sock.close()
      throw new KuiperError('CONNECTOR_ERROR', `zmq source fails to connect to ${this.server}: ${errorMessage(err)}`)
    }
    sock.subscribe(this.topic)
    this.sock = sock
    void (async () => {
      try {
        const flow = ctx.flow
        for await (const frames of sock) {
          this.receive(frames, ctx, emit)
          if (flow?.isFull() === true) await new Promise<void>((resolve) => flow.onRoom(resolve))
        }
      } catch {
        // closed
      }
    })()
  }

  private receive(frames: Buffer[], ctx: SourceContext, emit: SourceEmit): void {
    const body = this.topic === '' ? frames : frames.slice(1)
    const meta = this.topic === '' ? {} : { topic: frames[0]?.toString() ?? '' }
    for (const m of decodePayload(ctx, Buffer.concat(body), this.badPayloads)) emit(m, meta)
  }

  close(_ctx: SourceContext): void {
    this.sock?.close()
    this.sock = undefined
  }
}

/** The `server` property of a source (required, a string); CONFIG_ERROR otherwise. */
/** The `zmq` source factory: `server` is required, DATASOURCE is the topic. */
export function createZmqSource(config: SourceConfig, _env: ConnectorEnv): Source {
  return new ZmqSource(zmqSourceServer(config.props), config.datasource)
}
