// Shared by the MQTT connector tests: a temporary etc folder, unique topics, a test client, bounded waiting.

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import mqtt from 'mqtt'
import type { MqttClient } from 'mqtt'
import { loadSourceProfiles } from '../../src/catalog/source-profiles.js'
import type { SourceProfiles } from '../../src/catalog/source-profiles.js'
import type { SinkPayload, ValueMap } from '../../src/index.js'
import { MQTT_SERVER } from '../services.js'

/** The test broker (test/services.ts). */
export const MOSQUITTO = MQTT_SERVER

/** An etc folder holding `mqtt_source.yaml` = `yaml`; remove() deletes it. */
export function tempEtc(yaml: string): { profiles: SourceProfiles; dir: string; remove(): void } {
  const dir = mkdtempSync(join(tmpdir(), 'kuiper-mqtt-etc-'))
  writeFileSync(join(dir, 'mqtt_source.yaml'), yaml)
  return {
    dir,
    profiles: loadSourceProfiles(dir, { warn: () => {} }),
    remove: () => rmSync(dir, { recursive: true, force: true }),
  }
}

let seq = 0
/** A topic prefix no other test run uses. */
export function uniqueTopic(name: string): string {
  return `kuiper-test/${process.pid}/${Date.now().toString(36)}/${seq++}/${name}`
}

export async function testClient(url: string, opts: mqtt.IClientOptions = {}): Promise<MqttClient> {
  return mqtt.connectAsync(url.replace(/^tcp:/, 'mqtt:'), { reconnectPeriod: 200, connectTimeout: 5000, ...opts })
}

/** Polls `cond` every 10 ms until true; throws after `timeoutMs` with `what`. */
export async function waitFor(cond: () => boolean, what: string, timeoutMs = 5000): Promise<void> {
  const end = Date.now() + timeoutMs
  while (!cond()) {
    if (Date.now() > end) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`)
    await new Promise((r) => setTimeout(r, 10))
  }
}

/** A sink binding that records every row. */
export function recorder(name = 'out'): {
  rows: ValueMap[]
  action: { name: string; sink: { collect(c: unknown, p: SinkPayload): void } }
} {
  const rows: ValueMap[] = []
  return { rows, action: { name, sink: { collect: (_c, p) => void rows.push(...(p.rows ?? [])) } } }
}
