// `kuiper query` driven through a real terminal (tmux) against a real kuiperd, with rows published over MQTT
// (the test Mosquitto of test/services.ts): prompt, results as they arrive, Ctrl-C, history, stream statements, exit.

import { after, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { spawn } from 'node:child_process'
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import mqtt from 'mqtt'
import type { MqttClient } from 'mqtt'
import type { Kuiperd } from './harness.js'
import { KUIPER_BIN, ROOT, TmuxTerminal, kuiper, startKuiperd, until } from './harness.js'
import { MQTT_URL } from '../services.js'

const PROMPT = 'kuiper > '

describe('kuiper query', { skip: TmuxTerminal.available() ? false : 'tmux is not installed' }, () => {
  let d: Kuiperd
  let broker: MqttClient
  const topic = `kuiper/cli/query/${process.pid}/${Date.now()}`
  let history: string

  before(async () => {
    d = await startKuiperd()
    history = join(d.dir, 'history')
    broker = await mqtt.connectAsync(MQTT_URL, { clientId: `kuiper-cli-test-${process.pid}` })
    const r = await kuiper(
      ['create', 'stream', 'demo', `(temperature float, humidity bigint) WITH (DATASOURCE="${topic}")`],
      {
        env: { KuiperBaseKey: d.clientBase },
      },
    )
    assert.equal(r.code, 0, r.stderr)
  })
  after(async () => {
    await broker?.endAsync()
    await d?.stop()
  })

  /** Publishes a row every 200 ms until `done()` says its effect was seen (the subscription may still be starting). */
  async function publishUntil<T>(what: string, row: object, done: () => T | undefined): Promise<T> {
    return until(
      what,
      async () => {
        const seen = done()
        if (seen !== undefined) return seen
        await broker.publishAsync(topic, JSON.stringify(row))
        await new Promise((r) => setTimeout(r, 200))
        return done()
      },
      20_000,
    )
  }

  /**
   * The temporary query rules kuiperd still runs (ids `internal-xstream_query_rule_<n>`). Polling one takes its
   * pending results, so this is only called when no more results are expected on the terminal.
   */
  async function queryRuleIds(): Promise<string[]> {
    const live: string[] = []
    for (let n = 1; n <= 10; n++) {
      const id = `internal-xstream_query_rule_${n}`
      if ((await fetch(`${d.url}/query/${id}`)).status === 200) live.push(id)
    }
    return live
  }

  it('runs SELECTs as temporary rules, prints results as they arrive and stops on Ctrl-C', async () => {
    const term = TmuxTerminal.start(
      [process.execPath, KUIPER_BIN, 'query'],
      { KuiperBaseKey: d.clientBase, KUIPER_HISTORY_FILE: history },
      ROOT,
    )
    try {
      await term.waitFor('the prompt', (s) => s.endsWith(PROMPT.trimEnd()))
      assert.equal(term.capture(), `Connecting to 127.0.0.1:${d.port}...\n${PROMPT.trimEnd()}`)

      term.type('SELECT temperature, humidity FROM demo WHERE temperature > 20')
      term.keys('Enter')
      await term.waitFor('the submission', (s) => s.includes('Query was submit successfully.'))
      await publishUntil('a result on the terminal', { temperature: 25.5, humidity: 60 }, () =>
        term.capture().includes('[{"humidity":60,"temperature":25.5}]') ? true : undefined,
      )
      // Filtered rows never show; rows keep coming while the prompt stays usable.
      await broker.publishAsync(topic, JSON.stringify({ temperature: 10, humidity: 1 }))
      await broker.publishAsync(topic, JSON.stringify({ temperature: 30, humidity: 2 }))
      await term.waitFor('the second result', (s) => s.includes('[{"humidity":2,"temperature":30}]'))
      assert.ok(!term.capture().includes('"humidity":1'))
      assert.equal((await queryRuleIds()).length, 1, 'one temporary rule while the query runs')

      term.keys('C-c')
      await term.waitFor('the stop', (s) => s.includes('Query was stopped.'))
      await until('the temporary rule to be deleted', async () =>
        (await queryRuleIds()).length === 0 ? true : undefined,
      )
      const before = term.capture()
      await broker.publishAsync(topic, JSON.stringify({ temperature: 40, humidity: 3 }))
      await new Promise((r) => setTimeout(r, 700))
      assert.ok(!term.capture().includes('"humidity":3'), 'no results after Ctrl-C')
      assert.equal(term.capture(), before)

      // Stream statements go to the stream endpoint, as 1.0's stream commands.
      term.type('SHOW STREAMS')
      term.keys('Enter')
      await term.waitFor('the stream list', (s) => /\ndemo\n/.test(s))
      term.type('DESCRIBE STREAM nosuch')
      term.keys('Enter')
      await term.waitFor('a one-line error', (s) => /nosuch is not found/i.test(s))

      // A bad SELECT prints the server's error and keeps the console.
      term.type('SELECT nofunc(temperature) FROM demo')
      term.keys('Enter')
      await term.waitFor('the SQL error', (s) => /nofunc/.test(s.split('\n').slice(-2).join('\n')))

      // Line editing and history: Up recalls the previous statement.
      term.keys('Up')
      await term.waitFor('the recalled line', (s) => s.endsWith(`${PROMPT}SELECT nofunc(temperature) FROM demo`))
      term.keys('Up')
      await term.waitFor('the older line', (s) => s.endsWith(`${PROMPT}DESCRIBE STREAM nosuch`))
      term.keys('C-u')
      term.type('exit')
      term.keys('Enter')
      const status = await term.waitForExit()
      assert.equal(status, 0)
    } finally {
      term.kill()
    }
    const saved = readFileSync(history, 'utf8')
      .split('\n')
      .filter((l) => l !== '')
    assert.deepEqual(saved, [
      'SELECT temperature, humidity FROM demo WHERE temperature > 20',
      'SHOW STREAMS',
      'DESCRIBE STREAM nosuch',
      'SELECT nofunc(temperature) FROM demo',
      'exit',
    ])
  })

  it('recalls the history of an earlier session and replaces a running query with the next one', async () => {
    assert.ok(existsSync(history))
    const term = TmuxTerminal.start(
      [process.execPath, KUIPER_BIN, 'query'],
      { KuiperBaseKey: d.clientBase, KUIPER_HISTORY_FILE: history },
      ROOT,
    )
    try {
      await term.waitFor('the prompt', (s) => s.endsWith(PROMPT.trimEnd()))
      term.keys('Up', 'Up')
      await term.waitFor('the line from the last session', (s) =>
        s.endsWith(`${PROMPT}SELECT nofunc(temperature) FROM demo`),
      )
      term.keys('C-u')
      term.type('SELECT humidity FROM demo')
      term.keys('Enter')
      await term.waitFor('the submission', (s) => s.includes('Query was submit successfully.'))
      await publishUntil('the first query result', { temperature: 1, humidity: 7 }, () =>
        term.capture().includes('[{"humidity":7}]') ? true : undefined,
      )
      term.type('SELECT temperature FROM demo')
      term.keys('Enter')
      await term.waitFor('the second submission', (s) => s.split('Query was submit successfully.').length === 3)
      await publishUntil('the second query result', { temperature: 99, humidity: 8 }, () =>
        term.capture().includes('[{"temperature":99}]') ? true : undefined,
      )
      assert.ok(!term.capture().includes('[{"humidity":8}]'), 'the first query was replaced')
      assert.equal((await queryRuleIds()).length, 1)
      // Ctrl-C stops the query, a second Ctrl-C on the empty line leaves (and the temporary rule is gone).
      term.keys('C-c')
      await term.waitFor('the stop', (s) => s.includes('Query was stopped.'))
      term.keys('C-c')
      assert.equal(await term.waitForExit(), 0)
      assert.deepEqual(await queryRuleIds(), [])
    } finally {
      term.kill()
    }
  })

  it('streams results of piped input until interrupted', async () => {
    const child = spawn(process.execPath, [KUIPER_BIN, 'query'], {
      cwd: ROOT,
      env: { ...process.env, KuiperBaseKey: d.clientBase, KUIPER_HISTORY_FILE: join(d.dir, 'history-piped') },
      stdio: ['pipe', 'pipe', 'pipe'],
    })
    let out = ''
    child.stdout.on('data', (b: Buffer) => (out += b.toString()))
    child.stderr.on('data', (b: Buffer) => (out += b.toString()))
    const closed = new Promise<number | null>((r) => child.once('close', (c) => r(c)))
    try {
      child.stdin.end('SELECT temperature FROM demo WHERE humidity = 42\n')
      await until('the submission', () => (out.includes('Query was submit successfully.') ? true : undefined))
      await publishUntil('a piped result', { temperature: 12.5, humidity: 42 }, () =>
        out.includes('[{"temperature":12.5}]') ? true : undefined,
      )
      assert.equal((await queryRuleIds()).length, 1)
      child.kill('SIGINT')
      assert.equal(await closed, 0)
      assert.deepEqual(await queryRuleIds(), [])
      assert.ok(out.startsWith(`Connecting to 127.0.0.1:${d.port}... \n${PROMPT}Query was submit successfully.\n`), out)
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL')
    }
  })
})
