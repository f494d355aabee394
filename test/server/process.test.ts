// The kuiperd process as a user meets it: 1.0's binary names, the README's `npm start` stopped by SIGTERM, one
// kuiperd per data folder, and ports bound before any rule starts.

import assert from 'node:assert/strict'
import { execFile, spawn } from 'node:child_process'
import type { ChildProcess } from 'node:child_process'
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { connect } from 'node:net'
import { join } from 'node:path'
import { describe, it } from 'node:test'
import { promisify } from 'node:util'
import { ROOT, TEST_CONFIG, http, runKuiperdToExit, startKuiperd, tempBase } from './kuiperd-process.js'

const run = promisify(execFile)

function lockPid(dataDir: string): number {
  return Number(readFileSync(join(dataDir, 'kuiperd.lock'), 'utf8').split('\n')[0])
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch {
    return false
  }
}

/** Resolves true when nothing accepts connections on the port. */
function portClosed(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = connect(port, '127.0.0.1')
    s.once('connect', () => {
      s.destroy()
      resolve(false)
    })
    s.once('error', () => resolve(true))
  })
}

function exitOf(proc: ChildProcess): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
  if (proc.exitCode !== null || proc.signalCode !== null) {
    return Promise.resolve({ code: proc.exitCode, signal: proc.signalCode })
  }
  return new Promise((resolve) => proc.once('exit', (code, signal) => resolve({ code, signal })))
}

describe("1.0's binary names", () => {
  it('runs bin/kuiperd and bin/kuiper as executables from the checkout', async () => {
    const version = await run(join(ROOT, 'bin', 'kuiperd'), ['--version'])
    assert.match(version.stdout, /^Version: \d+\.\d+\.\d+/)
    const help = await run(join(ROOT, 'bin', 'kuiper'), ['--help'])
    assert.match(help.stdout, /^Usage: kuiper/)
    const k = await startKuiperd()
    try {
      const port = new URL(k.url).port
      const created = await run(join(ROOT, 'bin', 'kuiper'), [
        'create',
        'stream',
        'demo',
        '(temperature float) WITH (DATASOURCE="demo", TYPE="memory")',
        '--port',
        port,
      ])
      assert.match(created.stdout, /Stream demo is created\./)
      assert.deepEqual((await http(k.url, 'GET', '/streams')).json(), ['demo'])
    } finally {
      assert.equal(await k.stop(), 0)
    }
  })
})

describe("the README's run command", () => {
  it('stops kuiperd gracefully when npm start receives SIGTERM', async () => {
    const base = tempBase()
    mkdirSync(join(base, 'etc'), { recursive: true })
    writeFileSync(join(base, 'etc', 'kuiper.yaml'), TEST_CONFIG)
    const env: Record<string, string> = {}
    for (const [k, v] of Object.entries(process.env)) if (v !== undefined && !k.startsWith('KUIPER__')) env[k] = v
    const npm = spawn('npm', ['start'], { cwd: ROOT, env: { ...env, KuiperBaseKey: base }, stdio: 'pipe' })
    let out = ''
    npm.stdout.on('data', (d: Buffer) => (out += d.toString()))
    npm.stderr.on('data', (d: Buffer) => (out += d.toString()))
    const port = await new Promise<number>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no banner within 30 s:\n${out}`)), 30_000)
      const check = (): void => {
        const m = /restful api on http:\/\/[^:]+:(\d+)\./.exec(out)
        if (m === null) return
        clearTimeout(timer)
        resolve(Number(m[1]))
      }
      npm.stdout.on('data', check)
      npm.once('exit', () => reject(new Error(`npm start exited before serving:\n${out}`)))
    })
    const kuiperd = lockPid(join(base, 'data'))
    try {
      assert.notEqual(kuiperd, npm.pid)
      const exited = exitOf(npm)
      npm.kill('SIGTERM')
      const deadline = new Promise<never>((_, reject) =>
        setTimeout(() => reject(new Error(`npm start did not exit within 15 s:\n${out}`)), 15_000).unref(),
      )
      // npm exits with kuiperd's code: 0 only when kuiperd stopped cleanly.
      assert.deepEqual(await Promise.race([exited, deadline]), { code: 0, signal: null }, out)
      assert.match(out, /kuiperd: SIGTERM received, stopping/)
      assert.equal(isRunning(kuiperd), false, 'kuiperd is gone')
      assert.equal(await portClosed(port), true, 'its port is closed')
      assert.equal(existsSync(join(base, 'data', 'kuiperd.lock')), false, 'its lock is released')
    } finally {
      if (isRunning(kuiperd)) process.kill(kuiperd, 'SIGKILL')
    }
  })
})

describe('one kuiperd per data folder', () => {
  it('refuses a second kuiperd on the same data folder, naming the pid of the first, which goes on', async () => {
    const first = await startKuiperd()
    try {
      await http(first.url, 'POST', '/streams', { sql: 'CREATE STREAM s () WITH (DATASOURCE="s", TYPE="memory")' })
      const second = await runKuiperdToExit({ base: first.base, config: TEST_CONFIG })
      assert.equal(second.code, 1)
      assert.match(second.stderr, new RegExp(`data folder .* is in use by another kuiperd \\(pid ${first.proc.pid}\\b`))
      assert.doesNotMatch(second.stdout, /Serving kuiper/)
      assert.equal(lockPid(first.dataDir), first.proc.pid)
      assert.deepEqual((await http(first.url, 'GET', '/streams')).json(), ['s'])
    } finally {
      assert.equal(await first.stop(), 0)
    }
    assert.equal(existsSync(join(first.dataDir, 'kuiperd.lock')), false)
  })

  it('takes over the lock a dead kuiperd left behind', async () => {
    const base = tempBase()
    const dead = spawn(process.execPath, ['-e', ''])
    await exitOf(dead)
    mkdirSync(join(base, 'data'), { recursive: true })
    writeFileSync(join(base, 'data', 'kuiperd.lock'), `${dead.pid}\n`)
    const k = await startKuiperd({ base })
    try {
      assert.equal(lockPid(k.dataDir), k.proc.pid)
    } finally {
      assert.equal(await k.stop(), 0)
    }
  })
})

describe('ports before rules', () => {
  it('starts no rule when the REST port is taken', async () => {
    const base = tempBase()
    const sinkFile = join(base, 'out', 'result.txt')
    const first = await startKuiperd({ base })
    await http(first.url, 'POST', '/streams', { sql: 'CREATE STREAM s () WITH (DATASOURCE="s", TYPE="memory")' })
    const rule = await http(first.url, 'POST', '/rules', {
      id: 'to_file',
      sql: 'SELECT * FROM s',
      actions: [{ file: { path: sinkFile, interval: 0 } }],
    })
    assert.equal(rule.status, 201, rule.text)
    assert.equal(existsSync(sinkFile), true, 'a started file sink creates its file')
    assert.equal(await first.stop(), 0)
    rmSync(sinkFile)

    const other = await startKuiperd()
    try {
      const taken = new URL(other.url).port
      const r = await runKuiperdToExit({ base, env: { KUIPER__BASIC__RESTPORT: taken } })
      assert.equal(r.code, 1)
      assert.match(r.stderr, /EADDRINUSE/)
      assert.equal(existsSync(sinkFile), false, 'the persisted rule never started')
      assert.equal(existsSync(join(base, 'data', 'kuiperd.lock')), false, 'the lock is released')
    } finally {
      assert.equal(await other.stop(), 0)
    }
  })
})
