// The query console's line history, kept across sessions in ~/.kuiper_history (or $KUIPER_HISTORY_FILE), one
// statement per line, oldest first; unreadable or unwritable files are ignored.

import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { homedir } from 'node:os'
import { dirname, join } from 'node:path'

export const HISTORY_SIZE = 1000

export function historyFile(env: NodeJS.ProcessEnv): string {
  const f = env['KUIPER_HISTORY_FILE']
  return f !== undefined && f !== '' ? f : join(homedir(), '.kuiper_history')
}

/** Most recent first, as readline's `history` option wants it. */
export function loadHistory(file: string): string[] {
  try {
    return readFileSync(file, 'utf8')
      .split('\n')
      .filter((l) => l.trim() !== '')
      .slice(-HISTORY_SIZE)
      .reverse()
  } catch {
    return []
  }
}

/** `lines` most recent first (readline's 'history' event). */
export function saveHistory(file: string, lines: readonly string[]): void {
  try {
    mkdirSync(dirname(file), { recursive: true })
    const oldestFirst = lines.slice(0, HISTORY_SIZE).reverse()
    writeFileSync(file, oldestFirst.map((l) => l + '\n').join(''), { mode: 0o600 })
  } catch {
    // history is a convenience: never fail the console for it
  }
}
