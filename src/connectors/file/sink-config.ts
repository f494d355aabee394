// The file sink config: its declared properties (properties.ts), with `path` inside connectors.fileAllowList. Read
// by the rule-create check of the registry and by the sink factory.

import { checkFileAllowed } from '../../core/allow-list.js'
import type { ConnectorEnv, ConnectorProps } from '../api.js'
import { fileSinkProperties } from './properties.js'

export interface FileSinkConf {
  /** Undefined: the default file under the data folder (defaultFileSinkPath). */
  readonly path: string | undefined
  readonly interval: number
}

export function parseFileSinkConf(props: ConnectorProps): FileSinkConf {
  const p = fileSinkProperties.parse(props)
  return { path: p.path === undefined || p.path === '' ? undefined : p.path, interval: p.interval }
}

/**
 * The file sink's configuration, its `path` inside connectors.fileAllowList (CONFIG_ERROR otherwise). The default
 * file under the data folder is Kuiper's own choice, not the caller's, and is always allowed.
 */
export function allowedFileSinkConf(props: ConnectorProps, env: ConnectorEnv): FileSinkConf {
  const conf = parseFileSinkConf(props)
  if (conf.path !== undefined) checkFileAllowed(env.allow, conf.path, 'file sink path')
  return conf
}
