// Every workload of the table, in the order (the table's), and the order they run in: the short ones
// first, 50,000 rules last.

import type { Workload } from '../workload.js'
import { idle } from './idle.js'
import { fanout, rules10k, rules50k } from './many-rules.js'
import { oneRule } from './one-rule.js'
import { windowRule } from './window.js'

export const WORKLOADS: readonly Workload[] = [rules10k, fanout, rules50k, idle, oneRule, windowRule]

export const RUN_ORDER: readonly Workload[] = [idle, windowRule, oneRule, fanout, rules10k, rules50k]
