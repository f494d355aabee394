// The tool's `.history` in 1.0's format: a JSON array of `{"name": "sample.json", "loadTime": 1594362344}`, one
// entry per command file applied. A file is due again when its modification time (Unix seconds) is later than its
// loadTime, 1.0's test; this tool records as loadTime the modification second of the version it applied.

import { readFileSync, renameSync, writeFileSync } from 'node:fs'

export interface HistoryEntry {
  readonly name: string
  /** Unix seconds. */
  readonly loadTime: number
}

export class HistoryError extends Error {
  override readonly name = 'HistoryError'
}

export class History {
  private constructor(
    readonly path: string,
    private readonly loadTimes: Map<string, number>,
  ) {}

  /**
   * Reads the history; a missing or empty file, or 1.0's `null` (what it wrote before applying anything), is an
   * empty history. A file that is not a history throws: the tool would otherwise re-apply every file.
   */
  static load(path: string): History {
    let text = ''
    try {
      text = readFileSync(path, 'utf8')
    } catch (err) {
      if ((err as { code?: unknown }).code !== 'ENOENT')
        throw new HistoryError(`cannot read the history ${path}: ${err instanceof Error ? err.message : String(err)}`)
    }
    return new History(path, text.trim() === '' ? new Map() : parseHistory(path, text))
  }

  loadTime(name: string): number | undefined {
    return this.loadTimes.get(name)
  }

  /** New (never applied) or modified in a later second than the version applied. */
  isDue(name: string, mtimeSeconds: number): boolean {
    const t = this.loadTimes.get(name)
    return t === undefined || t < mtimeSeconds
  }

  /** Records a file as applied and writes the history (to a temporary file renamed over it: never half written). */
  record(name: string, loadTime: number): void {
    this.loadTimes.set(name, loadTime)
    const tmp = `${this.path}.tmp`
    writeFileSync(tmp, JSON.stringify(this.entries()))
    renameSync(tmp, this.path)
  }

  /** The entries by name. */
  entries(): HistoryEntry[] {
    return [...this.loadTimes.keys()].sort(compareNames).map((name) => ({ name, loadTime: this.loadTimes.get(name)! }))
  }
}

/** Code-unit order: Go's os.ReadDir sorts names bytewise, and so does the tool. */
export function compareNames(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0
}

function parseHistory(path: string, text: string): Map<string, number> {
  let raw: unknown
  try {
    raw = JSON.parse(text)
  } catch (err) {
    throw new HistoryError(`the history ${path} is not JSON: ${err instanceof Error ? err.message : String(err)}`)
  }
  const out = new Map<string, number>()
  if (raw === null) return out
  if (!Array.isArray(raw)) throw new HistoryError(`the history ${path} is not a JSON array`)
  for (const e of raw as unknown[]) {
    const entry = e as { name?: unknown; loadTime?: unknown } | null
    if (entry === null || typeof entry.name !== 'string' || typeof entry.loadTime !== 'number')
      throw new HistoryError(
        `the history ${path} has an entry without a name and a numeric loadTime: ${JSON.stringify(e)}`,
      )
    out.set(entry.name, entry.loadTime)
  }
  return out
}
