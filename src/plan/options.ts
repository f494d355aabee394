// Rule options (1.0 api.RuleOption) with their effective 1.0 defaults, and the validation of rule option values.

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

const POSITIVE_INTS = ['checkpointInterval', 'concurrency', 'bufferLength', 'lateTolerance'] as const

/** Options merged over the defaults; zero concurrency/bufferLength behave as 1 (Go zero values in the tests). */
export function resolveRuleOptions(partial: Partial<RuleOptions> | undefined): RuleOptions {
  const o: RuleOptions = { ...DEFAULT_RULE_OPTIONS, ...definedOnly(partial ?? {}) }
  for (const k of POSITIVE_INTS) {
    const v = o[k]
    if (typeof v !== 'number' || !Number.isFinite(v) || v < 0) {
      throw new KuiperError('RULE_ERROR', `rule option ${k} ${String(v)} is invalid, require a positive integer`)
    }
  }
  return o
}

function definedOnly(p: Partial<RuleOptions>): Partial<RuleOptions> {
  const out: Record<string, unknown> = {}
  for (const [k, v] of Object.entries(p)) if (v !== undefined) out[k] = v
  return out as Partial<RuleOptions>
}
