// Source properties from the configuration folder (1.0 source_node.go getConf): `mqtt_source.yaml` for `mqtt`,
// `sources/<type>.yaml` for the others, with the changes saved through the REST API applied from the data folder
// (source-conf-overlay.ts); the `default` section overlaid key by key (top level) by the CONF_KEY section.

import { isPlainObject } from '../core/maps.js'
import { readSourceSections, sourceConfFile } from './source-conf-overlay.js'

export { parseSourceYaml, sourceConfFile } from './source-conf-overlay.js'

export type SourceProps = Record<string, unknown>

export interface SourceProfileOptions {
  /**
   * The data folder, whose `sources/` holds the settings changed through the REST API over etc/'s
   * (source-conf-overlay.ts). Without it only etc/ is read.
   */
  readonly dataDir?: string
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
  readonly dataDir?: string
  /** The properties a source of `type` opens with; the files are read at each call (a rule start), as 1.0 does. */
  sourceProps(type: string, confKey?: string): SourceProps
}

/**
 * @example
 * const profiles = loadSourceProfiles('/usr/local/kuiper/etc', { dataDir: '/usr/local/kuiper/data' })
 * profiles.sourceProps('mqtt', 'demo_conf') // { qos: 0, servers: [...], sharedSubscription: true, ... }
 */
export function loadSourceProfiles(etcDir: string, opts: SourceProfileOptions = {}): SourceProfiles {
  const warn = opts.warn ?? ((m: string) => console.warn(m))
  const dirs = { etcDir, dataDir: opts.dataDir }
  return {
    etcDir,
    ...(opts.dataDir !== undefined ? { dataDir: opts.dataDir } : {}),
    sourceProps(type: string, confKey?: string): SourceProps {
      let conf: Record<string, unknown> | undefined
      try {
        conf = readSourceSections(dirs, type)
      } catch (err) {
        warn(
          `fail to parse yaml for source ${type}: ${err instanceof Error ? err.message : String(err)}. Return an empty configuration`,
        )
        return {}
      }
      if (conf === undefined) {
        warn(`config file ${sourceConfFile(type)} is not loaded properly. Return an empty configuration`)
        return {}
      }
      opts.overrides?.(type === 'mqtt' ? 'mqtt_source' : type, conf)
      return mergeSourceConf(conf, confKey, warn)
    },
  }
}

/** `default` overlaid by the `confKey` section (exact name), shallow: a key of the section replaces the default's. */
export function mergeSourceConf(
  conf: Readonly<Record<string, unknown>>,
  confKey: string | undefined,
  warn: (message: string) => void = () => {},
): SourceProps {
  const props: SourceProps = {}
  const def = conf['default']
  if (isPlainObject(def)) Object.assign(props, def)
  else warn('default conf is not found')
  if (confKey !== undefined && confKey !== '') {
    const section = Object.prototype.hasOwnProperty.call(conf, confKey) ? conf[confKey] : undefined
    if (isPlainObject(section)) Object.assign(props, section)
    else if (section === undefined) warn(`conf key ${confKey} is not found, the default conf is used`)
  }
  return props
}
