/// <reference lib="dom" />
// (The callbacks of page.evaluate and waitForFunction run in the browser.)

// The web console end to end: a real headless Chromium (browser.ts) against a real kuiperd and Mosquitto. Streams
// and rules are made through the forms, a rule's metrics are seen moving while data flows over MQTT, a query shows
// its rows, bad SQL gets a validation error as it is typed, a rule test runs on mock data, a trace is opened, the
// language switch reaches the API, and with authentication on the console asks for a token and uses it.
// Screenshots of the pages go to docs/images/console/ (docs/console.md shows them).

import assert from 'node:assert/strict'
import { generateKeyPairSync, sign } from 'node:crypto'
import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { after, before, describe, it } from 'node:test'
import mqtt from 'mqtt'
import type { Page } from 'playwright-core'
import { MQTT_SERVER, MQTT_URL } from '../services.js'
import { TEST_CONFIG, startKuiperd, tempBase } from '../server/kuiperd-process.js'
import type { Kuiperd } from '../server/kuiperd-process.js'
import { launchBrowser, screenshot, UI_TIMEOUT_MS } from './browser.js'
import type { ConsoleBrowser } from './browser.js'

const TOPIC = `kuiper/console-test/${process.pid}`

/** A kuiperd whose MQTT sources read the test broker. */
async function kuiperdWithBroker(config = TEST_CONFIG): Promise<Kuiperd> {
  const base = tempBase()
  mkdirSync(join(base, 'etc'), { recursive: true })
  writeFileSync(join(base, 'etc', 'mqtt_source.yaml'), `default:\n  qos: 0\n  servers: ["${MQTT_SERVER}"]\n`)
  return startKuiperd({ base, config })
}

/** Types `text` into the CodeMirror editor whose content element has `id`, as fast as keys can be sent. */
async function typeSql(page: Page, id: string, text: string): Promise<void> {
  await page.locator(`#${id}`).click()
  await page.keyboard.press('ControlOrMeta+a')
  await page.keyboard.press('Delete')
  await page.keyboard.type(text)
}

/** Publishes readings every 100 ms until stopped. */
function publishReadings(client: mqtt.MqttClient): () => void {
  let n = 0
  const timer = setInterval(() => {
    n++
    client.publish(TOPIC, JSON.stringify({ temperature: 25 + (n % 20), humidity: 40 + (n % 7) }))
  }, 100)
  return () => clearInterval(timer)
}

async function numberIn(page: Page, selector: string): Promise<number> {
  return Number(await page.locator(selector).first().textContent())
}

