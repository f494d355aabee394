// Errors → HTTP: one status table (contract.ts) and one body `{"error": <code>, "message": "..."}` for every endpoint.

import { KuiperError, errorMessage } from '../core/errors.js'
import type { ErrorCode } from '../core/errors.js'
import { STATUS_BY_ERROR_CODE } from './contract.js'
import type { ErrorBody } from './contract.js'

export interface HttpError {
  readonly status: number
  readonly body: ErrorBody
}

/** Fastify's own errors (bad framing, body too large...) carry a statusCode. */
function frameworkError(err: unknown): HttpError | undefined {
  const status = (err as { statusCode?: unknown }).statusCode
  if (typeof status !== 'number' || status < 400) return undefined
  const code: ErrorCode = status === 404 ? 'NOT_FOUND' : status >= 500 ? 'INTERNAL' : 'BAD_REQUEST'
  return { status, body: { error: code, message: errorMessage(err) } }
}

export function toHttpError(err: unknown): HttpError {
  if (err instanceof KuiperError) {
    return { status: STATUS_BY_ERROR_CODE[err.code] ?? 500, body: { error: err.code, message: err.message } }
  }
  return frameworkError(err) ?? { status: 500, body: { error: 'INTERNAL', message: errorMessage(err) } }
}

/** A request body that is not what the endpoint takes. */
export function badRequest(message: string): KuiperError {
  return new KuiperError('BAD_REQUEST', message)
}
