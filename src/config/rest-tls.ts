// The REST server's certificate and key (kuiper.yaml basic.restTls): read and checked before anything starts, so
// a missing, unreadable or invalid file is a configuration error (exit 2) naming the key and the file, as every
// other bad setting is, instead of a crash (exit 1).

import { createSecureContext } from 'node:tls'
import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { KuiperError, errorMessage } from '../core/errors.js'

export interface RestTlsFiles {
  readonly cert: Buffer
  readonly key: Buffer
}

function readSetting(key: string, file: string): Buffer {
  try {
    return readFileSync(file)
  } catch (err) {
    const why = (err as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : errorMessage(err)
    throw new KuiperError('CONFIG_ERROR', `basic.restTls.${key}: cannot read ${resolve(file)}: ${why}`, { cause: err })
  }
}

/** The certificate and key files of basic.restTls, or a CONFIG_ERROR naming the key and the file. */
export function readRestTls(tls: { readonly certfile: string; readonly keyfile: string }): RestTlsFiles {
  const cert = readSetting('certfile', tls.certfile)
  const key = readSetting('keyfile', tls.keyfile)
  try {
    createSecureContext({ cert, key })
  } catch (err) {
    throw new KuiperError(
      'CONFIG_ERROR',
      `basic.restTls: ${resolve(tls.certfile)} and ${resolve(tls.keyfile)} are not a matching PEM certificate and key: ${errorMessage(err)}`,
      { cause: err },
    )
  }
  return { cert, key }
}
