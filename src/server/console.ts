// The web console (docs/console.md): the single-page app built from console/ into dist/console/ by `npm run build`
// (scripts/build-console.mjs), served at /console/ on the REST port. Files come only from that folder: a path that
// leaves it (`..`, an encoded slash, a NUL) is refused; a path without an extension is a page of the app and gets
// index.html (the app routes in the browser). Assets carry a content hash in their names, so they are cached for
// good; index.html is revalidated on every load so that a new build is seen at once.

import { existsSync, readFileSync, statSync } from 'node:fs'
import { extname, join, resolve, sep } from 'node:path'
import { fileURLToPath } from 'node:url'
import { KuiperError } from '../core/errors.js'
import type { Routes } from './http/http-app.js'
import type { HttpReply } from './http/http-reply.js'

/** Where the console is served. */
export const CONSOLE_PATH = '/console'

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.map': 'application/json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
}

/** True for a request path under /console (the console's files need no token: they hold no data). */
export function isConsolePath(path: string): boolean {
  return path === CONSOLE_PATH || path.startsWith(`${CONSOLE_PATH}/`)
}

/**
 * The built console: dist/console/ beside the compiled server (dist/server/console.js), or, when the server runs
 * from src/ through tsx, the checkout's dist/console/. Undefined when neither has an index.html (not built).
 */
export function builtConsoleDir(): string | undefined {
  const here = fileURLToPath(new URL('.', import.meta.url))
  for (const dir of [resolve(here, '../console'), resolve(here, '../../dist/console')]) {
    if (existsSync(join(dir, 'index.html'))) return dir
  }
  return undefined
}

function notFound(path: string): KuiperError {
  return new KuiperError('NOT_FOUND', `no console file ${path}`)
}

/** The file under `root` that the URL path after /console/ names, or undefined when it names none. */
function fileFor(root: string, rest: string): string | undefined {
  let decoded: string
  try {
    decoded = decodeURIComponent(rest)
  } catch {
    return undefined
  }
  if (decoded.includes('\0') || decoded.includes('\\')) return undefined
  const segments = decoded.split('/').filter((s) => s !== '')
  if (segments.some((s) => s === '..' || s === '.')) return undefined
  const file = resolve(root, ...segments)
  if (file !== root && !file.startsWith(root + sep)) return undefined
  return file
}

function sendFile(reply: HttpReply, file: string, immutable: boolean): void {
  reply
    .code(200)
    .type(CONTENT_TYPES[extname(file)] ?? 'application/octet-stream')
    .header('cache-control', immutable ? 'public, max-age=31536000, immutable' : 'no-cache')
    .header('x-content-type-options', 'nosniff')
    .send(readFileSync(file))
}

/** GET /console and /console/*: the files of `dir` (dist/console), with the app's pages falling back to index.html. */
export function consoleRoutes(app: Routes, dir: string): void {
  const root = resolve(dir)
  const index = join(root, 'index.html')
  const page = (_req: unknown, reply: HttpReply): void => {
    // The page may only be framed by itself, and loads nothing from elsewhere (no CDN: it works offline).
    reply.header(
      'content-security-policy',
      "default-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; frame-ancestors 'self'",
    )
    sendFile(reply, index, false)
  }
  app.get(CONSOLE_PATH, page)
  app.get(`${CONSOLE_PATH}/*`, async (req, reply) => {
    const rest = req.params['*']
    const file = fileFor(root, rest)
    if (file === undefined) throw notFound(`/${rest}`)
    if (file === index || rest === '') return page(req, reply)
    let isFile = false
    try {
      isFile = statSync(file).isFile()
    } catch {
      // not there
    }
    if (isFile) return sendFile(reply, file, rest.startsWith('assets/'))
    // A file name that is not there is a missing asset; anything else is one of the app's pages.
    if (extname(file) !== '') throw notFound(`/${rest}`)
    return page(req, reply)
  })
}
