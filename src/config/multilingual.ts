// 1.0's message catalog (etc/multilingual/<lang>.ini, new in 1.0): `[section]` + `key = text` lines per language.

import { readdirSync, readFileSync } from 'node:fs'
import { basename, join } from 'node:path'

/** language → section → key → text. */
export type MessageCatalog = Readonly<Record<string, Readonly<Record<string, Readonly<Record<string, string>>>>>>

/** Parses one ini file: `;`/`#` comments, `[section]`, `key = value` (value trimmed; quotes keep spaces). */
export function parseIni(text: string): Record<string, Record<string, string>> {
  const out: Record<string, Record<string, string>> = {}
  let section = ''
  for (const rawLine of text.split(/\r?\n/)) {
    const line = rawLine.trim()
    if (line === '' || line.startsWith(';') || line.startsWith('#')) continue
    const sec = /^\[([^\]]+)\]$/.exec(line)
    if (sec !== null) {
      section = sec[1]!.trim()
      continue
    }
    const eq = line.indexOf('=')
    if (eq <= 0) continue
    const key = line.slice(0, eq).trim()
    let value = line.slice(eq + 1).trim()
    if (value.length >= 2 && (value.startsWith('"') || value.startsWith('`')) && value.endsWith(value[0]!)) {
      value = value.slice(1, -1)
    }
    ;(out[section] ??= {})[key] = value
  }
  return out
}

/** Reads every `<lang>.ini` of `dir`; a missing folder gives an empty catalog. */
export function loadMessageCatalog(dir: string): MessageCatalog {
  const out: Record<string, Record<string, Record<string, string>>> = {}
  let files: string[]
  try {
    files = readdirSync(dir).filter((f) => f.endsWith('.ini'))
  } catch {
    return out
  }
  for (const f of files) out[basename(f, '.ini')] = parseIni(readFileSync(join(dir, f), 'utf8'))
  return out
}
