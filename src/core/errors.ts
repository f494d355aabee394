// Typed errors with a code by area (eKuiper's errorx), so that callers branch on `code`, never on text.
// The REST layer maps codes to HTTP statuses in one table.

export type ErrorCode =
  | 'PARSE_ERROR'
  | 'VALIDATION_ERROR'
  | 'EVAL_ERROR'
  | 'PLAN_ERROR'
  | 'NOT_FOUND'
  /** The stream, rule, conf key or port already exists / is taken. */
  | 'CONFLICT'
  | 'BAD_REQUEST'
  /** No valid token while authentication (basic.authentication) is on. */
  | 'UNAUTHORIZED'
  /** A browser request from an origin not listed in basic.restAllowedOrigins. */
  | 'FORBIDDEN'
  /** A browser's request body that is neither JSON nor a form. */
  | 'UNSUPPORTED_MEDIA_TYPE'
  /** A request body above the REST server's limit. */
  | 'PAYLOAD_TOO_LARGE'
  /** A limit on things running at once is reached (rule test runs). */
  | 'TOO_MANY_REQUESTS'
  | 'RULE_ERROR'
  | 'CONNECTOR_ERROR'
  | 'CONFIG_ERROR'
  | 'STATE_ERROR'
  /** A feature of 1.0 this implementation does not offer (yet), e.g. Go .so plugins. */
  | 'NOT_SUPPORTED'
  | 'INTERNAL'

export class KuiperError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options)
    this.name = new.target.name
  }
}

/** A syntax error in SQL; `line` and `column` are 1-based. */
export class ParseError extends KuiperError {
  constructor(
    readonly detail: string,
    readonly line: number,
    readonly column: number,
  ) {
    super('PARSE_ERROR', line > 0 ? `${detail} at line ${line}, column ${column}` : detail)
  }
}

/**
 * A statement that parses but is not valid (unknown function, wrong arity, aggregate misuse...). `line` and
 * `column` (1-based) are set when the parser knows where the fault is; the message already ends with them.
 */
export class ValidationError extends KuiperError {
  constructor(
    message: string,
    readonly line?: number,
    readonly column?: number,
  ) {
    super('VALIDATION_ERROR', message)
  }
}

/** Where in the SQL an error (or an error it wraps, through `cause`) was found; undefined when nothing says. */
export function sqlPositionOf(err: unknown): { readonly line: number; readonly column: number } | undefined {
  for (let e: unknown = err, depth = 0; e instanceof Error && depth < 8; e = e.cause, depth++) {
    const { line, column } = e as { line?: unknown; column?: unknown }
    if (typeof line === 'number' && typeof column === 'number' && line > 0) return { line, column }
  }
  return undefined
}

/** An error while evaluating an expression on a row; the runtime turns it into an error emission. */
export class EvalError extends KuiperError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('EVAL_ERROR', message, options)
  }
}

export function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err)
}

export function assertNever(x: never): never {
  throw new KuiperError('INTERNAL', `unexpected value: ${JSON.stringify(x)}`)
}
