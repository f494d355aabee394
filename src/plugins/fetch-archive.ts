// Brings a plugin archive to a local file: `file:///abs/path.zip` (copied) or `http(s)://` (downloaded with a
// timeout and a size cap). Remote hosts that resolve to loopback, link-local or unspecified addresses are refused
// unless plugins.allowLocalUrls is on, so the install endpoint cannot be used to reach kuiperd's own machine;
// every redirect is checked the same way.

import { createWriteStream, statSync } from 'node:fs'
import { copyFile } from 'node:fs/promises'
import { lookup } from 'node:dns/promises'
import { BlockList, isIP } from 'node:net'
import { Readable, Transform } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import { fileURLToPath } from 'node:url'
import { KuiperError, errorMessage } from '../core/errors.js'

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

async function checkHost(url: URL, limits: FetchLimits): Promise<void> {
  if (limits.allowLocalUrls) return
  const host = url.hostname.replace(/^\[|\]$/g, '')
  let addresses: string[]
  try {
    addresses = isIP(host) !== 0 ? [host] : (await lookup(host, { all: true })).map((a) => a.address)
  } catch (err) {
    throw bad(`cannot resolve the plugin archive host ${host}: ${errorMessage(err)}`)
  }
  const local = addresses.find(isLocalAddress)
  if (local !== undefined)
    throw bad(
      `plugin archive URL ${url.href} reaches a loopback or link-local address (${local}); set plugins.allowLocalUrls to allow it`,
    )
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
  let url = start
  for (let hop = 0; ; hop++) {
    await checkHost(url, limits)
    let res: Response
    try {
      res = await fetch(url, { redirect: 'manual', signal })
    } catch (err) {
      const timedOut = signal.aborted
      throw bad(
        timedOut
          ? `downloading ${url.href} took longer than ${limits.timeoutMs} ms (plugins.fetchTimeout)`
          : `cannot download ${url.href}: ${errorMessage((err as { cause?: unknown }).cause ?? err)}`,
      )
    }
    const location = res.headers.get('location')
    if (res.status >= 300 && res.status < 400 && location !== null) {
      await res.body?.cancel()
      if (hop >= MAX_REDIRECTS) throw bad(`downloading ${start.href}: more than ${MAX_REDIRECTS} redirects`)
      url = new URL(location, url)
      if (url.protocol !== 'http:' && url.protocol !== 'https:')
        throw bad(`downloading ${start.href}: redirected to ${url.protocol} URL`)
      continue
    }
    if (!res.ok || res.body === null) {
      await res.body?.cancel()
      throw bad(`cannot download ${url.href}: HTTP ${res.status}`)
    }
    const declared = Number(res.headers.get('content-length') ?? NaN)
    if (declared > limits.maxArchiveBytes) {
      await res.body.cancel()
      throw tooLarge(limits)
    }
    try {
      await pipeline(Readable.fromWeb(res.body as never), sizeCap(limits), createWriteStream(dest))
    } catch (err) {
      if (err instanceof KuiperError) throw err
      throw bad(
        signal.aborted
          ? `downloading ${url.href} took longer than ${limits.timeoutMs} ms (plugins.fetchTimeout)`
          : `cannot download ${url.href}: ${errorMessage(err)}`,
      )
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