describe('the web console in a real browser', { timeout: 240_000 }, () => {
  let k: Kuiperd
  let b: ConsoleBrowser
  let page: Page
  let publisher: mqtt.MqttClient
  let subscriber: mqtt.MqttClient

  before(async () => {
    // One at a time, so that after() stops whatever started when a later one fails.
    k = await kuiperdWithBroker()
    publisher = await mqtt.connectAsync(MQTT_URL, { reconnectPeriod: 0 })
    subscriber = await mqtt.connectAsync(MQTT_URL, { reconnectPeriod: 0 })
    b = await launchBrowser()
    page = await b.page()
  })
  after(async () => {
    await publisher?.endAsync()
    await subscriber?.endAsync()
    await b?.close()
    await k?.stop()
  })

  it('creates a stream through the form (fields, source type, data source) and describes it', async () => {
    await page.goto(`${k.url}/console/streams`)
    await page.getByRole('heading', { name: 'Streams', level: 1 }).waitFor()
    await page.getByTestId('stream-name').fill('demo')
    await page.getByTestId('field-name-0').fill('temperature')
    await page.getByTestId('field-type-0').selectOption('float')
    await page.getByTestId('add-field').click()
    await page.getByTestId('field-name-1').fill('humidity')
    await page.getByTestId('stream-datasource').fill(TOPIC)
    // The settings of the chosen source's configuration key come from /metadata/sources/mqtt.
    await page.getByText('Settings of mqtt/default').click()
    await page.getByRole('rowheader', { name: 'servers' }).waitFor()
    await screenshot(page, 'streams-new')
    await page.getByTestId('create-stream').click()
    await page.getByRole('status').filter({ hasText: 'Stream demo is created' }).waitFor()
    await page.getByTestId('streams-table').getByRole('cell', { name: 'demo', exact: true }).waitFor()
    await page.getByRole('button', { name: 'Describe' }).click()
    const described = await page.getByTestId('stream-description').textContent()
    assert.match(described ?? '', /"Name": "temperature"/)
    assert.match(described ?? '', /"FieldType": "float"/)
    await screenshot(page, 'streams')
  })

  it('shows the validation error of bad SQL as it is typed (POST /rules/validate)', async () => {
    await page.goto(`${k.url}/console/rules/new`)
    await typeSql(page, 'rule-sql', 'SELECT temperature FROM demo WHERE')
    const check = page.getByTestId('sql-check')
    await check.getByRole('alert').waitFor()
    assert.match((await check.textContent()) ?? '', /^Error: /)
    // The error is underlined in the editor too.
    await page.locator('.cm-lintRange-error').first().waitFor()
    await screenshot(page, 'rule-validation')
    await typeSql(page, 'rule-sql', 'SELECT temperature FROM demo WHERE temperature > 30')
    await check.getByText('The SQL is valid.').waitFor()
  })

  it('creates a rule through the form and shows its topology and metrics moving while data flows over MQTT', async () => {
    await page.goto(`${k.url}/console/rules/new`)
    await page.getByTestId('rule-id').fill('hot')
    await typeSql(page, 'rule-sql', 'SELECT temperature, humidity FROM demo WHERE temperature > 30')
    // The first sink is a log sink; the second an MQTT sink, its form made from /metadata/sinks/mqtt.
    await page.getByTestId('sink-type-0').selectOption('log')
    await page.getByTestId('add-sink').click()
    await page.getByTestId('sink-type-1').selectOption('mqtt')
    const server = page.getByTestId('sink-1-server')
    // The declared default is filled in first.
    await page.waitForFunction(
      () => document.querySelector<HTMLInputElement>('[data-testid="sink-1-server"]')?.value !== '',
    )
    assert.equal(await server.inputValue(), 'tcp://127.0.0.1:1883')
    await server.fill(MQTT_SERVER)
    await page.getByTestId('sink-1-topic').fill(`${TOPIC}/hot`)
    await screenshot(page, 'rule-editor')
    const results: string[] = []
    await subscriber.subscribeAsync(`${TOPIC}/hot`)
    subscriber.on('message', (_t, m) => results.push(m.toString()))
    await page.getByTestId('save-rule').click()
    await page.waitForURL(/\/console\/rules\/hot$/)
    await page.getByTestId('topo-graph').waitFor()
    assert.match((await page.getByTestId('topo-graph').textContent()) ?? '', /source_demo/)
    const stop = publishReadings(publisher)
    try {
      const cell = '[data-testid="metrics-source_demo_0"] [data-metric="records_in_total"]'
      await page.waitForFunction((sel) => Number(document.querySelector(sel)?.textContent) > 0, cell, {
        timeout: UI_TIMEOUT_MS,
      })
      const first = await numberIn(page, cell)
      await page.waitForFunction(
        ([sel, n]) => Number(document.querySelector(sel as string)?.textContent) > (n as number),
        [cell, first] as const,
        { timeout: UI_TIMEOUT_MS },
      )
      // Two polls at least: the charts have lines to draw.
      await page.waitForTimeout(1500)
      await screenshot(page, 'rule')
      // The MQTT sink made from the form publishes the hot readings.
      assert.ok(results.length > 0, 'the MQTT sink published')
      assert.ok(
        (JSON.parse(results[0]!) as { temperature: number }[]).every((r) => r.temperature > 30),
        results[0],
      )
    } finally {
      stop()
    }
    await page.goto(`${k.url}/console/rules`)
    await page.getByTestId('rule-status-hot').getByText('Running').waitFor()
    await screenshot(page, 'rules')
  })

  it('runs a query and shows its rows as they come', async () => {
    await page.goto(`${k.url}/console/query`)
    await typeSql(page, 'query-sql', 'SELECT temperature, humidity FROM demo')
    await page.getByTestId('run-query').click()
    await page.getByText(/Running query/).waitFor()
    const stop = publishReadings(publisher)
    try {
      await page.getByTestId('query-results').locator('tbody tr').nth(2).waitFor()
    } finally {
      stop()
    }
    const header = await page.getByTestId('query-results').locator('thead').textContent()
    assert.match(header ?? '', /temperature/)
    await screenshot(page, 'query')
    await page.getByTestId('stop-query').click()
  })

  it('runs a rule test on mock data and shows its output (POST /ruletest, events)', async () => {
    await page.goto(`${k.url}/console/test`)
    await typeSql(page, 'test-sql', 'SELECT temperature FROM demo WHERE temperature > 30')
    await page.getByTestId('mock-stream-0').selectOption('demo')
    await page
      .getByTestId('mock-data-0')
      .fill(
        '[{"temperature": 20, "humidity": 50}, {"temperature": 35, "humidity": 51}, {"temperature": 41, "humidity": 52}]',
      )
    await page.getByTestId('run-test').click()
    const output = page.getByTestId('test-output')
    await output.getByRole('cell', { name: '41', exact: true }).waitFor()
    const text = (await output.locator('tbody').textContent()) ?? ''
    assert.match(text, /35/)
    assert.doesNotMatch(text, /\b20\b/)
    await screenshot(page, 'rule-test')
  })

  it('starts a trace of a rule and opens one as a tree of operators (trace API)', async () => {
    await page.goto(`${k.url}/console/traces`)
    await page.getByTestId('trace-rule').selectOption('hot')
    await page.getByTestId('trace-start').click()
    await page.getByRole('status').filter({ hasText: 'Done' }).waitFor()
    const stop = publishReadings(publisher)
    try {
      // Refreshed until the first traced message is listed (bounded).
      const ids = page.getByTestId('trace-ids').getByRole('button')
      const deadline = Date.now() + UI_TIMEOUT_MS
      while ((await ids.count()) === 0) {
        assert.ok(Date.now() < deadline, 'a traced message is listed')
        await page.getByTestId('trace-refresh').click()
        await page.waitForTimeout(300)
      }
    } finally {
      stop()
    }
    await page.getByTestId('trace-ids').getByRole('button').first().click()
    const tree = page.getByTestId('trace-tree')
    await tree.waitFor()
    assert.ok((await tree.getByRole('treeitem').count()) >= 2, 'the trace has the source and the operators after it')
    await screenshot(page, 'traces')
    await page.getByTestId('trace-stop').click()
  })

  it('switches to Chinese and asks the API in that language', async () => {
    await page.goto(`${k.url}/console/streams`)
    const asked = page.waitForRequest(
      (r) => r.url().endsWith('/streams') && r.headers()['content-language'] === 'zh_CN',
    )
    await page.getByTestId('language').selectOption('zh_CN')
    await page.getByRole('link', { name: '规则', exact: true }).click()
    await page.getByRole('heading', { name: '规则', level: 1 }).waitFor()
    await page.getByRole('link', { name: '流', exact: true }).click()
    await asked
    assert.equal(await page.locator('html').getAttribute('lang'), 'zh-CN')
    await screenshot(page, 'streams-zh')
    await page.getByTestId('language').selectOption('en_US')
  })

  it('is usable with the keyboard: the skip link and the navigation take the focus', async () => {
    await page.goto(`${k.url}/console/streams`)
    await page.keyboard.press('Tab')
    assert.equal(await page.evaluate(() => document.activeElement?.textContent), 'Skip to content')
    await page.keyboard.press('Tab')
    assert.equal(await page.evaluate(() => document.activeElement?.textContent), 'Streams')
    await page.keyboard.press('Tab')
    await page.keyboard.press('Enter')
    await page.getByRole('heading', { name: 'Rules', level: 1 }).waitFor()
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'main')
  })
})

