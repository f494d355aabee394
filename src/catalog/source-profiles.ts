// Source properties from the configuration folder (1.0 source_node.go getConf): `mqtt_source.yaml` for `mqtt`,
// `sources/<type>.yaml` for the others; the `default` section overlaid key by key (top level) by the CONF_KEY section.

import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { parse } from 'yaml'

export type SourceProps = Record<string, unknown>

export interface SourceProfileOptions {
  /**
   * Edits each parsed file before the sections are merged; kuiperd applies 1.0's docker environment overrides here
   * (`file` is `mqtt_source` or the source type, e.g. `httppull`).
   */
  readonly overrides?: (file: string, conf: Record<string, unknown>) => void
  /** Where warnings go (missing file, unparsable YAML, no default section). Default: console.warn. */
  readonly warn?: (message: string) => void
}

export interface SourceProfiles {
  readonly etcDir: string
  /** The properties a source of `type` opens with; the file is read at each call (a rule start), as 1.0 does. */
  sourceProps(type: string, confKey?: string): SourceProps
}

/** The configuration file of a source type, relative to the etc folder. */
export function sourceConfFile(type: string): string {
  return type === 'mqtt' ? 'mqtt_source.yaml' : join('sources', `${type}.yaml`)
}

/**
 * @example
 * const profiles = loadSourceProfiles('/usr/local/kuiper/etc')
 * profiles.sourceProps('mqtt', 'demo_conf') // { qos: 0, servers: [...], sharedSubscription: true, ... }
 */
export function loadSourceProfiles(etcDir: string, opts: SourceProfileOptions = {}): SourceProfiles {
  const warn = opts.warn ?? ((m: string) => console.warn(m))
  return {
    etcDir,
    sourceProps(type: string, confKey?: string): SourceProps {
      const file = sourceConfFile(type)
      let text: string
      try {
        text = readFileSync(join(etcDir, file), 'utf8')
      } catch {
        warn(`config file ${file} is not loaded properly. Return an empty configuration`)
        return {}
      }
      let conf: Record<string, unknown>
      try {
        conf = parseSourceYaml(text)
      } catch (err) {
        warn(
          `fail to parse yaml for source ${type}: ${err instanceof Error ? err.message : String(err)}. Return an empty configuration`,
        )
        return {}
      }
      opts.overrides?.(type === 'mqtt' ? 'mqtt_source' : type, conf)
      return mergeSourceConf(conf, confKey, warn)
    },
  }
}

/**
 * Parses a source yaml as 1.0's yaml.v2 does (YAML 1.1: `yes`/`on` are booleans). Integers are JS numbers, or
 * bigint (Go int) with `goInts`. Throws when the file is not a map of sections.
 */
export function parseSourceYaml(text: string, opts: { goInts?: boolean } = {}): Record<string, unknown> {
  const v: unknown = parse(text, { version: '1.1', intAsBigInt: opts.goInts === true, merge: true })
  if (v === null || v === undefined) return {}
  if (!isPlainMap(v)) throw new Error('the file must be a map of sections')
  for (const [k, section] of Object.entries(v)) {
    if (section !== null && !isPlainMap(section)) throw new Error(`section ${k} is not a map`)
  }
  return v
}

/** `default` overlaid by the `confKey` section (exact name), shallow: a key of the section replaces the default's. */
export function mergeSourceConf(
  conf: Readonly<Record<string, unknown>>,
  confKey: string | undefined,
  warn: (message: string) => void = () => {},
): SourceProps {
  const props: SourceProps = {}
  const def = conf['default']
  if (isPlainMap(def)) Object.assign(props, def)
  else warn('default conf is not found')
  if (confKey !== undefined && confKey !== '') {
    const section = Object.prototype.hasOwnProperty.call(conf, confKey) ? conf[confKey] : undefined
    if (isPlainMap(section)) Object.assign(props, section)
    else if (section === undefined) warn(`conf key ${confKey} is not found, the default conf is used`)
  }
  return props
}

function isPlainMap(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v)
}
