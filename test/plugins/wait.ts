// What the plugin tests share: a bounded poll, the non-empty lines of a file a sink writes, and kuiperd's log text.

import { existsSync, readFileSync, readdirSync } from 'node:fs'
import { join } from 'node:path'

/** Polls until `check` returns a value (bounded: 15 s). */
export async function eventually<T>(what: string, check: () => T | undefined | Promise<T | undefined>): Promise<T> {
  const deadline = Date.now() + 15_000
  for (;;) {
    const v = await check()
    if (v !== undefined) return v
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`)
    await new Promise((r) => setTimeout(r, 50))
  }
}

/** The non-empty lines of a file; none while it does not exist yet. */
export function fileLines(path: string): string[] {
  return existsSync(path)
    ? readFileSync(path, 'utf8')
        .split('\n')
        .filter((l) => l !== '')
    : []
}

/** Everything kuiperd has logged under `base`/log so far. */
export function logText(base: string): string {
  const dir = join(base, 'log')
  return existsSync(dir)
    ? readdirSync(dir)
        .map((f) => readFileSync(join(dir, f), 'utf8'))
        .join('')
    : ''
}
