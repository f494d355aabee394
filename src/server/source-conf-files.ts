// The source configuration behind /metadata/sources: what the routes read (etc/ with the data folder's overlay) and
// how they save a section (into the overlay only: etc/ is read-only input, see catalog/source-conf-overlay.ts).

import { KuiperError } from '../core/errors.js'
import { isPlainObject } from '../core/maps.js'
import { readSourceSections, writeSourceSection } from '../catalog/source-conf-overlay.js'
import type { SourceConfDirs, SourceSection, SourceSections } from '../catalog/source-conf-overlay.js'

export type SourceConf = SourceSections

/** The sections of a source type as its sources see them; empty when it has no file. */
export function readSourceConf(dirs: SourceConfDirs, type: string): SourceConf {
  return readSourceSections(dirs, type) ?? {}
}

/** Saves section `key` of a source type (undefined deletes it) in the data folder's overlay. */
export function saveSourceSection(
  dirs: SourceConfDirs,
  type: string,
  key: string,
  section: Readonly<SourceSection> | undefined,
): void {
  const { dataDir } = dirs
  if (dataDir === undefined) throw new KuiperError('INTERNAL', 'no data folder to save source configurations in')
  writeSourceSection({ ...dirs, dataDir }, type, key, section)
}

/**
 * 1.0's field deletion: `"k": null` or `""` deletes k; `"k": "sub"` deletes k.sub; a nested map recurses. Only own
 * properties are looked at or deleted: a name such as `toString` or `__proto__` never reaches Object.prototype,
 * even though the REST layer already refuses bodies with prototype keys (server/body-guard.ts).
 */
export function deleteFields(target: Record<string, unknown>, spec: Readonly<Record<string, unknown>>): void {
  for (const [k, v] of Object.entries(spec)) {
    if (!Object.hasOwn(target, k)) continue
    const cur = target[k]
    if (v === null || v === '') delete target[k]
    else if (typeof v === 'string' && isPlainObject(cur)) {
      if (Object.hasOwn(cur, v)) delete cur[v]
    } else if (isPlainObject(v) && isPlainObject(cur)) deleteFields(cur, v)
  }
}
