// The rule JSON of 1.0's REST API and store (api.Rule): parsing with Go's json.Unmarshal typing, the defaults of
// kuiper.yaml's `rule:` section, and getRuleByJson's validation texts ("Missing rule id." ...).

import { KuiperError, errorMessage } from '../core/errors.js'
import { checkName } from '../core/names.js'
import type { FunctionCatalog } from '../functions/define-function.js'
import { checkRuleOptions, DEFAULT_RULE_OPTIONS } from '../plan/options.js'
import type { RuleOptions } from '../plan/options.js'
import type { SelectStatement } from '../sql/ast/statement.js'
import { parseStatement } from '../sql/parser/index.js'

/** A rule as stored and as `GET /rules/{id}` returns it (1.0's field order). */
export interface RuleRecord {
  readonly triggered: boolean
  readonly id: string
  readonly sql: string
  readonly actions: readonly Readonly<Record<string, unknown>>[]
  readonly options: RuleOptions
}

type GoType = 'bool' | 'int' | 'int64' | 'string'

const OPTION_TYPES: Readonly<Record<keyof RuleOptions, GoType>> = {
  isEventTime: 'bool',
  lateTolerance: 'int64',
  concurrency: 'int',
  bufferLength: 'int',
  sendMetaToSink: 'bool',
  qos: 'int',
  checkpointInterval: 'int',
}

function jsonKind(v: unknown): string {
  if (v === null) return 'null'
  if (Array.isArray(v)) return 'array'
  if (typeof v === 'object') return 'object'
  return typeof v
}

function unmarshalError(text: string, struct: string, field: string, v: unknown, goType: string): KuiperError {
  const what = typeof v === 'number' ? `number ${String(v)}` : jsonKind(v)
  return parseFailure(text, `json: cannot unmarshal ${what} into Go struct field ${struct}.${field} of type ${goType}`)
}

function parseFailure(text: string, detail: string): KuiperError {
  return new KuiperError('BAD_REQUEST', `Parse rule ${text} error : ${detail}.`)
}

/** A Go-typed field: null keeps the current value (as json.Unmarshal does), a wrong JSON type is an error. */
function goField<T>(text: string, struct: string, field: string, v: unknown, t: GoType, current: T): T {
  if (v === null || v === undefined) return current
  switch (t) {
    case 'bool':
      if (typeof v === 'boolean') return v as T
      break
    case 'string':
      if (typeof v === 'string') return v as T
      break
    case 'int':
    case 'int64':
      if (typeof v === 'number' && Number.isInteger(v)) return v as T
      break
  }
  throw unmarshalError(text, struct, field, v, t)
}

/** Options over `defaults` (kuiper.yaml's `rule:` over 1.0's built-ins); `"options": null` means Go zero values. */
function parseOptions(text: string, raw: unknown, defaults: RuleOptions): RuleOptions {
  if (raw === undefined) return defaults
  if (raw === null) {
    return { ...defaults, ...Object.fromEntries(Object.keys(OPTION_TYPES).map((k) => [k, zeroOf(k)])) }
  }
  if (typeof raw !== 'object' || Array.isArray(raw))
    throw unmarshalError(text, 'Rule', 'options', raw, 'api.RuleOption')
  const out: Record<string, unknown> = { ...defaults }
  for (const [k, t] of Object.entries(OPTION_TYPES)) {
    out[k] = goField(text, 'RuleOption', k, (raw as Record<string, unknown>)[k], t, out[k])
  }
  return out as unknown as RuleOptions
}

function zeroOf(k: string): boolean | number {
  return OPTION_TYPES[k as keyof RuleOptions] === 'bool' ? false : 0
}

/** The SELECT of a rule, with 1.0's wrapping of parse errors (`Parse SQL <sql> error: <err>.`). */
export function parseRuleSql(sql: string, functions?: FunctionCatalog): SelectStatement {
  let stmt
  try {
    stmt = parseStatement(sql, functions !== undefined ? { functions } : undefined)
  } catch (err) {
    const code = err instanceof KuiperError ? err.code : 'PARSE_ERROR'
    throw new KuiperError(code, `Parse SQL ${sql} error: ${errorMessage(err)}.`, { cause: err })
  }
  if (stmt.kind !== 'SelectStatement') throw new KuiperError('PARSE_ERROR', `SQL ${sql} is not a select statement.`)
  return stmt
}

export interface ParseRuleOptions {
  /** The rule name given outside the body (CLI argument, REST path); must equal the body id when both are set. */
  readonly name?: string
  /** Default options (kuiper.yaml `rule:`); 1.0's built-ins when absent. */
  readonly defaults?: RuleOptions
  /**
   * The id names a rule already stored (boot recovery, an update): it is not held to the naming rule, so rules
   * stored before it still load and can be updated and deleted.
   */
  readonly existing?: boolean
}

/**
 * 1.0's getRuleByJson, its JSON half: the body (text or already-decoded value) → a rule record with Go's typing and
 * the options over their defaults, or a BAD_REQUEST with 1.0's text. What the rule says (id, SQL, actions, streams,
 * plan) is checked by prepareRule.
 */
export function parseRuleJson(body: string | unknown, opts: ParseRuleOptions = {}): RuleRecord {
  const text = typeof body === 'string' ? body : JSON.stringify(body)
  let raw: unknown = body
  if (typeof body === 'string') {
    try {
      raw = JSON.parse(body)
    } catch (err) {
      throw parseFailure(text, errorMessage(err))
    }
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    throw parseFailure(text, `json: cannot unmarshal ${jsonKind(raw)} into Go value of type api.Rule`)
  }
  const r = raw as Record<string, unknown>
  const triggered = goField(text, 'Rule', 'triggered', r['triggered'], 'bool', false)
  let id = goField(text, 'Rule', 'id', r['id'], 'string', '')
  const sql = goField(text, 'Rule', 'sql', r['sql'], 'string', '')
  const actions = parseActions(text, r['actions'], opts.existing === true)
  const options = parseOptions(text, r['options'], opts.defaults ?? DEFAULT_RULE_OPTIONS)

  const name = opts.name ?? ''
  if (name !== '' && id !== '' && name !== id)
    throw new KuiperError('BAD_REQUEST', 'Name is not consistent with rule id.')
  if (id === '') id = name
  // An empty id, SQL or action list is refused by prepareRule (the one place of those checks), which also parses
  // the SQL: once per create.
  if (opts.existing !== true && id !== '') checkName('rule', id)
  checkRuleOptions(options)
  return { triggered, id, sql, actions, options }
}

/** A stored rule's `null` action is read as 1.0 read it (`{}`), so the rule loads and can be fixed or deleted. */
function parseActions(text: string, v: unknown, existing: boolean): Readonly<Record<string, unknown>>[] {
  if (v === undefined || v === null) return []
  if (!Array.isArray(v)) throw unmarshalError(text, 'Rule', 'actions', v, '[]map[string]interface {}')
  return v.map((a) => {
    // Stored: read as 1.0 read it. New: left for prepareRule's action check to refuse, with its one text.
    if (a === null) return existing ? {} : (null as unknown as Record<string, unknown>)
    if (typeof a !== 'object' || Array.isArray(a)) {
      throw unmarshalError(text, 'Rule', 'actions', a, 'map[string]interface {}')
    }
    return a as Record<string, unknown>
  })
}

/** The stream names a rule's SELECT reads (FROM and JOINs). */
export function ruleStreams(stmt: SelectStatement): string[] {
  return [...stmt.sources.map((s) => s.name), ...stmt.joins.map((j) => j.name)]
}
