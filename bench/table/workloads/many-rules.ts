// The three many-rules rows, each one scale.mjs run: one topic per rule (10,000 and 50,000 rules) and
// fan-out (1,000 rules on one stream). REST latencies are scale.mjs's mix of `GET /rules` and one rule's status,
// polled every ~200 ms while the load runs.

import { atMost, figure, informative, num } from '../figures.js'
import type { Figure } from '../figures.js'
import type { ManyRules, Profile } from '../profiles.js'
import { runScale } from '../scale.js'
import type { ScaleResult } from '../scale.js'
import { PartialResult } from '../workload.js'
import type { Measured, RunContext, Workload } from '../workload.js'

const ms = (v: number): string => `${num(v, v < 100 ? 1 : 0)} ms`

/**
 * Seconds a scale.mjs run takes on an idle machine: fixed waits, the load, creating the streams, creating the rules
 * (the baseline's create grows with the rules already there: 2.8 s for 1,000, 69 s for 10,000), the restart (scale.mjs
 * gives up after 120 s), and the REST calls a saturated fan-out answers late.
 */
function estimate(size: ManyRules): number {
  const create = size.rules * 0.0026 + size.rules ** 2 * 4.3e-7
  const fanout = size.rules / size.topics >= 100 ? 30 : 0
  return 15 + size.secs + size.topics * 0.004 + create + Math.min(120, size.rules * 0.01) + fanout
}

function title(size: ManyRules, shape: string): string {
  return `${num(size.rules)} rules, ${shape}, ${num(size.rate)} msg/s`
}

function cpu(r: ScaleResult, limit: number): Figure {
  return figure(
    'cpu',
    '% of a core under load',
    r.cpu_pct_of_core,
    '%',
    (v) => `${num(v, 1)} %`,
    atMost(limit, `${limit} %`),
  )
}

function restP99(r: ScaleResult, limit: number): Figure {
  return figure(
    'rest_p99',
    'REST p99 under load (`GET /rules` + a status)',
    r.rest_p99_ms_under_load,
    'ms',
    (v) => `${ms(v)} (p50 ${ms(r.rest_p50_ms_under_load ?? NaN)})`,
    atMost(limit, `${limit} ms`),
  )
}

/** Creation over REST, against the 20 s for 10,000 rules: 2 ms per rule. */
function create(r: ScaleResult): Figure {
  const perRule = r.create_s === undefined ? undefined : (r.create_s * 1000) / r.rules
  return figure(
    'create',
    `create the rules over REST`,
    perRule,
    'ms/rule',
    (v) => `${num(r.create_s ?? NaN, 1)} s (${num(v, 2)} ms/rule)`,
    atMost(2, '20 s per 10,000 (2 ms/rule)'),
  )
}

function restart(r: ScaleResult): Figure[] {
  const allRunning = r.restart_running === undefined
  return [
    figure(
      'restart_ping',
      'restart with the rules persisted: `/ping`',
      r.restart_ping_ms,
      'ms',
      ms,
      atMost(1000, '1 s'),
    ),
    figure(
      'restart_all_running',
      'restart: all rules Running',
      r.restart_all_running_ms,
      'ms',
      (v) =>
        allRunning
          ? `${num(v / 1000, 2)} s`
          : `> ${num(v / 1000, 0)} s (${num(r.restart_running ?? 0)} of ${num(r.rules)} Running)`,
      atMost(5000, '5 s'),
    ),
  ]
}

/**
 * Runs scale.mjs. When it reported an error, or rule r0 read nothing while messages were published (kuiperd and
 * the publisher on different brokers), the figures it measured still come out, marked failed.
 */
async function measure(
  ctx: RunContext,
  size: ManyRules,
  tag: string,
  figures: (r: ScaleResult) => Figure[],
): Promise<Measured> {
  const r = await runScale(ctx, size, tag)
  const measured = { figures: figures(r), details: r }
  if (r.error !== undefined) throw new PartialResult(`scale.mjs: ${r.error}`, measured)
  if ((r.sent ?? 0) > 0 && !((r.r0_records_in ?? 0) > 0))
    throw new PartialResult(
      `rule r0 read none of the ${r.sent} messages published (is kuiperd on the broker?)`,
      measured,
    )
  return measured
}

export const rules10k: Workload = {
  id: 'rules10k',
  title: (p: Profile) => title(p.rules10k, 'one topic each'),
  needs: ['shared-bench', 'broker'],
  estimateS: (p) => estimate(p.rules10k),
  figureIds: ['kb_per_rule', 'rss_ratio', 'cpu', 'create', 'rest_p99', 'restart_ping', 'restart_all_running'],
  run: (ctx) =>
    measure(ctx, ctx.profile.rules10k, 'rules10k', (r) => [
      figure(
        'kb_per_rule',
        'KB/rule after load',
        r.kb_per_rule_after_load,
        'KB/rule',
        (v) => `${num(v, 1)} KB/rule (at rest ${num(r.kb_per_rule ?? NaN, 1)})`,
        atMost(20, '20 KB/rule'),
      ),
      figure(
        'rss_ratio',
        'RSS after load / before',
        r.rss_after_load_mb !== undefined && r.rss_rules_mb !== undefined
          ? r.rss_after_load_mb / r.rss_rules_mb
          : undefined,
        '×',
        (v) => `${num(v, 2)}× (${num(r.rss_rules_mb ?? NaN)} → ${num(r.rss_after_load_mb ?? NaN)} MB)`,
        atMost(1.1, '1.1×'),
      ),
      cpu(r, 10),
      create(r),
      restP99(r, 20),
      ...restart(r),
    ]),
}

export const fanout: Workload = {
  id: 'fanout',
  title: (p: Profile) => title(p.fanout, 'on one stream (fan-out)'),
  needs: ['shared-bench', 'broker'],
  estimateS: (p) => estimate(p.fanout),
  figureIds: ['cpu', 'rest_p99'],
  run: (ctx) => measure(ctx, ctx.profile.fanout, 'fanout', (r) => [cpu(r, 30), restP99(r, 50)]),
}

export const rules50k: Workload = {
  id: 'rules50k',
  title: (p: Profile) => title(p.rules50k, 'one topic each'),
  needs: ['shared-bench', 'broker'],
  estimateS: (p) => estimate(p.rules50k),
  figureIds: ['rss', 'rest_p99', 'create', 'restart_all_running'],
  run: (ctx) =>
    measure(ctx, ctx.profile.rules50k, 'rules50k', (r) => {
      const rss = [r.rss_rules_mb, r.rss_after_load_mb].filter((v): v is number => v !== undefined)
      return [
        figure(
          'rss',
          'RSS with the rules (the higher of at rest, after load)',
          rss.length > 0 ? Math.max(...rss) : undefined,
          'MB',
          (v) => `${num(v)} MB (${num(r.kb_per_rule_after_load ?? NaN, 1)} KB/rule)`,
          atMost(1536, '1.5 GB'),
        ),
        restP99(r, 100),
        informative(create(r)),
        informative(restart(r)[1]!),
      ]
    }),
}
