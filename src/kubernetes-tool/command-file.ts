// A command file of the Kubernetes tool (1.0's sample.json): `{"commands": [{"url", "method", "description",
// "data"}]}`, each command one REST call to kuiperd. Checked whole before any command runs, so a file with a typo
// changes nothing.

import * as v from 'valibot'

export const METHODS = ['GET', 'POST', 'PUT', 'DELETE'] as const
export type Method = (typeof METHODS)[number]

export const Command = v.object({
  /** The REST path, e.g. /streams or /rules/rule1/start. */
  url: v.pipe(v.string(), v.startsWith('/', 'must be a path starting with /')),
  /** Any case, as 1.0 took `post` and `POST`. */
  method: v.pipe(
    v.string(),
    v.transform((m) => m.toUpperCase()),
    v.picklist(METHODS, `must be one of ${METHODS.join(', ')}`),
  ),
  description: v.optional(v.string()),
  /** The JSON body (creations, updates); none is sent when absent or null. */
  data: v.optional(v.unknown()),
})
export type Command = v.InferOutput<typeof Command>

export const CommandFile = v.object({ commands: v.array(Command) })
export type CommandFile = v.InferOutput<typeof CommandFile>

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
  const parsed = v.safeParse(CommandFile, raw)
  if (parsed.success) return parsed.output
  const issues = parsed.issues.map((i) => `${issuePath(i.path ?? []) || '(top level)'}: ${i.message}`)
  throw new CommandFileError(issues.join('; '))
}

/** `commands[0].url`: list indexes in brackets, as in JavaScript. */
function issuePath(path: readonly { readonly key: unknown }[]): string {
  return path.map(({ key }, i) => (typeof key === 'number' ? `[${key}]` : `${i > 0 ? '.' : ''}${String(key)}`)).join('')
}
