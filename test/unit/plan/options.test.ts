import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { safeParse } from 'valibot'
import { RuleDefaultsConfig } from '../../../src/config/kuiper-config.js'
import { Engine } from '../../../src/engine.js'
import {
  checkRuleOptions,
  DEFAULT_RULE_OPTIONS,
  resolveRuleOptions,
  ruleOptionError,
} from '../../../src/plan/options.js'
import type { RuleOptions } from '../../../src/plan/options.js'
import { parseRuleJson } from '../../../src/rules/rule-json.js'

const KEYS = Object.keys(DEFAULT_RULE_OPTIONS) as (keyof RuleOptions)[]
const SAMPLES: readonly unknown[] = [-1, 0, 1, 2, 3, 7, 1.5, 300000, true, false, 'yes']

describe('rule options', () => {
  it('accepts exactly what kuiper.yaml accepts for its rule: section, option by option', () => {
    for (const key of KEYS) {
      for (const v of SAMPLES) {
        const inConfig = safeParse(RuleDefaultsConfig, { [key]: v }).success
        assert.equal(ruleOptionError(key, v) === undefined, inConfig, `${key}: ${String(v)}`)
      }
    }
  })

  it('takes qos 0, 1 and 2 only, naming the option', () => {
    for (const qos of [0, 1, 2]) checkRuleOptions({ qos })
    assert.throws(() => checkRuleOptions({ qos: 7 }), {
      code: 'BAD_REQUEST',
      message: 'rule option qos 7 is invalid, require an integer from 0 to 2',
    })
    assert.throws(() => checkRuleOptions({ qos: -1 }), /rule option qos -1 is invalid/)
  })

  it('keeps 1.0 texts for the non-negative options and 1.0 order when several are wrong', () => {
    assert.throws(() => checkRuleOptions({ lateTolerance: -5, checkpointInterval: -1 }), {
      message: 'rule option checkpointInterval -1 is invalid, require a positive integer',
    })
    for (const key of ['lateTolerance', 'concurrency', 'bufferLength', 'checkpointInterval'] as const) {
      checkRuleOptions({ [key]: 0 })
      assert.throws(() => checkRuleOptions({ [key]: -1 }), {
        message: `rule option ${key} -1 is invalid, require a positive integer`,
      })
    }
  })

  it('refuses a wrong type given through the embedding API', () => {
    const options = { isEventTime: 'yes' } as unknown as Partial<RuleOptions>
    assert.throws(() => resolveRuleOptions(options), /rule option isEventTime yes is invalid, require true or false/)
  })

  it('checks the rule JSON of REST and the CLI and the embedding API the same way', async () => {
    const body = { id: 'q', sql: 'SELECT * FROM demo', actions: [{ nop: {} }], options: { qos: 7 } }
    assert.throws(() => parseRuleJson(body), { code: 'BAD_REQUEST', message: /rule option qos 7 is invalid/ })
    const engine = new Engine()
    engine.createStream('CREATE STREAM demo (x BIGINT) WITH (DATASOURCE="demo", TYPE="memory")')
    await assert.rejects(engine.createRule({ ...body, options: { qos: 7 } }), {
      code: 'BAD_REQUEST',
      message: /rule option qos 7 is invalid/,
    })
    assert.deepEqual(engine.ruleIds(), [])
  })
})
