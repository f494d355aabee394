// core/schema-check.ts stands in for zod where kuiperd checks its configuration and REST bodies: the same schema
// written with both must give the same data, or the same issues (paths and messages, zod's quirks included), for
// any input. zod (still a dependency: plugin manifests, the Kubernetes tool) is the oracle, fed seeded random values.

import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { z } from 'zod'
import { c } from '../../../src/core/schema-check.js'
import type { Check } from '../../../src/core/schema-check.js'
import { seededRandom } from '../../prng.js'

const blank = (v: unknown): unknown => (v === null ? undefined : v)
const listOf = (v: unknown): unknown => (typeof v === 'string' ? [v] : v)

const ours = c
  .looseObject({
    flag: c.boolean().default(false),
    port: c.number().int().min(0).max(65535).default(9081),
    ratio: c.number().min(1).default(2),
    count: c.number().int().positive().max(100).optional(),
    name: c.string().min(1).default('n'),
    label: c.string({ error: 'label must be a string' }).optional(),
    format: c.enum(['text', 'json']).default('text'),
    origins: c.array(c.string()).default([]),
    tls: c.object({ cert: c.string().min(1), key: c.string().min(1) }).nullish(),
    nested: c.looseObject({ size: c.number().int().min(1).default(10) }).prefault({}),
    list: c.preprocess(listOf, c.array(c.string().min(1)).nullish()),
    section: c.preprocess(blank, c.looseObject({ on: c.boolean().default(true) }).prefault({})),
  })
  .superRefine((v, ctx) => {
    if (v.flag && v.port === 0) ctx.addIssue({ code: 'custom', path: ['port'], message: 'port 0 with flag' })
  })

const theirs = z
  .looseObject({
    flag: z.boolean().default(false),
    port: z.number().int().min(0).max(65535).default(9081),
    ratio: z.number().min(1).default(2),
    count: z.number().int().positive().max(100).optional(),
    name: z.string().min(1).default('n'),
    label: z.string({ error: 'label must be a string' }).optional(),
    format: z.enum(['text', 'json']).default('text'),
    origins: z.array(z.string()).default([]),
    tls: z.object({ cert: z.string().min(1), key: z.string().min(1) }).nullish(),
    nested: z.looseObject({ size: z.number().int().min(1).default(10) }).prefault({}),
    list: z.preprocess(listOf, z.array(z.string().min(1)).nullish()),
    section: z.preprocess(blank, z.looseObject({ on: z.boolean().default(true) }).prefault({})),
  })
  .superRefine((v, ctx) => {
    if (v.flag && v.port === 0) ctx.addIssue({ code: 'custom', path: ['port'], message: 'port 0 with flag' })
  })

const VALUES: readonly unknown[] = [
  undefined,
  null,
  true,
  false,
  0,
  -1,
  1,
  1.5,
  100,
  101,
  65536,
  2 ** 60,
  Number.NaN,
  Number.POSITIVE_INFINITY,
  '',
  'x',
  'text',
  '5',
  [],
  ['a'],
  [''],
  ['a', 1],
  {},
  { cert: 'c', key: 'k' },
  { cert: '', key: 1, extra: 1 },
  { size: 0 },
  { on: 'yes' },
  new Date(0),
]
const KEYS = [
  'flag',
  'port',
  'ratio',
  'count',
  'name',
  'label',
  'format',
  'origins',
  'tls',
  'nested',
  'list',
  'section',
]

function outcome(
  schema: {
    safeParse(v: unknown): {
      success: boolean
      data?: unknown
      error?: { issues: readonly { path: PropertyKey[] | readonly (string | number)[]; message: string }[] }
    }
  },
  input: unknown,
): unknown {
  const r = schema.safeParse(structuredClone(input))
  return r.success
    ? { data: r.data }
    : { issues: r.error!.issues.map((i) => `${i.path.map(String).join('.')}: ${i.message}`) }
}

describe('schema-check against zod', () => {
  it('gives the data or the issues zod gives, for 5,000 random objects', () => {
    const random = seededRandom(11)
    const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)]!
    for (let i = 0; i < 5000; i++) {
      const input: Record<string, unknown> = {}
      for (let k = Math.floor(random() * 4); k > 0; k--) input[random() < 0.1 ? 'unknown' : pick(KEYS)] = pick(VALUES)
      if (random() < 0.1) Object.assign(input, { flag: true, port: 0 })
      const top = random() < 0.03 ? pick(VALUES) : input
      assert.deepEqual(outcome(ours as Check<unknown>, top), outcome(theirs, top), JSON.stringify(top))
    }
  })

  it('reports every problem, in the words of zod', () => {
    assert.deepEqual(outcome(ours as Check<unknown>, { port: 70000, format: 'xml', tls: { cert: '' } }), {
      issues: [
        'port: Too big: expected number to be <=65535',
        'format: Invalid option: expected one of "text"|"json"',
        'tls.cert: Too small: expected string to have >=1 characters',
        'tls.key: Invalid input: expected string, received undefined',
      ],
    })
  })
})
