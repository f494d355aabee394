// Loads etc/kuiper.yaml: YAML → docker env overrides → validation with defaults (kuiper-config.ts, valibot). Any problem is a ConfigError
// naming the file, the key and (for an override) the environment variable.

import { readFileSync } from 'node:fs'
import { safeParse } from 'valibot'
import type { BaseIssue } from 'valibot'
import { parseDocument } from 'yaml'
import { KuiperError, errorMessage } from '../core/errors.js'
import { issuePath } from '../core/issue-path.js'
import { applyEnvOverrides } from './env-overrides.js'
import type { AppliedOverride } from './env-overrides.js'
import { KNOWN_KEYS, KuiperConfig } from './kuiper-config.js'

export class ConfigError extends KuiperError {
  constructor(message: string) {
    super('CONFIG_ERROR', message)
  }
}

export interface LoadedConfig {
  readonly config: KuiperConfig
  /** False when the file does not exist (built-in defaults were used). */
  readonly fileFound: boolean
  readonly overrides: readonly AppliedOverride[]
  /** `basic.foo` keys the file sets that nothing reads (1.0 ignores them too; logged as warnings). */
  readonly unknownKeys: readonly string[]
}

/** Parses YAML text into a plain object; a syntax error names the line and column. */
export function parseYamlObject(text: string, file: string): Record<string, unknown> {
  const doc = parseDocument(text, { prettyErrors: true })
  const err = doc.errors[0]
  if (err !== undefined) {
    const pos = err.linePos?.[0]
    const where = pos !== undefined ? ` at line ${pos.line}, column ${pos.col}` : ''
    throw new ConfigError(
      `${file}: invalid YAML${where}: ${err.message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '')}`,
    )
  }
  const value: unknown = doc.toJS()
  if (value === null || value === undefined) return {}
  if (typeof value !== 'object' || Array.isArray(value)) throw new ConfigError(`${file}: expected a map of sections`)
  return value as Record<string, unknown>
}

export function loadConfig(
  file: string,
  env: Readonly<Record<string, string | undefined>> = process.env,
): LoadedConfig {
  let text: string | undefined
  try {
    text = readFileSync(file, 'utf8')
  } catch (err) {
    if ((err as { code?: unknown }).code !== 'ENOENT') throw new ConfigError(`${file}: ${errorMessage(err)}`)
  }
  const raw = text === undefined ? {} : parseYamlObject(text, file)
  const overrides = applyEnvOverrides('kuiper', raw, env)
  const parsed = safeParse(KuiperConfig, raw)
  if (!parsed.success) throw new ConfigError(describeIssues(file, parsed.issues, overrides))
  return { config: parsed.output, fileFound: text !== undefined, overrides, unknownKeys: unknownKeys(raw) }
}

function describeIssues(file: string, issues: readonly BaseIssue<unknown>[], overrides: readonly AppliedOverride[]) {
  const lines = issues.map((issue) => {
    const key = issuePath(issue)
    const from = overrides.find((o) => o.path.join('.') === key)
    const origin = from !== undefined ? ` (set by ${from.variable})` : ''
    return `${key === '' ? '(top level)' : key}${origin}: ${issue.message}`
  })
  return `invalid configuration ${file}: ${lines.join('; ')}`
}

function unknownKeys(raw: Record<string, unknown>): string[] {
  const out: string[] = []
  for (const [k, v] of Object.entries(raw)) {
    if (!KNOWN_KEYS['']!.includes(k)) {
      out.push(k)
      continue
    }
    const known = KNOWN_KEYS[k]
    if (known === undefined || typeof v !== 'object' || v === null) continue
    for (const sub of Object.keys(v)) if (!known.includes(sub)) out.push(`${k}.${sub}`)
  }
  return out
}
