// InfluxDB sink (1.0 plugin `influx`, InfluxDB 1.x HTTP API): every row of a payload becomes one line-protocol
// point in `measurement` with the tag `tagkey=tagvalue` and the listed `fields`, written with one POST /write.

import { payloadRows } from '../api.js'
import type { ConnectorEnv, ConnectorProps, Sink, SinkContext, SinkPayload } from '../api.js'
import { parseInfluxConf } from './config.js'
import type { InfluxConf } from './config.js'
import { toLine } from './line-protocol.js'
import { InfluxHttp } from './http.js'

export class InfluxSink implements Sink {
  private http: InfluxHttp | undefined

  constructor(readonly conf: InfluxConf) {}

  open(): void {
    this.http = new InfluxHttp(this.conf)
  }

  async collect(ctx: SinkContext, payload: SinkPayload): Promise<void> {
    const rows = payloadRows(payload, 'influx')
    const c = this.conf
    // Nanosecond timestamps, one apart per row, so that rows of one result never overwrite each other.
    const base = BigInt(Math.trunc(ctx.clock.now())) * 1_000_000n
    const lines: string[] = []
    rows.forEach((row, i) => {
      const line = toLine(
        row,
        { measurement: c.measurement, tags: { [c.tagkey]: c.tagvalue }, fields: c.fields },
        base + BigInt(i),
      )
      if (line !== undefined) lines.push(line)
    })
    if (lines.length === 0) return
    this.http ??= new InfluxHttp(c)
    await this.http.write(lines.join('\n'))
  }

  close(): void {
    this.http?.close()
    this.http = undefined
  }
}

export function createInfluxSink(props: ConnectorProps, _env: ConnectorEnv): Sink {
  return new InfluxSink(parseInfluxConf(props))
}
