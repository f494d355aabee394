// Errors → HTTP: one status table (contract.ts) and one body `{"error": <code>, "message": "..."}` for every endpoint.

import { KuiperError, errorMessage } from '../core/errors.js'
import type { ErrorCode } from '../core/errors.js'
import { STATUS_BY_ERROR_CODE } from './contract.js'
import type { ErrorBody } from './contract.js'

export interface HttpError {
  readonly status: number
  readonly body: ErrorBody
}

/** The code of a framework error's status: the code the status table gives that status, else the generic one. */
function codeOfStatus(status: number): ErrorCode {
  if (status === 401) return 'UNAUTHORIZED'
  if (status === 403) return 'FORBIDDEN'
  if (status === 404) return 'NOT_FOUND'
  if (status === 413) return 'PAYLOAD_TOO_LARGE'
  if (status === 415) return 'UNSUPPORTED_MEDIA_TYPE'
  if (status === 429) return 'TOO_MANY_REQUESTS'
  return status >= 500 ? 'INTERNAL' : 'BAD_REQUEST'
}

/**
 * The HTTP layer's own errors (a body above the limit, cut off, or of no media type...) carry a statusCode; the
 * answer takes the status of the code it is given, so that the `error` and the status always agree with the table
 * of contract.ts.
 */
function frameworkError(err: unknown): HttpError | undefined {
  const status = (err as { statusCode?: unknown }).statusCode
  if (typeof status !== 'number' || status < 400) return undefined
  const code = codeOfStatus(status)
  return { status: STATUS_BY_ERROR_CODE[code], body: { error: code, message: errorMessage(err) } }
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
