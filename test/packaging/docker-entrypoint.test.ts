// The image's entrypoint script (packaging/docker/docker-entrypoint.sh), run here with a fake KUIPER_HOME and a
// fake kuiperd that records how it was started (docker cannot build the image on this machine).

import assert from 'node:assert/strict'
import { spawnSync } from 'node:child_process'
import { chmodSync, chownSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, it } from 'node:test'

const script = join(import.meta.dirname, '../../packaging/docker/docker-entrypoint.sh')
const NOBODY = 65534

describe('the docker entrypoint', () => {
  let dir: string
  let home: string
  let defaults: string
  let bin: string
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'kuiper-entrypoint-'))
    chmodSync(dir, 0o755)
    home = join(dir, 'kuiper')
    defaults = join(dir, 'default-etc')
    bin = join(dir, 'bin')
    for (const d of [home, join(defaults, 'sources'), bin]) mkdirSync(d, { recursive: true })
    writeFileSync(join(defaults, 'kuiper.yaml'), 'basic:\n  restPort: 9081\n')
    writeFileSync(join(defaults, 'sources/zmq.yaml'), 'default:\n  server: tcp://127.0.0.1:5563\n')
    // A kuiperd that writes down its arguments and KuiperBaseKey.
    writeFileSync(join(bin, 'kuiperd'), '#!/bin/sh\nprintf "%s\\n" "base=$KuiperBaseKey" "args=$*"\n')
    chmodSync(join(bin, 'kuiperd'), 0o755)
  })
  afterEach(() => rmSync(dir, { recursive: true, force: true }))

  /** Runs the entrypoint; as `nobody` when asked (root writes through any mode). */
  const entrypoint = (args: string[], asNobody = false): { status: number | null; stdout: string; stderr: string } => {
    const cmd =
      asNobody && process.getuid?.() === 0
        ? ['setpriv', `--reuid=${NOBODY}`, `--regid=${NOBODY}`, '--clear-groups', script]
        : [script]
    const r = spawnSync(cmd[0]!, [...cmd.slice(1), ...args], {
      encoding: 'utf8',
      env: { PATH: `${bin}:/usr/bin:/bin`, KUIPER_HOME: home, KUIPER_DEFAULT_ETC: defaults },
    })
    return { status: r.status, stdout: r.stdout, stderr: r.stderr }
  }

  it('fills an empty etc/ with the default configuration and runs kuiperd with KuiperBaseKey at KUIPER_HOME', () => {
    const r = entrypoint(['kuiperd'])
    assert.equal(r.status, 0, r.stderr)
    assert.equal(r.stdout, `base=${home}\nargs=\n`)
    assert.equal(
      readFileSync(join(home, 'etc/kuiper.yaml'), 'utf8'),
      readFileSync(join(defaults, 'kuiper.yaml'), 'utf8'),
    )
    assert.ok(existsSync(join(home, 'etc/sources/zmq.yaml')))
    assert.ok(existsSync(join(home, 'data')) && existsSync(join(home, 'log')))
  })

  it('keeps an etc/ that has a kuiper.yaml as it is', () => {
    mkdirSync(join(home, 'etc'))
    writeFileSync(join(home, 'etc/kuiper.yaml'), 'basic:\n  restPort: 9999\n')
    const r = entrypoint(['kuiperd'])
    assert.equal(r.status, 0, r.stderr)
    assert.equal(readFileSync(join(home, 'etc/kuiper.yaml'), 'utf8'), 'basic:\n  restPort: 9999\n')
    assert.ok(!existsSync(join(home, 'etc/sources')))
  })

  it("passes arguments starting with '-' to kuiperd", () => {
    const r = entrypoint(['--data', '/elsewhere'])
    assert.equal(r.status, 0, r.stderr)
    assert.equal(r.stdout, `base=${home}\nargs=--data /elsewhere\n`)
  })

  it('runs another command as it is, without preparing anything', () => {
    const r = entrypoint(['sh', '-c', 'echo "other $KUIPER_HOME"'])
    assert.equal(r.status, 0, r.stderr)
    assert.equal(r.stdout, `other ${home}\n`)
    assert.ok(!existsSync(join(home, 'etc')))
  })

  it('refuses to start kuiperd on a data folder it cannot write, saying which', () => {
    for (const d of ['etc', 'data', 'log']) mkdirSync(join(home, d))
    writeFileSync(join(home, 'etc/kuiper.yaml'), '')
    chmodSync(join(home, 'data'), 0o555)
    const r = entrypoint(['kuiperd'], true)
    assert.equal(r.status, 1)
    assert.equal(r.stdout, '')
    assert.match(r.stderr, new RegExp(`${join(home, 'data')} is not writable by uid \\d+`))
  })

  it('starts kuiperd with its defaults when etc/ is empty and read-only', () => {
    for (const d of ['etc', 'data', 'log']) mkdirSync(join(home, d))
    chmodSync(join(home, 'etc'), 0o555)
    if (process.getuid?.() === 0) for (const d of ['data', 'log']) chownSync(join(home, d), NOBODY, NOBODY)
    const r = entrypoint(['kuiperd'], true)
    assert.equal(r.status, 0, r.stderr)
    assert.match(r.stderr, /has no kuiper\.yaml and is read-only: kuiperd uses the image's defaults/)
    assert.equal(r.stdout, `base=${home}\nargs=\n`)
  })
})
