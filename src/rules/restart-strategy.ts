// What happens to a rule that should run but fails to start: 1.0 left it stopped with its error as status; here a
// transient failure (its broker or endpoint not up yet: edge boxes boot in any order) is retried with exponential
// backoff (`rule.restartStrategy` of kuiper.yaml), and a permanent one is not.

import { KuiperError } from '../core/errors.js'
import { ConnectorError } from '../connectors/api.js'

/** When a rule that should run fails to start with a transient error: the delay before retry `attempt`, or undefined to give up. */
export interface RestartStrategy {
  nextDelay(attempt: number, error?: unknown): number | undefined
}

/** 1.0: a rule that fails stays stopped with its error as status. */
export const NO_RESTART: RestartStrategy = { nextDelay: () => undefined }

export interface BackoffOptions {
  /** Retries before giving up; absent: for ever. 0 is 1.0's behaviour (no retry). */
  readonly attempts?: number | undefined
  /** ms before the first retry. */
  readonly delay: number
  readonly multiplier?: number
  /** Cap of the delay, ms. */
  readonly maxDelay?: number
}

/** kuiperd's default: 1 s, doubling, at most 30 s between tries, for ever. */
export const DEFAULT_BACKOFF: BackoffOptions = { delay: 1000, multiplier: 2, maxDelay: 30_000 }

/** Exponential backoff (eKuiper's restartStrategy shape): delay × multiplier^(attempt-1), capped at maxDelay. */
export function backoffRestart(o: BackoffOptions): RestartStrategy {
  return {
    nextDelay: (attempt: number) =>
      o.attempts !== undefined && attempt > o.attempts
        ? undefined
        : Math.min(o.delay * (o.multiplier ?? 2) ** (attempt - 1), o.maxDelay ?? Number.POSITIVE_INFINITY),
  }
}

/**
 * Error codes of a peer that is not there yet or went away: refused, reset, timed out, name not resolved (yet),
 * no route. Waiting can cure them.
 */
const TRANSIENT_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ECONNABORTED',
  'ETIMEDOUT',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'EHOSTDOWN',
  'ENETUNREACH',
  'ENETDOWN',
  'EPIPE',
])

/**
 * Whether a start failure may pass by itself, so that the rule is retried. Transient: a network error code
 * (ECONNREFUSED, ETIMEDOUT, ENOTFOUND, EAI_AGAIN, EHOSTUNREACH, ECONNRESET...) anywhere in the error's cause chain,
 * a ConnectorError marked `backoff`, or a connector error with no system cause (a connection closed or timed out
 * before the handshake). Permanent: bad SQL, unknown stream, config errors, a connector error marked `none` or caused
 * by another system error (a missing certificate file...).
 */
export function isTransientStartError(err: unknown): boolean {
  const chain = causeChain(err)
  if (chain.some((e) => TRANSIENT_CODES.has(systemCode(e) ?? ''))) return true
  const marked = chain.find((e): e is ConnectorError => e instanceof ConnectorError)
  if (marked !== undefined) return marked.retry === 'backoff'
  if (!chain.some((e) => e instanceof KuiperError && e.code === 'CONNECTOR_ERROR')) return false
  return !chain.some((e) => systemCode(e) !== undefined)
}

/** The error, its causes, and the errors of an AggregateError (a connection tried on each address of a name). */
function causeChain(err: unknown): unknown[] {
  const out: unknown[] = []
  const pending: unknown[] = [err]
  while (pending.length > 0 && out.length < 32) {
    const e = pending.shift()
    if (e === undefined || e === null || out.includes(e)) continue
    out.push(e)
    if (e instanceof AggregateError) pending.push(...(e.errors as unknown[]))
    if (e instanceof Error && e.cause !== undefined) pending.push(e.cause)
  }
  return out
}

/** A Node system error's code (`ECONNREFUSED`); not KuiperError's own codes. */
function systemCode(e: unknown): string | undefined {
  if (e instanceof KuiperError || typeof e !== 'object' || e === null) return undefined
  const code = (e as { code?: unknown }).code
  return typeof code === 'string' && /^E[A-Z_]+$/.test(code) ? code : undefined
}
