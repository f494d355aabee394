// Errors of the `kuiper` CLI, each with the process exit code it ends with, so scripts can tell failures apart.

/** 1: the server refused the command (not found, bad SQL...); 2: bad usage; 3: kuiperd unreachable. */
export const EXIT_FAILED = 1
export const EXIT_USAGE = 2
export const EXIT_UNREACHABLE = 3

export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode: number = EXIT_FAILED,
  ) {
    super(message)
    this.name = new.target.name
  }
}

/** A wrong number or kind of arguments (1.0's `Expect rule name.` and friends). */
export class UsageError extends CliError {
  constructor(message: string) {
    super(message, EXIT_USAGE)
  }
}

/** An error answer of kuiperd: the message of its `{ "error", "message" }` body (or its plain text). */
export class ServerError extends CliError {
  constructor(
    message: string,
    readonly status: number,
    readonly code: string | undefined,
  ) {
    super(message, EXIT_FAILED)
  }
}

export class UnreachableError extends CliError {
  constructor(message: string) {
    super(message, EXIT_UNREACHABLE)
  }
}

/** One line: what the CLI prints on stderr for an error. */
export function oneLine(message: string): string {
  return message.trim().replace(/\s*\r?\n\s*/g, ' ')
}

export function errorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err)
}
