// Where connectors may reach, from kuiper.yaml `connectors:` (fileAllowList, httpAllowList). 1.0 let any rule read
// and write any file and fetch any URL, and its REST API has no authentication, so whoever reaches the API could
// read /etc/passwd through a file stream and `/query`, or an internal endpoint through httppull. Both lists are
// open by default (1.0 compatibility); a list, even empty, closes them to what it names. They are checked when a
// rule is created (a 400 naming the path or URL and the key) and again when its connectors open.

import { realpathSync } from 'node:fs'
import { basename, dirname, isAbsolute, resolve, sep } from 'node:path'
import { KuiperError } from './errors.js'

export interface ConnectorAllowLists {
  /**
   * Folders file sources may read and file sinks may write in (their subfolders included); relative ones from the
   * working directory. Absent: any file.
   */
  readonly files?: readonly string[] | undefined
  /** URL prefixes httppull sources and rest, influx and tdengine sinks may reach. Absent: any URL. */
  readonly urls?: readonly string[] | undefined
}

export const FILE_ALLOW_LIST_KEY = 'connectors.fileAllowList'
export const HTTP_ALLOW_LIST_KEY = 'connectors.httpAllowList'

function refused(message: string): KuiperError {
  return new KuiperError('CONFIG_ERROR', message)
}

/**
 * The path the OS would reach, symlinks and `..` resolved physically: the real path of its longest existing prefix
 * (`..` after a symlink goes to the link target's parent, as the kernel does), then the parts that do not exist yet
 * (which a sink creates as plain folders, so they resolve as written). The native realpath: Node's JS one
 * normalises `..` before it follows links.
 */
export function physicalPath(path: string): string {
  let existing = isAbsolute(path) ? path : `${process.cwd()}${sep}${path}`
  const missing: string[] = []
  for (;;) {
    try {
      return resolve(realpathSync.native(existing), ...missing)
    } catch (err) {
      const parent = dirname(existing)
      if (parent === existing || !['ENOENT', 'ENOTDIR'].includes((err as NodeJS.ErrnoException).code ?? '')) {
        return resolve(existing, ...missing)
      }
      missing.unshift(basename(existing))
      existing = parent
    }
  }
}

function inside(path: string, folder: string): boolean {
  return path === folder || path.startsWith(folder.endsWith(sep) ? folder : `${folder}${sep}`)
}

/** Throws a CONFIG_ERROR naming `path` and the key unless the list is open or `path` is inside one of its folders. */
export function checkFileAllowed(allow: ConnectorAllowLists | undefined, path: string, what: string): void {
  const folders = allow?.files
  if (folders === undefined) return
  const real = physicalPath(path)
  if (folders.some((f) => inside(real, physicalPath(f)))) return
  const shown = real === resolve(path) ? real : `${path} (${real})`
  throw refused(
    `${what} ${shown} is not inside a folder of ${FILE_ALLOW_LIST_KEY} (${folders.length === 0 ? 'empty' : folders.join(', ')})`,
  )
}

function normalUrl(url: string): string | undefined {
  try {
    return new URL(url).href
  } catch {
    return undefined
  }
}

/** `href` starts with the prefix at a boundary: `http://h/api` admits `http://h/api/x` and `http://h/api?q`, not `http://h/api-admin`. */
function urlStartsWith(href: string, prefix: string): boolean {
  const p = normalUrl(prefix)
  if (p === undefined || !href.startsWith(p)) return false
  return p.endsWith('/') || href.length === p.length || '/?#'.includes(href[p.length]!)
}

/**
 * Throws a CONFIG_ERROR naming `url` and the key unless the list is open or the URL, normalised (so `..`, `%2e%2e`,
 * a user-info part or a host that only starts like a listed one cannot escape), starts with a listed prefix.
 */
export function checkUrlAllowed(allow: ConnectorAllowLists | undefined, url: string, what: string): void {
  const prefixes = allow?.urls
  if (prefixes === undefined) return
  const href = normalUrl(url)
  if (href !== undefined && prefixes.some((p) => urlStartsWith(href, p))) return
  throw refused(
    `${what} ${url} does not start with a prefix of ${HTTP_ALLOW_LIST_KEY} (${prefixes.length === 0 ? 'empty' : prefixes.join(', ')})`,
  )
}