describe('the web console with authentication on', { timeout: 120_000 }, () => {
  const ISSUER = 'console_key.pub'
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 })
  const b64 = (v: unknown): string => Buffer.from(JSON.stringify(v)).toString('base64url')
  const jwt = (claims: Record<string, unknown>): string => {
    const input = `${b64({ typ: 'JWT', alg: 'RS256' })}.${b64(claims)}`
    return `${input}.${sign('RSA-SHA256', Buffer.from(input), privateKey).toString('base64url')}`
  }
  const now = (): number => Math.floor(Date.now() / 1000)
  let k: Kuiperd
  let b: ConsoleBrowser

  before(async () => {
    const base = tempBase()
    mkdirSync(join(base, 'etc', 'mgmt'), { recursive: true })
    writeFileSync(join(base, 'etc', 'mgmt', ISSUER), publicKey.export({ type: 'spki', format: 'pem' }))
    k = await startKuiperd({ base, config: TEST_CONFIG.replace('basic:\n', 'basic:\n  authentication: true\n') })
    b = await launchBrowser()
  })
  after(async () => {
    await b?.close()
    await k?.stop()
  })

  it('serves the console without a token, asks for one, and works once signed in', async () => {
    const page = await b.page()
    await page.goto(`${k.url}/console/streams`)
    const reason = page.getByTestId('login-reason')
    await reason.waitFor()
    assert.match((await reason.textContent()) ?? '', /needs a token/)
    await screenshot(page, 'login')
    await page.getByTestId('login-token').fill(jwt({ iss: ISSUER, aud: 'eKuiper', exp: now() + 600 }))
    await page.getByTestId('login-submit').click()
    await page.getByRole('heading', { name: 'Streams', level: 1 }).waitFor()
    await page.getByText('None yet.').waitFor()
    assert.equal(await page.getByTestId('login-reason').count(), 0)
    await page.getByRole('button', { name: 'Log out' }).waitFor()
  })

  it('says when the token has expired', async () => {
    const page = await b.page()
    await page.goto(`${k.url}/console/`)
    await page.evaluate(
      (t) => sessionStorage.setItem('kuiper.console.token', t),
      jwt({ iss: ISSUER, aud: 'eKuiper', exp: now() - 60 }),
    )
    await page.reload()
    const reason = page.getByTestId('login-reason')
    await reason.waitFor()
    assert.match((await reason.textContent()) ?? '', /token is expired/)
  })
})
