// The Kubernetes tool's files: cf.yaml (1.0's keys and defaults, paths from the working directory), command files
// (checked whole), and .history (1.0's format read and written, 1.0's "changed since" test).

import { after, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { CommandFileError, parseCommandFile } from '../../src/kubernetes-tool/command-file.js'
import { kuiperdUrl, loadToolConfig, ToolConfigError } from '../../src/kubernetes-tool/config.js'
import { History, HistoryError } from '../../src/kubernetes-tool/history.js'

const made: string[] = []
after(() => {
  for (const dir of made) rmSync(dir, { recursive: true, force: true })
})

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'kuiper-k8s-files-'))
  made.push(dir)
  return dir
}

describe('cf.yaml', () => {
  it("reads the shipped cf.yaml, resolving commandDir and logPath from the working directory as 1.0's tool did", () => {
    const cwd = join(import.meta.dirname, '../../deploy/kubernetes-tool')
    const c = loadToolConfig('etc/cf.yaml', cwd)
    assert.equal(c.commandDir, join(cwd, 'sample'))
    assert.equal(c.historyPath, join(cwd, '.history'))
    assert.equal(c.logPath, join(cwd, 'log', 'kubernetes.log'))
    assert.deepEqual([c.port, c.ip, c.timeoutMs, c.intervalMs], [9081, '127.0.0.1', 500, 30_000])
    assert.deepEqual([c.consoleLog, c.fileLog], [true, false])
  })

  it("takes 1.0's defaults for absent keys, and logs to logPath when fileLog is absent (1.0.0 always did)", () => {
    const dir = tempDir()
    mkdirSync(join(dir, 'sample'))
    writeFileSync(join(dir, 'cf.yaml'), 'intervalTime: 0.5\n')
    const c = loadToolConfig('cf.yaml', dir)
    assert.deepEqual([c.port, c.ip, c.timeoutMs, c.intervalMs, c.fileLog], [9081, '127.0.0.1', 500, 500, true])
  })

  it('names the key at fault, a missing command folder and an unreadable file', () => {
    const dir = tempDir()
    writeFileSync(join(dir, 'bad.yaml'), 'port: "9081"\ntimeout: -1\n')
    assert.throws(
      () => loadToolConfig('bad.yaml', dir),
      (err: Error) => {
        assert.ok(err instanceof ToolConfigError)
        assert.match(err.message, /port: .*number/)
        assert.match(err.message, /timeout: /)
        return true
      },
    )
    writeFileSync(join(dir, 'nodir.yaml'), 'commandDir: ./missing/\n')
    assert.throws(() => loadToolConfig('nodir.yaml', dir), /the command folder .*missing \(commandDir\) does not exist/)
    assert.throws(() => loadToolConfig('absent.yaml', dir), /cannot read the configuration file .*absent\.yaml/)
  })

  it('puts an IPv6 address in brackets in the URL', () => {
    assert.equal(kuiperdUrl('::1', 9081), 'http://[::1]:9081')
    assert.equal(kuiperdUrl('kuiper.local', 9081), 'http://kuiper.local:9081')
  })
})

describe('command files', () => {
  it("reads 1.0's sample with methods in any case and data only where given", () => {
    const text = readFileSync(join(import.meta.dirname, '../../deploy/kubernetes-tool/sample/sample.json'), 'utf8')
    const file = parseCommandFile(text)
    const raw = JSON.parse(text) as { commands: { method: string; data?: unknown }[] }
    assert.equal(file.commands.length, raw.commands.length)
    file.commands.forEach((c, i) => {
      assert.equal(c.method, raw.commands[i]!.method.toUpperCase())
      assert.deepEqual(c.data, raw.commands[i]!.data)
    })
  })

  it('refuses a file with any bad command, naming it', () => {
    const cases: [string, RegExp][] = [
      ['{', /^not JSON: /],
      ['{}', /^commands: /],
      ['{"commands": [{"url": "streams", "method": "get"}]}', /^commands\[0\]\.url: must be a path starting with \//],
      ['{"commands": [{"url": "/a", "method": "get"}, {"url": "/b"}]}', /^commands\[1\]\.method: /],
      ['{"commands": [{"url": "/a", "method": "PATCH"}]}', /must be one of GET, POST, PUT, DELETE/],
    ]
    for (const [text, message] of cases)
      assert.throws(
        () => parseCommandFile(text),
        (err: Error) => err instanceof CommandFileError && message.test(err.message),
        text,
      )
  })
})

describe('.history', () => {
  it("reads 1.0's file and its null, and writes 1.0's format sorted by name", () => {
    const dir = tempDir()
    const path = join(dir, '.history')
    writeFileSync(path, '[{"name":"z.json","loadTime":1594362344},{"name":"a.json","loadTime":1594362300}]')
    const h = History.load(path)
    assert.equal(h.loadTime('z.json'), 1594362344)
    h.record('m.json', 1594362400)
    assert.equal(
      readFileSync(path, 'utf8'),
      '[{"name":"a.json","loadTime":1594362300},{"name":"m.json","loadTime":1594362400},{"name":"z.json","loadTime":1594362344}]',
    )
    writeFileSync(path, 'null')
    assert.deepEqual(History.load(path).entries(), [])
    writeFileSync(path, '')
    assert.deepEqual(History.load(path).entries(), [])
    assert.deepEqual(History.load(join(dir, 'absent')).entries(), [])
  })

  it('is due for a new file and for one modified in a later second than its loadTime, only', () => {
    const dir = tempDir()
    const h = History.load(join(dir, '.history'))
    assert.equal(h.isDue('a.json', 100), true)
    h.record('a.json', 100)
    assert.equal(h.isDue('a.json', 99), false)
    assert.equal(h.isDue('a.json', 100), false)
    assert.equal(h.isDue('a.json', 101), true)
  })

  it('refuses a history it cannot read instead of re-applying every file', () => {
    const dir = tempDir()
    const path = join(dir, '.history')
    writeFileSync(path, '{"name":"a.json"}')
    assert.throws(
      () => History.load(path),
      (err: Error) => err instanceof HistoryError && /not a JSON array/.test(err.message),
    )
    writeFileSync(path, '[{"name":"a.json"}]')
    assert.throws(() => History.load(path), /an entry without a name and a numeric loadTime/)
    writeFileSync(path, '[{')
    assert.throws(() => History.load(path), /is not JSON/)
  })
})
