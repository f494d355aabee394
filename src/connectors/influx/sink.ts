// InfluxDB sink (1.0 plugin `influx`, InfluxDB 1.x HTTP API): every row of a payload becomes one line-protocol
// point in `measurement` with the tag `tagkey=tagvalue` and the listed `fields`, written with one POST /write, at
// the rule clock's time in ns, made strictly increasing so that no point overwrites another.

import { payloadRows } from '../api.js'
import type { ConnectorEnv, ConnectorProps, Sink, SinkContext, SinkPayload } from '../api.js'
import { parseInfluxConf } from './config.js'
import type { InfluxConf } from './config.js'
import { toLine } from './line-protocol.js'
import { InfluxHttp } from './http.js'

export class InfluxSink implements Sink {
  private http: InfluxHttp | undefined
  /** The timestamp of the last point written, ns: the next point gets a later one. */
  private lastNs = -1n

  constructor(readonly conf: InfluxConf) {}

  open(): void {
    this.http = new InfluxHttp(this.conf)
  }

  async collect(ctx: SinkContext, payload: SinkPayload): Promise<void> {
    const rows = payloadRows(payload, 'influx')
    const c = this.conf
    // Nanosecond timestamps, strictly increasing over the sink's points: InfluxDB keeps one point per series and
    // timestamp, so two rows at the same time (of one result, or of results in the same millisecond) would
    // overwrite each other.
    const now = BigInt(Math.trunc(ctx.clock.now())) * 1_000_000n
    const lines: string[] = []
    for (const row of rows) {
      const ts = now > this.lastNs ? now : this.lastNs + 1n
      const line = toLine(row, { measurement: c.measurement, tags: { [c.tagkey]: c.tagvalue }, fields: c.fields }, ts)
      if (line === undefined) continue
      lines.push(line)
      this.lastNs = ts
    }
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
