// Rule options (1.0 api.RuleOption) with their effective 1.0 defaults, and the one range check of their values:
// used by the rule JSON of REST and the CLI, by the embedding API, and (as a schema) by kuiper.yaml's `rule:` section.

import { KuiperError } from '../core/errors.js'

export interface RuleOptions {
  readonly isEventTime: boolean
  readonly lateTolerance: number
  readonly concurrency: number
  readonly bufferLength: number
  readonly sendMetaToSink: boolean
  readonly qos: number
  readonly checkpointInterval: number
}

/** The effective defaults of 1.0 (common/util.go InitConf, features.md §3.2). */
export const DEFAULT_RULE_OPTIONS: RuleOptions = {
  isEventTime: false,
  lateTolerance: 1000,
  concurrency: 1,
  bufferLength: 1024,
  sendMetaToSink: false,
  qos: 0,
  checkpointInterval: 300000,
}

export type BooleanRuleOption = 'isEventTime' | 'sendMetaToSink'
export type IntegerRuleOption = Exclude<keyof RuleOptions, BooleanRuleOption>

export interface IntegerRange {
  readonly min: number
  readonly max?: number
}

/**
 * The integers each option accepts. 0 is allowed where 1.0 allowed it: concurrency and bufferLength 0 behave as 1
 * (Go zero values), checkpointInterval 0 as the coordinator's 5 s. qos is 0 (at most once), 1 (at least once) or
 * 2 (exactly once).
 */
export const RULE_OPTION_RANGES: Readonly<Record<IntegerRuleOption, IntegerRange>> = {
  lateTolerance: { min: 0 },
  concurrency: { min: 0 },
  bufferLength: { min: 0 },
  qos: { min: 0, max: 2 },
  checkpointInterval: { min: 0 },
}

/** What is wrong with one option's value (1.0's texts for the non-negative ones), or undefined when it is valid. */
export function ruleOptionError(key: keyof RuleOptions, value: unknown): string | undefined {
  // The options without an integer range are the booleans.
  if (!Object.hasOwn(RULE_OPTION_RANGES, key)) {
    return typeof value === 'boolean'
      ? undefined
      : `rule option ${key} ${String(value)} is invalid, require true or false`
  }
  const range = RULE_OPTION_RANGES[key as IntegerRuleOption]
  const ok =
    typeof value === 'number' &&
    Number.isInteger(value) &&
    value >= range.min &&
    (range.max === undefined || value <= range.max)
  if (ok) return undefined
  const want =
    range.max !== undefined
      ? `require an integer from ${range.min} to ${range.max}`
      : // 1.0's text, although 0 is accepted.
        'require a positive integer'
  return `rule option ${key} ${String(value)} is invalid, ${want}`
}

/** 1.0's order of checks (getRuleByJson), then the options 1.0 did not check. */
const CHECK_ORDER: readonly (keyof RuleOptions)[] = [
  'checkpointInterval',
  'concurrency',
  'bufferLength',
  'lateTolerance',
  'qos',
  'isEventTime',
  'sendMetaToSink',
]

/** Throws BAD_REQUEST naming the first option whose value is out of its range (or of the wrong type). */
export function checkRuleOptions(options: Partial<RuleOptions>): void {
  for (const key of CHECK_ORDER) {
    const v = options[key]
    if (v === undefined) continue
    const err = ruleOptionError(key, v)
    if (err !== undefined) throw new KuiperError('BAD_REQUEST', err)
  }
}

/** Options merged over the defaults and checked. */
export function resolveRuleOptions(partial: Partial<RuleOptions> | undefined): RuleOptions {
  const o: RuleOptions = { ...DEFAULT_RULE_OPTIONS, ...definedOnly(partial ?? {}) }
  checkRuleOptions(o)
  return o
}

function definedOnly(p: Partial<RuleOptions>): Partial<RuleOptions> {
  const out: Record<string, unknown> = {}
  for (const [k, v] of Object.entries(p)) if (v !== undefined) out[k] = v
  return out as Partial<RuleOptions>
}
