// Request bodies: read as text whatever the Content-Type (curl -d sends form encoding), then decoded and checked
// (valibot schemas), so every malformed body gets the same 400 error body naming the field and what was wrong.

import * as v from 'valibot'
import { errorMessage } from '../core/errors.js'
import { issuePath } from '../core/issue-path.js'
import { badRequest } from './http-errors.js'

/** A non-empty string. */
const text = v.pipe(v.string(), v.minLength(1))

export const StatementBody = v.object({ sql: v.string('sql must be a string') })
export const PluginBody = v.object({
  name: text,
  file: text,
  shellParas: v.optional(v.array(v.string())),
})

/** `PUT /plugins/{kind}/{name}` body: POST's, the name optional (the path gives it). */
export const PluginUpgradeBody = v.object({ ...PluginBody.entries, name: v.optional(text) })

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

/** The body decoded and checked against `schema`; the first problem, with the field it is in, answers 400. */
export function parseBody<S extends v.GenericSchema>(schema: S, body: unknown, what: string): v.InferOutput<S> {
  const r = v.safeParse(schema, jsonBody(body, what), { abortEarly: true })
  if (!r.success) {
    const issue = r.issues[0]
    const path = issuePath(issue)
    const at = path !== '' ? `${path}: ` : ''
    throw badRequest(`Invalid body: Error decoding the ${what}: ${at}${issue.message}`)
  }
  return r.output
}
