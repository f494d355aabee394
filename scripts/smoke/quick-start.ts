// The README's quick start against a real kuiperd, as a smoke for one Node line (scripts/smoke-node-line.sh runs it
// with that line's node): start kuiperd, create the stream and the rule over REST, publish over MQTT, read the
// rule's status and list, stop kuiperd with SIGTERM. Exits 0 when every step did what the README says.

import { spawn } from 'node:child_process'
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import mqtt from 'mqtt'
import { treeRssMB } from '../../bench/table/processes.js'
import { repoRoot } from '../conformance/paths.js'
import { bringUpTestServices, freePort, TEST_SERVICES } from '../test-services/index.js'

async function until<T>(what: string, timeoutMs: number, attempt: () => Promise<T | undefined>): Promise<T> {
  const end = Date.now() + timeoutMs
  for (;;) {
    const v = await attempt().catch(() => undefined)
    if (v !== undefined) return v
    if (Date.now() > end) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`)
    await new Promise((r) => setTimeout(r, 200))
  }
}

async function main(): Promise<void> {
  const services = await bringUpTestServices({ names: ['mqtt'] })
  const base = mkdtempSync(join(tmpdir(), 'kuiper-smoke-'))
  mkdirSync(join(base, 'data'))
  const port = await freePort()
  const broker = `tcp://127.0.0.1:${services.env[TEST_SERVICES.mqtt.envVar]}`
  let out = ''
  const kuiperd = spawn(
    process.execPath,
    [join(repoRoot, 'bin/kuiperd.js'), '--config', join(repoRoot, 'etc/kuiper.yaml'), '--data', join(base, 'data')],
    {
      cwd: base,
      env: {
        ...process.env,
        KuiperBaseKey: base,
        KUIPER__BASIC__RESTIP: '127.0.0.1',
        KUIPER__BASIC__RESTPORT: String(port),
        KUIPER__BASIC__CONSOLELOG: 'true',
        KUIPER__BASIC__FILELOG: 'false',
        KUIPER__BASIC__PROMETHEUS: 'false',
        MQTT_SOURCE__DEFAULT__SERVERS: `[${broker}]`,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  )
  kuiperd.stdout.on('data', (b: Buffer) => (out += b.toString()))
  kuiperd.stderr.on('data', (b: Buffer) => (out += b.toString()))
  const exited = new Promise<number | null>((r) => kuiperd.once('exit', (code) => r(code)))
  const url = `http://127.0.0.1:${port}`
  const rest = async (method: string, path: string, body?: unknown): Promise<{ status: number; text: string }> => {
    const res = await fetch(url + path, { method, ...(body === undefined ? {} : { body: JSON.stringify(body) }) })
    return { status: res.status, text: await res.text() }
  }
  const expect = (what: string, ok: boolean, got: string): void => {
    if (!ok) throw new Error(`${what}: got ${got}`)
    console.log(`smoke: ${what}`)
  }
  const topic = `kuiper-smoke/${process.pid}`
  const client = await mqtt.connectAsync(broker.replace('tcp:', 'mqtt:'), { connectTimeout: 5000 })
  try {
    await until('kuiperd to answer GET /', 30_000, async () => ((await fetch(url + '/')).ok ? true : undefined))
    console.log(`smoke: kuiperd ${process.version} answers on ${url}`)
    // Informational, not a check: the idle footprint on this Node line, read as npm run bench reads it on the
    // machine's own node (docs/performance.md, "Idle footprint").
    await new Promise((r) => setTimeout(r, 3000))
    console.log(
      `smoke: idle kuiperd RSS 3 s after it answers: ${kuiperd.pid === undefined ? '?' : treeRssMB(kuiperd.pid).toFixed(1)} MB (node ${process.version})`,
    )
    let r = await rest('POST', '/streams', {
      sql: `CREATE STREAM demo (temperature FLOAT, humidity BIGINT) WITH (DATASOURCE="${topic}/+/messages", FORMAT="JSON")`,
    })
    expect('stream demo is created', r.status < 300 && r.text.includes('Stream demo is created'), r.text)
    r = await rest('POST', '/rules', {
      id: 'rule1',
      sql: 'SELECT * FROM demo WHERE temperature > 30',
      actions: [{ log: {} }],
    })
    expect('rule rule1 is created', r.status < 300 && r.text.includes('rule1'), r.text)
    const status = await until('rule1 to count a record out', 20_000, async () => {
      await client.publishAsync(`${topic}/dev1/messages`, '{"temperature": 40, "humidity": 20}')
      const s = await rest('GET', '/rules/rule1/status')
      const m = JSON.parse(s.text) as Record<string, unknown>
      return Number(m['sink_log_0_0_records_out_total']) >= 1 ? m : undefined
    })
    expect('rule1 status shows the row through', Number(status['source_demo_0_records_in_total']) >= 1, '')
    r = await rest('GET', '/rules')
    expect('rule1 is listed Running', r.text.includes('"id":"rule1"') && r.text.includes('Running'), r.text)
    kuiperd.kill('SIGTERM')
    const code = await Promise.race([exited, new Promise<string>((res) => setTimeout(() => res('no exit'), 15_000))])
    expect('kuiperd stops on SIGTERM with exit 0', code === 0, String(code))
  } catch (err) {
    console.error(`kuiperd output:\n${out}`)
    throw err
  } finally {
    await client.endAsync()
    if (kuiperd.exitCode === null) kuiperd.kill('SIGKILL')
    await services.stop()
    rmSync(base, { recursive: true, force: true })
  }
}

main().then(
  () => console.log('smoke: quick start ok'),
  (err: unknown) => {
    console.error(`smoke: quick start FAILED: ${err instanceof Error ? err.message : String(err)}`)
    process.exitCode = 1
  },
)
