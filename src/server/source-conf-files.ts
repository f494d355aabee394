// The source configuration files behind /metadata/sources (etc/mqtt_source.yaml, etc/sources/<type>.yaml):
// `default` plus named conf-key sections, read and written as YAML.

import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { parse, stringify } from 'yaml'
import { sourceConfFile } from '../catalog/source-profiles.js'

export type SourceConf = Record<string, Record<string, unknown>>

export function sourceConfPath(etcDir: string, type: string): string {
  return join(etcDir, sourceConfFile(type))
}

/** The sections of a source's yaml; undefined when the file does not exist. */
export function readSourceConf(etcDir: string, type: string): SourceConf | undefined {
  const file = sourceConfPath(etcDir, type)
  if (!existsSync(file)) return undefined
  const v: unknown = parse(readFileSync(file, 'utf8'))
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return {}
  const out: SourceConf = {}
  for (const [k, s] of Object.entries(v)) {
    out[k] = typeof s === 'object' && s !== null && !Array.isArray(s) ? (s as Record<string, unknown>) : {}
  }
  return out
}

export function writeSourceConf(etcDir: string, type: string, conf: SourceConf): void {
  const file = sourceConfPath(etcDir, type)
  mkdirSync(dirname(file), { recursive: true })
  writeFileSync(file, stringify(conf))
}

/**
 * 1.0's field deletion: `"k": null` or `""` deletes k; `"k": "sub"` deletes k.sub; a nested map recurses.
 */
export function deleteFields(target: Record<string, unknown>, spec: Readonly<Record<string, unknown>>): void {
  for (const [k, v] of Object.entries(spec)) {
    const cur = target[k]
    if (v === null || v === '') delete target[k]
    else if (typeof v === 'string' && typeof cur === 'object' && cur !== null)
      delete (cur as Record<string, unknown>)[v]
    else if (typeof v === 'object' && typeof cur === 'object' && cur !== null && !Array.isArray(v)) {
      deleteFields(cur as Record<string, unknown>, v as Record<string, unknown>)
    }
  }
}
