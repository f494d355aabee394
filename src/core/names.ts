// The one naming rule for what users create and later reach by URL: streams, tables, rules, plugins and conf keys.
// 1.0 accepted any string, so ids of a million characters, `.`, `..` and `a/b` were stored and could then never be
// fetched or deleted over REST. The rule keeps every name 1.0 users write in practice (`demo`, `rule_1`, `my-rule`,
// `rule.v2`, `温度`) and refuses what a URL path cannot carry back.

import { KuiperError } from './errors.js'

/** The longest name, in characters (Unicode code points). */
export const MAX_NAME_LENGTH = 256

/**
 * The longest a name can be in a URL path, percent-encoded (4 UTF-8 bytes of 3 characters each per code point):
 * the REST router's limit on a path parameter, so that every valid name can be fetched and deleted.
 */
export const MAX_NAME_IN_URL = MAX_NAME_LENGTH * 12

/**
 * Letters and digits of any script and `_` first; then also `-`, `.` and combining marks. A leading `.` or `-`
 * is refused so that `.`, `..`, hidden files and command-line flags cannot be names.
 */
const NAME = /^[\p{L}\p{N}_][\p{L}\p{M}\p{N}_.-]*$/u

export const NAME_RULE_TEXT = `1 to ${MAX_NAME_LENGTH} characters: letters, digits and _, then also - and . (not first)`

/** Why `name` is not a valid name, or undefined when it is. */
export function nameProblem(name: string): string | undefined {
  if (name === '') return 'it is empty'
  const length = [...name].length
  if (length > MAX_NAME_LENGTH) return `it has ${length} characters, more than ${MAX_NAME_LENGTH}`
  if (!NAME.test(name)) return `it must be ${NAME_RULE_TEXT}`
  // Conf keys become keys of yaml maps: this one would name the map's prototype instead of a section.
  if (name === '__proto__') return 'it is reserved'
  return undefined
}

/** Throws BAD_REQUEST `Invalid <what> name "<name>": <why>.` (a long name is cut in the message). */
export function checkName(what: string, name: string): void {
  const problem = nameProblem(name)
  if (problem === undefined) return
  const shown = name.length > 64 ? `${name.slice(0, 64)}…` : name
  throw new KuiperError('BAD_REQUEST', `Invalid ${what} name ${JSON.stringify(shown)}: ${problem}.`)
}
