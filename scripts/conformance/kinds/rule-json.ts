// `rule_json` cases (FORMAT.md §8): a REST rule body parses into the expected rule with 1.0's REST defaults.

import { parseRuleJson } from '../../../src/rules/rule-json.js'
import { jsonAt, jsonRoundtripDiff } from '../go-values.js'
import type { KindHandler } from '../types.js'

export const ruleJsonHandler: KindHandler = (c) => {
  const body = jsonAt(c, '/rule_json')
  if (typeof body !== 'string') throw new Error('rule_json must be a string')
  const rule = parseRuleJson(body)
  const diff = jsonRoundtripDiff(rule as never, jsonAt(c, '/expected'))
  return diff === undefined ? { status: 'pass' } : { status: 'fail', diff }
}
