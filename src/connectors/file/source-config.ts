// File source properties: `path` (folder of DATASOURCE, relative to the working directory), `fileType` (`json`:
// an array of objects or one object; `lines`: one JSON object per line; default by extension), `interval` (ms
// between two reads of the whole file; 0 = read once) and `sendInterval` (ms between two messages; 0 = at once).

import { existsSync, statSync } from 'node:fs'
import { extname, isAbsolute, resolve } from 'node:path'
import { KuiperError } from '../../core/errors.js'
import type { ConnectorProps } from '../api.js'

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

function msProp(props: ConnectorProps, key: string): number {
  const v = props[key] ?? 0
  const n = typeof v === 'bigint' ? Number(v) : v
  if (typeof n !== 'number' || !Number.isInteger(n) || n < 0)
    throw configError(`source \`file\` property \`${key}\` must be a non-negative integer but got ${String(v)}`)
  return n
}

/** Resolves the file from `path` + DATASOURCE; the file must exist when the rule starts. */
export function fileSourceConf(props: ConnectorProps, datasource: string): FileSourceConf {
  if (datasource === '') throw configError('source `file` needs the file name as DATASOURCE')
  const dir = typeof props['path'] === 'string' ? props['path'] : ''
  const file = isAbsolute(datasource) ? datasource : resolve(dir, datasource)
  if (!existsSync(file)) throw configError(`file ${file} not exist`)
  if (!statSync(file).isFile()) throw configError(`file ${file} is not a regular file`)
  let fileType: FileType
  const t = props['fileType']
  if (t === undefined || t === null || t === '') {
    fileType = ['.jsonl', '.ndjson', '.lines'].includes(extname(file).toLowerCase()) ? 'lines' : 'json'
  } else if (t === 'json' || t === 'lines') {
    fileType = t
  } else {
    throw configError(`invalid property fileType: ${String(t)}, must be json or lines`)
  }
  return { file, fileType, interval: msProp(props, 'interval'), sendInterval: msProp(props, 'sendInterval') }
}
