// Where the servers the tests talk to listen: the ports scripts/run-tests.mjs found or started them on
// (KUIPER_TEST_MQTT_PORT, KUIPER_TEST_REDIS_PORT, KUIPER_TEST_INFLUX_PORT), else the standard loopback ports, so a
// test file run directly (`node --import tsx --test FILE`) uses the machine's own servers.

import { TEST_SERVICES } from '../scripts/test-services/services.js'
import type { TestServiceName } from '../scripts/test-services/services.js'

/** Every test server listens on loopback. */
export const SERVICE_HOST = '127.0.0.1'

function portOf(name: TestServiceName): number {
  const s = TEST_SERVICES[name]
  const raw = process.env[s.envVar]
  if (raw === undefined || raw === '') return s.standardPort
  const port = Number(raw)
  if (!Number.isInteger(port) || port <= 0 || port > 65535) throw new Error(`${s.envVar}=${raw} is not a port`)
  return port
}

export const MQTT_PORT = portOf('mqtt')
/** The broker as Kuiper's configs name it (`servers:` of mqtt_source.yaml, a sink's `server`). */
export const MQTT_SERVER = `tcp://${SERVICE_HOST}:${MQTT_PORT}`
/** The broker as mqtt.js connects to it. */
export const MQTT_URL = `mqtt://${SERVICE_HOST}:${MQTT_PORT}`

export const REDIS_PORT = portOf('redis')

export const INFLUX_PORT = portOf('influx')
export const INFLUX_URL = `http://${SERVICE_HOST}:${INFLUX_PORT}`

/** A loopback port that was free a moment ago (for a private server or a kuiperd of a test). */
export { freePort } from '../scripts/test-services/index.js'
