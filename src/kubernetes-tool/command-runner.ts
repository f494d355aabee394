// Runs one command against kuiperd and classifies the outcome: done, refused by kuiperd (an error answer: logged,
// the file goes on, as in 1.0), kuiperd unreachable (retried later from this command), or failed otherwise (a
// timeout: the rest of the file is skipped, as 1.0 stopped a file at a failed call).

import { CliError, ServerError, UnreachableError } from '../cli/errors.js'
import type { KuiperClient } from '../cli/http-client.js'
import type { Command } from './command-file.js'

export type CommandOutcome =
  | { readonly kind: 'ok'; readonly status: number; readonly body: string }
  | { readonly kind: 'rejected'; readonly status: number; readonly message: string }
  | { readonly kind: 'unreachable'; readonly message: string }
  | { readonly kind: 'failed'; readonly message: string }

export async function runCommand(client: KuiperClient, command: Command): Promise<CommandOutcome> {
  // 1.0 sent `data` with POST and PUT only (a GET or DELETE with a body is refused by fetch).
  const sendsBody = command.method === 'POST' || command.method === 'PUT'
  const body = !sendsBody || command.data === undefined || command.data === null ? undefined : command.data
  try {
    const answer = await client.request(command.method, command.url, body)
    return { kind: 'ok', status: answer.status, body: answer.text.trim() }
  } catch (err) {
    if (err instanceof ServerError) return { kind: 'rejected', status: err.status, message: err.message }
    if (err instanceof UnreachableError) return { kind: 'unreachable', message: err.message }
    if (err instanceof CliError) return { kind: 'failed', message: err.message }
    return { kind: 'failed', message: err instanceof Error ? err.message : String(err) }
  }
}
