// Unpacks a plugin zip into an empty folder, refusing what could reach outside it: entries with `..`, absolute
// paths or drive letters, symlinks, duplicate names, and more bytes (or entries) than allowed. Any refusal is a
// BAD_REQUEST and the caller deletes the folder, so nothing of a refused archive stays.

import { createWriteStream, mkdirSync } from 'node:fs'
import { dirname, isAbsolute, relative, resolve } from 'node:path'
import { pipeline } from 'node:stream/promises'
import type { Entry, ZipFile } from 'yauzl'
import { KuiperError } from '../core/errors.js'

export interface ExtractLimits {
  /** The most bytes the entries may hold once unpacked (kuiper.yaml plugins.maxExtractedBytes). */
  readonly maxExtractedBytes: number
  /** The most entries (files and folders). */
  readonly maxEntries?: number
}

const S_IFMT = 0o170000
const S_IFLNK = 0o120000

function unsafe(message: string): KuiperError {
  return new KuiperError('BAD_REQUEST', `unsafe plugin archive: ${message}`)
}

/** Why an entry name cannot be unpacked under the folder, or undefined when it can. */
export function entryNameProblem(name: string): string | undefined {
  if (name === '') return 'an entry has an empty name'
  if (name.includes('\0')) return `entry ${JSON.stringify(name)} has a NUL character`
  if (name.startsWith('/') || name.startsWith('\\') || /^[A-Za-z]:/.test(name) || isAbsolute(name))
    return `entry ${name} is an absolute path`
  if (name.split(/[\\/]/).includes('..')) return `entry ${name} leaves the plugin folder (..)`
  return undefined
}

/** The entry is a symbolic link (Unix mode bits in the high half of the external attributes). */
function isSymlink(e: Entry): boolean {
  return ((e.externalFileAttributes >>> 16) & S_IFMT) === S_IFLNK
}

/** The entry's name: UTF-8 when the entry says so (bit 11), else read byte for byte (CP437's ASCII part). */
function entryName(e: Entry): string {
  const raw = e.fileName as unknown as Buffer | string
  if (typeof raw === 'string') return raw
  return (e.generalPurposeBitFlag & 0x800) !== 0 ? raw.toString('utf8') : raw.toString('latin1')
}

async function openZip(path: string): Promise<ZipFile> {
  // yauzl is loaded by the first install, not with kuiperd (an idle kuiperd stays small; docs/performance.md).
  const { default: yauzl } = await import('yauzl')
  return new Promise((res, rej) =>
    // Names are decoded here (decodeStrings off), so that every unsafe name gets this module's message; entry
    // sizes are checked against the headers as they unpack.
    yauzl.open(path, { lazyEntries: true, validateEntrySizes: true, decodeStrings: false }, (err, zip) =>
      err !== null ? rej(unsafe(err.message)) : res(zip),
    ),
  )
}

function readStream(zip: ZipFile, e: Entry): Promise<NodeJS.ReadableStream> {
  return new Promise((res, rej) =>
    zip.openReadStream(e, (err, s) => (err !== null ? rej(unsafe(`${e.fileName}: ${err.message}`)) : res(s))),
  )
}

/** Unpacks `zipPath` into `folder` (which must exist and be empty); resolves with the number of files written. */
export async function extractZip(zipPath: string, folder: string, limits: ExtractLimits): Promise<number> {
  const zip = await openZip(zipPath)
  const maxEntries = limits.maxEntries ?? 10_000
  const root = resolve(folder)
  const seen = new Set<string>()
  let total = 0
  let files = 0
  try {
    await new Promise<void>((res, rej) => {
      const fail = (err: unknown): void => {
        zip.close()
        rej(err instanceof KuiperError ? err : unsafe((err as Error).message))
      }
      zip.on('error', fail)
      zip.on('end', () => res())
      zip.on('entry', (e: Entry) => {
        void (async () => {
          const name = entryName(e)
          const problem = entryNameProblem(name)
          if (problem !== undefined) throw unsafe(problem)
          if (isSymlink(e)) throw unsafe(`entry ${name} is a symbolic link`)
          if (seen.size >= maxEntries) throw unsafe(`more than ${maxEntries} entries`)
          const target = resolve(root, name)
          const rel = relative(root, target)
          if (rel.startsWith('..') || isAbsolute(rel)) throw unsafe(`entry ${name} leaves the plugin folder`)
          if (seen.has(rel)) throw unsafe(`entry ${name} appears twice`)
          seen.add(rel)
          if (name.endsWith('/')) {
            mkdirSync(target, { recursive: true })
          } else {
            total += e.uncompressedSize
            if (total > limits.maxExtractedBytes)
              throw unsafe(`it unpacks to more than ${limits.maxExtractedBytes} bytes (plugins.maxExtractedBytes)`)
            mkdirSync(dirname(target), { recursive: true })
            // `wx`: never through a file or link already there.
            await pipeline(await readStream(zip, e), createWriteStream(target, { flags: 'wx', mode: 0o644 }))
            files++
          }
          zip.readEntry()
        })().catch(fail)
      })
      zip.readEntry()
    })
  } finally {
    zip.close()
  }
  return files
}
