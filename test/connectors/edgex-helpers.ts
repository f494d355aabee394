// Shared by the EdgeX connector tests: a core-data value-descriptor server, a temporary etc folder with
// sources/edgex.yaml, EdgeX events and envelopes, bounded waiting and a recording sink.

import { createServer } from 'node:http'
import type { Server } from 'node:http'
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { loadSourceProfiles } from '../../src/catalog/source-profiles.js'
import type { SourceProfiles } from '../../src/catalog/source-profiles.js'
import type { SinkPayload, ValueMap } from '../../src/index.js'

/** Serves `GET /api/v1/valuedescriptor` with `descriptors` (name → type); counts the requests. */
export async function valueDescriptorServer(
  descriptors: Record<string, string>,
): Promise<{ url: string; requests: () => number; close(): Promise<void> }> {
  let n = 0
  const server: Server = createServer((req, res) => {
    if (req.url === '/api/v1/valuedescriptor') {
      n++
      const body = Object.entries(descriptors).map(([name, type], i) => ({ id: `vd${i}`, name, type }))
      res.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify(body))
    } else {
      res.writeHead(404).end()
    }
  })
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
  const addr = server.address()
  if (addr === null || typeof addr === 'string') throw new Error('no address')
  return {
    url: `http://127.0.0.1:${addr.port}`,
    requests: () => n,
    close: () => new Promise((r) => server.close(() => r())),
  }
}

/** An etc folder with `sources/<type>.yaml` = `yaml`; remove() deletes it. */
export function tempEtc(type: string, yaml: string): { profiles: SourceProfiles; dir: string; remove(): void } {
  const dir = mkdtempSync(join(tmpdir(), 'kuiper-edgex-etc-'))
  mkdirSync(join(dir, 'sources'))
  writeFileSync(join(dir, 'sources', `${type}.yaml`), yaml)
  return {
    dir,
    profiles: loadSourceProfiles(dir, { warn: () => {} }),
    remove: () => rmSync(dir, { recursive: true, force: true }),
  }
}

let seq = 0
export function uniqueTopic(name: string): string {
  return `kuiper-test/${process.pid}/${Date.now().toString(36)}/${seq++}/${name}`
}

export async function waitFor(cond: () => boolean, what: string, timeoutMs = 5000): Promise<void> {
  const end = Date.now() + timeoutMs
  while (!cond()) {
    if (Date.now() > end) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`)
    await new Promise((r) => setTimeout(r, 10))
  }
}

export function recorder(name = 'out'): {
  rows: ValueMap[]
  action: { name: string; sink: { collect(c: unknown, p: SinkPayload): void } }
} {
  const rows: ValueMap[] = []
  return { rows, action: { name, sink: { collect: (_c, p) => void rows.push(...(p.rows ?? [])) } } }
}

/** An EdgeX v1 event JSON (core-data's shape). */
export function eventJson(
  device: string,
  readings: { name: string; value: string; [k: string]: unknown }[],
  extra: Record<string, unknown> = {},
): string {
  return JSON.stringify({
    id: 'ev1',
    device,
    created: 1000,
    modified: 1001,
    origin: 1002,
    pushed: 0,
    readings,
    ...extra,
  })
}

/** go-mod-messaging's MessageEnvelope JSON around `payload`. */
export function envelopeJson(payload: string, contentType = 'application/json', correlationId = 'corr-1'): string {
  return JSON.stringify({
    Checksum: '',
    CorrelationID: correlationId,
    Payload: Buffer.from(payload).toString('base64'),
    ContentType: contentType,
  })
}

/** The fields of a redisstreams bus entry (go-mod-messaging's envelope) around a raw `payload`. */
export function envelopeFields(payload: string, correlationId = 'corr-1'): string[] {
  return ['CorrelationID', correlationId, 'Payload', payload, 'Checksum', '', 'ContentType', 'application/json']
}

/** The tests' free-port helper, where these tests have always found it. */
export { freePort } from '../services.js'
