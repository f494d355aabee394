// Operator kind → builder for the runtime: the operators registry plus the window (its own table), with a
// compile-time check that every config the planner emits is what the operator of that kind accepts.

import type { OperatorConfigs as PlanConfigs } from '../plan/node-config.js'
import { operatorFactories } from '../operators/registry.js'
import type { OperatorConfigs as OpConfigs, OperatorDeps } from '../operators/registry.js'
import type { Operator } from '../runtime/operator.js'
import { createWindowOperator } from '../operators/window/index.js'
import type { WindowConfig } from '../plan/node-config.js'
import type { OperatorBuilder } from './build-topology.js'

type Compatible = { [K in keyof OpConfigs]: PlanConfigs[K] extends OpConfigs[K] ? true : false }
const plannedConfigsFit: Compatible = {
  preprocessor: true,
  windowFilter: true,
  join: true,
  filter: true,
  aggregate: true,
  having: true,
  order: true,
  project: true,
}
void plannedConfigsFit

function builder<K extends keyof OpConfigs>(kind: K): OperatorBuilder {
  const factory = operatorFactories[kind] as unknown as (config: OpConfigs[K], deps: OperatorDeps) => Operator
  return (config, deps) => factory(config as OpConfigs[K], deps)
}

export const operatorBuilders: Readonly<Record<keyof PlanConfigs, OperatorBuilder>> = {
  preprocessor: builder('preprocessor'),
  windowFilter: builder('windowFilter'),
  join: builder('join'),
  filter: builder('filter'),
  aggregate: builder('aggregate'),
  having: builder('having'),
  order: builder('order'),
  project: builder('project'),
  window: (config) => {
    const c = config as WindowConfig
    return createWindowOperator(c.window, { isEventTime: c.isEventTime })
  },
}
