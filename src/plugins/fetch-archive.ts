// Brings a plugin archive to a local file: `file:///abs/path.zip` (copied) or `http(s)://` (downloaded with a
// timeout and a size cap). Remote hosts that resolve to loopback, link-local or unspecified addresses are refused
// unless plugins.allowLocalUrls is on, so the install endpoint cannot be used to reach kuiperd's own machine;
// every redirect is checked the same way.

import { createWriteStream, statSync } from 'node:fs'
import { copyFile } from 'node:fs/promises'
import type { LookupAddress, LookupOptions } from 'node:dns'
import { request as httpRequest } from 'node:http'
import type { IncomingMessage } from 'node:http'
import { BlockList, isIP } from 'node:net'
import type { LookupFunction } from 'node:net'
import { Transform } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import { fileURLToPath } from 'node:url'
import { KuiperError, errorMessage } from '../core/errors.js'
import { nodeDns, nodeHttps } from '../core/lazy-builtins.js'

export interface FetchLimits {
  /** plugins.maxArchiveBytes */
  readonly maxArchiveBytes: number
  /** plugins.fetchTimeout, ms for the whole download. */
  readonly timeoutMs: number
  /** plugins.allowLocalUrls */
  readonly allowLocalUrls: boolean
}

const MAX_REDIRECTS = 5

function bad(message: string): KuiperError {
  return new KuiperError('BAD_REQUEST', message)
}

const LOCAL = new BlockList()
LOCAL.addSubnet('127.0.0.0', 8, 'ipv4')
LOCAL.addSubnet('169.254.0.0', 16, 'ipv4')
LOCAL.addSubnet('0.0.0.0', 8, 'ipv4')
LOCAL.addAddress('::1', 'ipv6')
LOCAL.addAddress('::', 'ipv6')
LOCAL.addSubnet('fe80::', 10, 'ipv6')

/** A loopback, link-local or unspecified address (IPv4-mapped IPv6 included). */
export function isLocalAddress(address: string): boolean {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address)
  if (mapped !== null) return LOCAL.check(mapped[1]!, 'ipv4')
  const family = isIP(address)
  if (family === 0) return false
  return LOCAL.check(address, family === 4 ? 'ipv4' : 'ipv6')
}

function localRefused(url: URL, address: string): KuiperError {
  return bad(
    `plugin archive URL ${url.href} reaches a loopback or link-local address (${address}); set plugins.allowLocalUrls to allow it`,
  )
}

/** An IP address written in the URL is checked here (Node connects to it without a lookup). */
function checkLiteralHost(url: URL, limits: FetchLimits): void {
  const host = url.hostname.replace(/^\[|\]$/g, '')
  if (!limits.allowLocalUrls && isIP(host) !== 0 && isLocalAddress(host)) throw localRefused(url, host)
}

/**
 * The DNS lookup of the connection itself, refusing local addresses: the address checked is the one connected to
 * (a name resolving differently between a check and the connection cannot slip through).
 */
function guardedLookup(url: URL): LookupFunction {
  return ((hostname: string, options: LookupOptions, callback: (...a: unknown[]) => void) => {
    nodeDns().lookup(hostname, { ...options, all: true }, (err, addresses) => {
      if (err !== null) return callback(err)
      const list = addresses as unknown as LookupAddress[]
      const local = list.find((a) => isLocalAddress(a.address))
      if (local !== undefined) return callback(localRefused(url, local.address))
      if (options.all === true) return callback(null, list)
      const first = list[0]
      if (first === undefined) return callback(new Error(`no address for ${hostname}`))
      callback(null, first.address, first.family)
    })
  }) as unknown as LookupFunction
}

function get(url: URL, limits: FetchLimits, signal: AbortSignal): Promise<IncomingMessage> {
  return new Promise((res, rej) => {
    const request = url.protocol === 'https:' ? nodeHttps().request : httpRequest
    const req = request(url, { signal, ...(limits.allowLocalUrls ? {} : { lookup: guardedLookup(url) }) }, res)
    req.on('error', rej)
    req.end()
  })
}

function tooLarge(limits: FetchLimits): KuiperError {
  return bad(`the plugin archive is larger than ${limits.maxArchiveBytes} bytes (plugins.maxArchiveBytes)`)
}

/** Counts the bytes going through and fails past the cap. */
function sizeCap(limits: FetchLimits): Transform {
  let n = 0
  return new Transform({
    transform(chunk: Buffer, _enc, done) {
      n += chunk.length
      if (n > limits.maxArchiveBytes) done(tooLarge(limits))
      else done(null, chunk)
    },
  })
}

async function download(start: URL, dest: string, limits: FetchLimits): Promise<void> {
  const signal = AbortSignal.timeout(limits.timeoutMs)
  const failed = (url: URL, err: unknown): KuiperError => {
    if (err instanceof KuiperError) return err
    return bad(
      signal.aborted
        ? `downloading ${url.href} took longer than ${limits.timeoutMs} ms (plugins.fetchTimeout)`
        : `cannot download ${url.href}: ${errorMessage(err)}`,
    )
  }
  let url = start
  for (let hop = 0; ; hop++) {
    checkLiteralHost(url, limits)
    let res: IncomingMessage
    try {
      res = await get(url, limits, signal)
    } catch (err) {
      throw failed(url, err)
    }
    const status = res.statusCode ?? 0
    const location = res.headers.location
    if (status >= 300 && status < 400 && location !== undefined) {
      res.resume()
      if (hop >= MAX_REDIRECTS) throw bad(`downloading ${start.href}: more than ${MAX_REDIRECTS} redirects`)
      url = new URL(location, url)
      if (url.protocol !== 'http:' && url.protocol !== 'https:')
        throw bad(`downloading ${start.href}: redirected to a ${url.protocol} URL`)
      continue
    }
    if (status < 200 || status >= 300) {
      res.resume()
      throw bad(`cannot download ${url.href}: HTTP ${status}`)
    }
    if (Number(res.headers['content-length'] ?? NaN) > limits.maxArchiveBytes) {
      res.destroy()
      throw tooLarge(limits)
    }
    try {
      await pipeline(res, sizeCap(limits), createWriteStream(dest), { signal })
    } catch (err) {
      throw failed(url, err)
    }
    return
  }
}

/** Saves the archive `file` names into `dest`. Throws BAD_REQUEST for a bad URL, a refused host, a failure, a size over the cap. */
export async function fetchArchive(file: string, dest: string, limits: FetchLimits): Promise<void> {
  let url: URL
  try {
    url = new URL(file)
  } catch {
    throw bad(`invalid plugin file URL ${file}: expected file:///path.zip, http:// or https://`)
  }
  if (url.protocol === 'file:') {
    if (url.host !== '' && url.host !== 'localhost') throw bad(`invalid file URL ${file}: a file URL has no host`)
    const path = fileURLToPath(url)
    let size: number
    try {
      const st = statSync(path)
      if (!st.isFile()) throw bad(`plugin file ${path} is not a regular file`)
      size = st.size
    } catch (err) {
      if (err instanceof KuiperError) throw err
      throw bad(`cannot read plugin file ${path}: ${errorMessage(err)}`)
    }
    if (size > limits.maxArchiveBytes) throw tooLarge(limits)
    await copyFile(path, dest)
    return
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    throw bad(`invalid plugin file URL ${file}: the scheme must be file, http or https`)
  await download(url, dest, limits)
}
