// A command file of the Kubernetes tool (1.0's sample.json): `{"commands": [{"url", "method", "description",
// "data"}]}`, each command one REST call to kuiperd. Checked whole before any command runs, so a file with a typo
// changes nothing.

import { z } from 'zod'

export const METHODS = ['GET', 'POST', 'PUT', 'DELETE'] as const
export type Method = (typeof METHODS)[number]

export const Command = z.object({
  /** The REST path, e.g. /streams or /rules/rule1/start. */
  url: z.string().startsWith('/', 'must be a path starting with /'),
  /** Any case, as 1.0 took `post` and `POST`. */
  method: z
    .string()
    .transform((m) => m.toUpperCase())
    .pipe(z.enum(METHODS, `must be one of ${METHODS.join(', ')}`)),
  description: z.string().optional(),
  /** The JSON body (creations, updates); none is sent when absent or null. */
  data: z.unknown().optional(),
})
export type Command = z.infer<typeof Command>

export const CommandFile = z.object({ commands: z.array(Command) })
export type CommandFile = z.infer<typeof CommandFile>

export class CommandFileError extends Error {
  override readonly name = 'CommandFileError'
}

/** Parses one command file's text; throws CommandFileError naming the command and key at fault. */
export function parseCommandFile(text: string): CommandFile {
  let raw: unknown
  try {
    raw = JSON.parse(text)
  } catch (err) {
    throw new CommandFileError(`not JSON: ${err instanceof Error ? err.message : String(err)}`)
  }
  const parsed = CommandFile.safeParse(raw)
  if (parsed.success) return parsed.data
  const issues = parsed.error.issues.map((i) => `${issuePath(i.path) || '(top level)'}: ${i.message}`)
  throw new CommandFileError(issues.join('; '))
}

function issuePath(path: readonly PropertyKey[]): string {
  return path.map((p, i) => (typeof p === 'number' ? `[${p}]` : `${i > 0 ? '.' : ''}${String(p)}`)).join('')
}
