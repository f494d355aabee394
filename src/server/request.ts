// Request bodies: read as text whatever the Content-Type (curl -d sends form encoding), then decoded and checked
// (core/schema-check.ts, zod's messages), so every malformed body gets the same 400 error body.

import { errorMessage } from '../core/errors.js'
import { c } from '../core/schema-check.js'
import type { Check } from '../core/schema-check.js'
import { badRequest } from './http-errors.js'

export const StatementBody = c.object({ sql: c.string({ error: 'sql must be a string' }) })
export const PluginBody = c.object({
  name: c.string().min(1),
  file: c.string().min(1),
  shellParas: c.array(c.string()).optional(),
})

/** `PUT /plugins/{kind}/{name}` body: POST's, the name optional (the path gives it). */
export const PluginUpgradeBody = PluginBody.extend({ name: c.string().min(1).optional() })

/** The raw body text ('' when none). */
export function bodyText(body: unknown): string {
  if (typeof body === 'string') return body
  if (body instanceof Buffer) return body.toString('utf8')
  return ''
}

/** JSON body decoded; 1.0's `Invalid body: Error decoding the statement descriptor: ...` style on failure. */
export function jsonBody(body: unknown, what: string): unknown {
  const text = bodyText(body)
  try {
    return JSON.parse(text)
  } catch (err) {
    throw badRequest(`Invalid body: Error decoding the ${what}: ${errorMessage(err)}`)
  }
}

export function parseBody<T>(schema: Check<T>, body: unknown, what: string): T {
  const r = schema.safeParse(jsonBody(body, what))
  if (!r.success) {
    const issue = r.error.issues[0]!
    const at = issue.path.length > 0 ? `${issue.path.join('.')}: ` : ''
    throw badRequest(`Invalid body: Error decoding the ${what}: ${at}${issue.message}`)
  }
  return r.data
}
