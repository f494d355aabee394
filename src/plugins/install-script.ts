// 1.0's install.sh: run as `/bin/sh install.sh <shellParas...>` in the unpacked plugin folder before the plugin is
// put in place; its output goes to the log line by line. A failure (exit code, signal, timeout) refuses the install.

import { existsSync } from 'node:fs'
import { join } from 'node:path'
import type { ConnectorLogger } from '../connectors/api.js'
import { KuiperError } from '../core/errors.js'
import { nodeChildProcess } from '../core/lazy-builtins.js'

export const INSTALL_SCRIPT = 'install.sh'

/** Runs the folder's install.sh when it has one; resolves false when there is none. */
export function runInstallScript(
  folder: string,
  params: readonly string[],
  logger: ConnectorLogger,
  timeoutMs: number,
): Promise<boolean> {
  if (!existsSync(join(folder, INSTALL_SCRIPT))) return Promise.resolve(false)
  return new Promise((res, rej) => {
    const child = nodeChildProcess().spawn('/bin/sh', [INSTALL_SCRIPT, ...params], {
      cwd: folder,
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    let tail = ''
    const log = (level: 'info' | 'warn') => (chunk: Buffer) => {
      const text = chunk.toString('utf8')
      tail = (tail + text).slice(-2000)
      for (const line of text.split('\n')) if (line.trim() !== '') logger[level](`install.sh: ${line}`)
    }
    child.stdout.on('data', log('info'))
    child.stderr.on('data', log('warn'))
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs)
    child.on('error', (err) => {
      clearTimeout(timer)
      rej(new KuiperError('BAD_REQUEST', `cannot run install.sh: ${err.message}`))
    })
    child.on('close', (code, signal) => {
      clearTimeout(timer)
      if (code === 0) return res(true)
      const why =
        signal !== null
          ? `was killed (${signal}${signal === 'SIGKILL' ? `, over ${timeoutMs} ms` : ''})`
          : `exited with ${code}`
      const last = tail.trim().split('\n').slice(-3).join(' | ')
      rej(new KuiperError('BAD_REQUEST', `install.sh ${why}${last !== '' ? `: ${last}` : ''}`))
    })
  })
}
