// Publishes each line of a file as one QoS 1 MQTT message and exits once the broker acknowledged them all (unlike
// `mosquitto_pub -l`, which drops what is still queued at end of input). Run as a child process so that the
// flooding client's memory is not the test's: node flood-publisher.mjs <mqtt-url> <topic> <file>

import { createReadStream } from 'node:fs'
import { createInterface } from 'node:readline'
import mqtt from 'mqtt'

const [url, topic, file] = process.argv.slice(2)
const client = await mqtt.connectAsync(url, { reconnectPeriod: 200, log: () => {} })
const inFlight = new Set()
for await (const line of createInterface({ input: createReadStream(file) })) {
  if (line === '') continue
  const p = client.publishAsync(topic, line, { qos: 1 })
  inFlight.add(p)
  void p.finally(() => inFlight.delete(p))
  if (inFlight.size >= 500) await Promise.race(inFlight)
}
await Promise.all(inFlight)
await client.endAsync()
