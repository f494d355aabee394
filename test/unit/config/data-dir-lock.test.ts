import assert from 'node:assert/strict'
import { spawn } from 'node:child_process'
import type { ChildProcess } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, it } from 'node:test'
import { DataDirLockedError, LOCK_FILE, lockDataDir } from '../../../src/config/data-dir-lock.js'

function tempData(): string {
  return join(mkdtempSync(join(tmpdir(), 'kuiper-lock-')), 'data')
}

function exited(p: ChildProcess): Promise<void> {
  return new Promise((resolve) => p.once('exit', () => resolve()))
}

describe('data folder lock', () => {
  it('creates the folder and a lock holding the pid, removed on release', () => {
    const dir = tempData()
    const lock = lockDataDir(dir)
    assert.equal(readFileSync(join(dir, LOCK_FILE), 'utf8').split('\n')[0], String(process.pid))
    lock.release()
    assert.equal(existsSync(join(dir, LOCK_FILE)), false)
    lock.release()
  })

  it('refuses a folder held by a live process, naming its pid, and leaves its lock alone', async () => {
    const dir = tempData()
    const other = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60000)'])
    try {
      const held = lockDataDir(dir, other.pid)
      assert.throws(
        () => lockDataDir(dir),
        (err: unknown) => {
          assert.ok(err instanceof DataDirLockedError)
          assert.equal(err.holder, other.pid)
          assert.match(
            err.message,
            new RegExp(`in use by another kuiperd \\(pid ${other.pid}, lock file .*kuiperd\\.lock\\)`),
          )
          return true
        },
      )
      assert.equal(readFileSync(join(dir, LOCK_FILE), 'utf8').split('\n')[0], String(other.pid))
      held.release()
    } finally {
      other.kill('SIGKILL')
      await exited(other)
    }
  })

  it('takes over the lock of a dead process, of a reused pid, and an unreadable one', async () => {
    const dir = tempData()
    const dead = spawn(process.execPath, ['-e', ''])
    await exited(dead)
    const file = join(dir, LOCK_FILE)
    lockDataDir(dir, dead.pid)
    lockDataDir(dir).release()
    // A live pid that is not the process that wrote the lock (another boot or start time): a power cut's leftover.
    const alive = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60000)'])
    try {
      writeFileSync(file, `${alive.pid}\nanother-boot/1\n`)
      lockDataDir(dir).release()
    } finally {
      alive.kill('SIGKILL')
      await exited(alive)
    }
    writeFileSync(file, 'garbage\n')
    const lock = lockDataDir(dir)
    assert.equal(readFileSync(file, 'utf8').split('\n')[0], String(process.pid))
    lock.release()
  })

  it('does not remove a lock that another process took over in between', () => {
    const dir = tempData()
    const lock = lockDataDir(dir)
    writeFileSync(join(dir, LOCK_FILE), '1\n')
    lock.release()
    assert.equal(readFileSync(join(dir, LOCK_FILE), 'utf8'), '1\n')
  })
})
