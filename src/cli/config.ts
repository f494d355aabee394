// Where the CLI connects: `basic.host`/`basic.port` of etc/client.yaml (1.0's file, found as 1.0 finds etc/), then
// CLIENT__BASIC__* environment overrides (1.0's docker convention), then the flags. The port is kuiperd's REST port.
// `basic.token` (CLIENT__BASIC__TOKEN, --token) is the JWT sent to a kuiperd that authenticates, and `basic.https`
// (CLIENT__BASIC__HTTPS, --https) talks to one serving TLS (basic.restTls), both in docs/security.md.

import { existsSync, readFileSync, statSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { parse as parseYaml } from 'yaml'
import { DEFAULT_REST_PORT } from '../server/contract.js'
import { UsageError, errorText } from './errors.js'

export const DEFAULT_HOST = '127.0.0.1'
/** 1.0's CLI RPC port, still found in old client.yaml files. */
export const LEGACY_RPC_PORT = 20498

export interface ClientConfig {
  readonly host: string
  readonly port: number
  /** The JWT sent in the Authorization header, if any. */
  readonly token?: string
  /** kuiperd serves HTTPS (its basic.restTls): the certificate is checked against the system's CAs. */
  readonly https?: boolean
  /** The client.yaml read, if any. */
  readonly file?: string
  /** Notes to show the user (a malformed file, a missing `basic` section), 1.0's texts. */
  readonly warnings: readonly string[]
}

export interface ConfigSources {
  readonly env: NodeJS.ProcessEnv
  readonly cwd: string
  readonly flags: {
    readonly host?: string | undefined
    readonly port?: string | undefined
    readonly token?: string | undefined
    readonly https?: boolean | undefined
  }
  /** An explicit client.yaml (`--config`); otherwise the first of {@link candidateFiles} that exists. */
  readonly file?: string | undefined
}

/** The package root (this file is src/cli/config.ts or dist/cli/config.js). */
function packageRoot(): string {
  return resolve(dirname(fileURLToPath(import.meta.url)), '..', '..')
}

/** 1.0's relative mode: `etc/client.yaml` in $KuiperBaseKey or the working directory, or the nearest parent that
 * has an `etc/`; then the etc/ shipped with this package. */
export function candidateFiles(env: NodeJS.ProcessEnv, cwd: string): string[] {
  const fromEnv = env['KuiperBaseKey']
  const out: string[] = []
  for (let dir = resolve(cwd, fromEnv !== undefined && fromEnv !== '' ? fromEnv : '.'); ; dir = dirname(dir)) {
    const etc = join(dir, 'etc')
    if (existsSync(etc) && statSync(etc).isDirectory()) {
      out.push(join(etc, 'client.yaml'))
      break
    }
    if (dirname(dir) === dir) break
  }
  out.push(join(packageRoot(), 'etc', 'client.yaml'))
  return out
}

export function loadClientConfig(src: ConfigSources): ClientConfig {
  const warnings: string[] = []
  let host = DEFAULT_HOST
  let port: number = DEFAULT_REST_PORT
  let token: string | undefined
  let https = false
  const file = src.file ?? candidateFiles(src.env, src.cwd).find((f) => existsSync(f))
  if (src.file !== undefined && !existsSync(src.file)) throw new UsageError(`Config file ${src.file} is not found.`)
  if (file !== undefined) {
    const basic = readBasic(file, warnings)
    if (basic !== undefined) {
      if (basic.host !== undefined) host = basic.host
      if (basic.port !== undefined) port = basic.port
      if (basic.token !== undefined) token = basic.token
      if (basic.https !== undefined) https = basic.https
    }
  }
  const envHost = src.env['CLIENT__BASIC__HOST']
  if (envHost !== undefined && envHost !== '') host = envHost
  const envPort = src.env['CLIENT__BASIC__PORT']
  if (envPort !== undefined && envPort !== '') port = parsePort(envPort, 'CLIENT__BASIC__PORT')
  const envToken = src.env['CLIENT__BASIC__TOKEN']
  if (envToken !== undefined && envToken !== '') token = envToken
  const envHttps = src.env['CLIENT__BASIC__HTTPS']
  if (envHttps !== undefined && envHttps !== '') https = /^(true|1)$/i.test(envHttps.trim())
  if (src.flags.host !== undefined) host = src.flags.host
  if (src.flags.token !== undefined) token = src.flags.token
  if (src.flags.https === true) https = true
  if (src.flags.port !== undefined) port = parsePort(src.flags.port, '--port')
  return {
    host,
    port,
    ...(token !== undefined ? { token } : {}),
    ...(https ? { https } : {}),
    ...(file !== undefined ? { file } : {}),
    warnings,
  }
}

interface BasicSection {
  host?: string
  port?: number
  token?: string
  https?: boolean
}

function readBasic(file: string, warnings: string[]): BasicSection | undefined {
  let doc: unknown
  try {
    doc = parseYaml(readFileSync(file, 'utf8'))
  } catch (err) {
    warnings.push(`Failed to load config file with error ${errorText(err)}.`)
    return undefined
  }
  const basic = typeof doc === 'object' && doc !== null ? (doc as Record<string, unknown>)['basic'] : undefined
  if (typeof basic !== 'object' || basic === null) {
    warnings.push('No basic config in client.yaml, will use the default configuration.')
    return undefined
  }
  const b = basic as Record<string, unknown>
  const out: BasicSection = {}
  if (typeof b['host'] === 'string' && b['host'] !== '') out.host = b['host']
  if (typeof b['token'] === 'string' && b['token'].trim() !== '') out.token = b['token'].trim()
  if (typeof b['https'] === 'boolean') out.https = b['https']
  if (b['port'] !== undefined && b['port'] !== null) out.port = parsePort(String(b['port']), `basic.port in ${file}`)
  return out
}

function parsePort(text: string, where: string): number {
  const n = Number(text)
  if (!/^\d+$/.test(text.trim()) || !Number.isInteger(n) || n < 1 || n > 65535)
    throw new UsageError(`Invalid port ${JSON.stringify(text)} in ${where}: expect an integer from 1 to 65535.`)
  return n
}

/** `http://host:port`, or `https://` (IPv6 literals bracketed). */
export function baseUrl(c: Pick<ClientConfig, 'host' | 'port' | 'https'>): string {
  const host = c.host.includes(':') && !c.host.startsWith('[') ? `[${c.host}]` : c.host
  return `${c.https === true ? 'https' : 'http'}://${host}:${c.port}`
}
