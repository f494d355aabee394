// bin/kuiper-kubernetes-tool run as a user runs it: `kuiper-kubernetes-tool etc/cf.yaml` from the folder holding
// etc/ and sample/, 1.0's log lines on stdout and in logPath, SIGTERM to stop.

import { after, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { spawn } from 'node:child_process'
import type { ChildProcess } from 'node:child_process'
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { http, ROOT, startKuiperd } from '../server/kuiperd-process.js'
import type { Kuiperd } from '../server/kuiperd-process.js'
import { createStream, workspace, writeCommands } from './harness.js'

const BIN = join(ROOT, 'bin', 'kuiper-kubernetes-tool')

interface Run {
  readonly proc: ChildProcess
  output(): { stdout: string; stderr: string }
  exited: Promise<number | null>
}

function launch(args: readonly string[], cwd: string): Run {
  const proc = spawn(process.execPath, [BIN, ...args], { cwd, stdio: ['ignore', 'pipe', 'pipe'] })
  let stdout = ''
  let stderr = ''
  proc.stdout!.on('data', (d: Buffer) => (stdout += d.toString()))
  proc.stderr!.on('data', (d: Buffer) => (stderr += d.toString()))
  const exited = new Promise<number | null>((resolve) => proc.once('exit', (code) => resolve(code)))
  const timer = setTimeout(() => proc.kill('SIGKILL'), 30_000)
  void exited.then(() => clearTimeout(timer))
  return { proc, output: () => ({ stdout, stderr }), exited }
}

/** Polls the process output (bounded) until `pattern` appears. */
async function untilOutput(run: Run, pattern: RegExp, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (!pattern.test(run.output().stdout)) {
    if (run.proc.exitCode !== null)
      throw new Error(`the tool exited with ${run.proc.exitCode}: ${JSON.stringify(run.output())}`)
    if (Date.now() > deadline) throw new Error(`no ${pattern} within ${timeoutMs} ms: ${JSON.stringify(run.output())}`)
    await new Promise((resolve) => setTimeout(resolve, 25))
  }
}

describe('kuiper-kubernetes-tool (the program)', () => {
  let kuiperd: Kuiperd
  before(async () => {
    kuiperd = await startKuiperd()
  })
  after(async () => {
    await kuiperd.stop()
    rmSync(kuiperd.base, { recursive: true, force: true })
  })

  it("exits 2 with 1.0's message when no configuration file is given", async () => {
    const run = launch([], ROOT)
    assert.equal(await run.exited, 2)
    assert.match(run.output().stderr, /^Missing configuration file\nUsage: kuiper-kubernetes-tool <cf.yaml>\n$/)
  })

  it('exits 1 naming the command folder when it does not exist', async () => {
    const ws = workspace()
    writeFileSync(join(ws.root, 'cf.yaml'), 'commandDir: ./nowhere/\n')
    const run = launch(['cf.yaml'], ws.root)
    assert.equal(await run.exited, 1)
    assert.match(run.output().stderr, /the command folder .*nowhere \(commandDir\) does not exist/)
    rmSync(ws.root, { recursive: true, force: true })
  })

  it('applies the command folder, logs to stdout and logPath, and stops on SIGTERM', async () => {
    const ws = workspace()
    const port = new URL(kuiperd.url).port
    mkdirSync(join(ws.root, 'etc'))
    writeFileSync(
      join(ws.root, 'etc', 'cf.yaml'),
      `port: ${port}\ntimeout: 5000\nintervalTime: 0.05\nip: "127.0.0.1"\nconsoleLog: true\nfileLog: true\nlogPath: "./log/kubernetes.log"\ncommandDir: "./sample/"\n`,
    )
    writeCommands(ws.commandDir, 'sample.json', [createStream('bin_s1')])
    const run = launch(['etc/cf.yaml'], ws.root)
    try {
      await untilOutput(run, /Applied sample\.json: 1 command\./)
      const { stdout } = run.output()
      assert.match(stdout, /^Kuiper kubernetes tool is started successfully!$/m)
      const line = `level=info msg="${kuiperd.url}/streams:post resp:Stream bin_s1 is created." description="create bin_s1" file=sample.json`
      assert.ok(stdout.includes(line), stdout)
      assert.ok(readFileSync(ws.logPath, 'utf8').includes(line), 'the same line is in logPath')
      assert.equal((await http(kuiperd.url, 'GET', '/streams/bin_s1')).status, 200)
      assert.deepEqual(
        (JSON.parse(readFileSync(ws.historyPath, 'utf8')) as { name: string }[]).map((e) => e.name),
        ['sample.json'],
      )
      run.proc.kill('SIGTERM')
      assert.equal(await run.exited, 0)
    } finally {
      run.proc.kill('SIGKILL')
      rmSync(ws.root, { recursive: true, force: true })
    }
  })
})
