// `/` (1.0's health check with version, OS and uptime) and `/ping` (1.1).

import { platform } from 'node:os'
import type { Routes } from '../http/http-app.js'
import type { RootInfo } from '../contract.js'
import type { ServerContext } from '../context.js'

/** Go's GOOS names for Node's platform names. */
function goos(): string {
  const p = platform()
  return p === 'win32' ? 'windows' : p
}

export function rootRoutes(app: Routes, ctx: ServerContext): void {
  const info = (): RootInfo => ({
    version: ctx.version,
    os: goos(),
    upTimeSeconds: Math.floor((ctx.now() - ctx.startedAt) / 1000),
  })
  app.get('/', async () => info())
  app.post('/', async () => info())
  app.get('/ping', async (_req, reply) => void reply.code(200).send())
}
