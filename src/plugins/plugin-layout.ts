// Where installed plugins live in the data folder, so they survive a restart of kuiperd:
//   <dataDir>/plugins/<kind>/<name>/current.json      which version folder is installed (written last)
//   <dataDir>/plugins/<kind>/<name>/<version>-<stamp>/ the unpacked archive of that version
//   <dataDir>/plugins/.staging/<id>/                   downloads and unpacking in progress (removed at start)
// A new version gets a new folder, so its modules have new URLs and Node's import cache loads them afresh.

import { existsSync, mkdirSync, readFileSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import type { PluginKind } from './manifest.js'

export interface InstalledRecord {
  /** The version folder, relative to the plugin's folder. */
  readonly folder: string
  readonly version: string
  /** The URL it was installed from. */
  readonly file: string
  /** Epoch ms. */
  readonly installedAt: number
}

export class PluginLayout {
  readonly root: string

  constructor(dataDir: string) {
    this.root = join(dataDir, 'plugins')
  }

  kindDir(kind: PluginKind): string {
    return join(this.root, kind)
  }

  pluginDir(kind: PluginKind, name: string): string {
    return join(this.root, kind, name)
  }

  /** A fresh, empty staging folder. */
  stagingDir(): string {
    const dir = join(
      this.root,
      '.staging',
      `${process.pid}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`,
    )
    mkdirSync(dir, { recursive: true })
    return dir
  }

  /** Drops what an interrupted install left. */
  clearStaging(): void {
    rmSync(join(this.root, '.staging'), { recursive: true, force: true })
  }

  record(kind: PluginKind, name: string): InstalledRecord | undefined {
    const file = join(this.pluginDir(kind, name), 'current.json')
    if (!existsSync(file)) return undefined
    return JSON.parse(readFileSync(file, 'utf8')) as InstalledRecord
  }

  /** Written through a temporary file and a rename: a crash leaves the old record or the new one. */
  writeRecord(kind: PluginKind, name: string, rec: InstalledRecord): void {
    const dir = this.pluginDir(kind, name)
    const tmp = join(dir, 'current.json.tmp')
    writeFileSync(tmp, JSON.stringify(rec, null, 2))
    renameSync(tmp, join(dir, 'current.json'))
  }

  /** Names of the plugins of a kind that have a record. */
  installed(kind: PluginKind): string[] {
    const dir = this.kindDir(kind)
    if (!existsSync(dir)) return []
    return readdirSync(dir, { withFileTypes: true })
      .filter((d) => d.isDirectory() && existsSync(join(dir, d.name, 'current.json')))
      .map((d) => d.name)
  }

  /** Removes the version folders of a plugin other than `keep` (all of them, and the plugin folder, when undefined). */
  prune(kind: PluginKind, name: string, keep: string | undefined): void {
    const dir = this.pluginDir(kind, name)
    if (!existsSync(dir)) return
    if (keep === undefined) {
      rmSync(dir, { recursive: true, force: true })
      return
    }
    for (const d of readdirSync(dir, { withFileTypes: true }))
      if (d.isDirectory() && d.name !== keep) rmSync(join(dir, d.name), { recursive: true, force: true })
  }
}
