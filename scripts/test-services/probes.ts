// Protocol-level readiness checks for the test servers: a port that accepts a connection is not enough (another
// program may hold it, or the server may still be starting), so each probe speaks a few bytes of the protocol.

import { connect } from 'node:net'

/** Resolves true when the server at 127.0.0.1:`port` answered `request` with bytes accepted by `answered`. */
function exchange(port: number, request: Buffer, answered: (reply: Buffer) => boolean, timeoutMs: number) {
  return new Promise<boolean>((resolve) => {
    let reply = Buffer.alloc(0)
    const socket = connect({ host: '127.0.0.1', port })
    const done = (ok: boolean): void => {
      socket.destroy()
      resolve(ok)
    }
    socket.setTimeout(timeoutMs, () => done(false))
    socket.once('error', () => done(false))
    socket.once('close', () => done(answered(reply)))
    socket.once('connect', () => socket.write(request))
    socket.on('data', (b: Buffer) => {
      reply = Buffer.concat([reply, b])
      if (answered(reply)) done(true)
    })
  })
}

/** MQTT 3.1.1 CONNECT (clean session, empty client id) answered by CONNACK with return code 0. */
export function mqttAnswers(port: number, timeoutMs = 1000): Promise<boolean> {
  const connectPacket = Buffer.from([0x10, 12, 0, 4, 0x4d, 0x51, 0x54, 0x54, 4, 0x02, 0, 10, 0, 0])
  return exchange(port, connectPacket, (r) => r.length >= 4 && r[0] === 0x20 && r[3] === 0, timeoutMs)
}

/** Redis PING answered by +PONG. */
export function redisAnswers(port: number, timeoutMs = 1000): Promise<boolean> {
  return exchange(port, Buffer.from('PING\r\n'), (r) => r.toString('latin1').startsWith('+PONG'), timeoutMs)
}

/** InfluxDB 1.x: GET /ping answered 204 with an X-Influxdb-Version header. */
export async function influxAnswers(port: number, timeoutMs = 1000): Promise<boolean> {
  try {
    const res = await fetch(`http://127.0.0.1:${port}/ping`, { signal: AbortSignal.timeout(timeoutMs) })
    return res.status === 204 && res.headers.has('x-influxdb-version')
  } catch {
    return false
  }
}
