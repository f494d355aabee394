// The file source config: the file of DATASOURCE under the declared `path` (properties.ts), which must exist, and
// its type (`json`: an array of objects or one object; `lines`: one JSON object per line; by extension when unset).

import { existsSync, statSync } from 'node:fs'
import { extname, isAbsolute, resolve } from 'node:path'
import { checkFileAllowed } from '../../core/allow-list.js'
import { KuiperError } from '../../core/errors.js'
import type { ConnectorEnv, ConnectorProps, SourceConfig } from '../api.js'
import { fileSourceProperties } from './properties.js'

export type FileType = 'json' | 'lines'

export interface FileSourceConf {
  /** Absolute path of the file read. */
  readonly file: string
  readonly fileType: FileType
  readonly interval: number
  readonly sendInterval: number
}

function configError(message: string): KuiperError {
  return new KuiperError('CONFIG_ERROR', message)
}

/** Resolves the file from `path` + DATASOURCE; the file must exist when the rule starts. */
export function fileSourceConf(props: ConnectorProps, datasource: string): FileSourceConf {
  const p = fileSourceProperties.parse(props)
  if (datasource === '') throw configError('source `file` needs the file name as DATASOURCE')
  const file = isAbsolute(datasource) ? datasource : resolve(p.path ?? '', datasource)
  if (!existsSync(file)) throw configError(`file ${file} not exist`)
  if (!statSync(file).isFile()) throw configError(`file ${file} is not a regular file`)
  const fileType: FileType =
    p.fileType === 'json' || p.fileType === 'lines'
      ? p.fileType
      : ['.jsonl', '.ndjson', '.lines'].includes(extname(file).toLowerCase())
        ? 'lines'
        : 'json'
  return { file, fileType, interval: p.interval, sendInterval: p.sendInterval }
}

/** The file source's configuration, its file inside connectors.fileAllowList (CONFIG_ERROR otherwise). */
export function allowedFileSourceConf(config: SourceConfig, env: ConnectorEnv): FileSourceConf {
  const conf = fileSourceConf(config.props, config.datasource)
  checkFileAllowed(env.allow, conf.file, 'file source')
  return conf
}
