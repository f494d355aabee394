// The command folder: its `*.json` files in name order with their modification times. Symbolic links are followed,
// so a ConfigMap volume (name.json → ..data/name.json, swapped by the kubelet on an update) shows the new file's time.

import { readdirSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { compareNames } from './history.js'

export interface CommandFileEntry {
  readonly name: string
  readonly path: string
  readonly mtimeMs: number
}

/** Lists the command files; throws when the folder cannot be read. A file removed meanwhile is left out. */
export function listCommandFiles(dir: string): CommandFileEntry[] {
  const out: CommandFileEntry[] = []
  for (const name of readdirSync(dir).sort(compareNames)) {
    if (!name.endsWith('.json')) continue
    const path = join(dir, name)
    const mtimeMs = fileMtimeMs(path)
    if (mtimeMs !== undefined) out.push({ name, path, mtimeMs })
  }
  return out
}

/** The modification time of a regular file (through links), undefined if it is gone or not a file. */
export function fileMtimeMs(path: string): number | undefined {
  try {
    const st = statSync(path)
    return st.isFile() ? st.mtimeMs : undefined
  } catch {
    return undefined
  }
}
