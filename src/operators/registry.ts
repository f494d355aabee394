// The rule operators by kind: the planner emits `{ kind, config }` nodes (config is plain data, AST included) and
// the runtime builds each operator through this table, handing it the function catalog.

import type { Operator } from '../runtime/operator.js'
import { AggregateOp } from './aggregate.js'
import type { AggregateConfig } from './aggregate.js'
import type { OperatorDeps } from './common.js'
import { FilterOp } from './filter.js'
import type { FilterConfig } from './filter.js'
import { HavingOp } from './having.js'
import type { HavingConfig } from './having.js'
import { JoinOp } from './join.js'
import type { JoinConfig } from './join.js'
import { OrderOp } from './order.js'
import type { OrderConfig } from './order.js'
import { PreprocessOp } from './preprocess.js'
import type { PreprocessConfig } from './preprocess.js'
import { ProjectOp } from './project-op.js'
import type { ProjectConfig } from './project-op.js'
import { WindowFilterOp } from './window-filter.js'
import type { WindowFilterConfig } from './window-filter.js'

export type { OperatorDeps } from './common.js'

/** The config of each operator kind, in 1.0's pipeline order. */
export interface OperatorConfigs {
  preprocessor: PreprocessConfig
  windowFilter: WindowFilterConfig
  join: JoinConfig
  filter: FilterConfig
  aggregate: AggregateConfig
  having: HavingConfig
  order: OrderConfig
  project: ProjectConfig
}

export type OperatorKind = keyof OperatorConfigs

/** Builds an operator; may throw (a KuiperError PLAN_ERROR or ValidationError) when the config cannot run. */
export type OperatorFactory<K extends OperatorKind = OperatorKind> = (
  config: OperatorConfigs[K],
  deps: OperatorDeps,
) => Operator

/** A planned operator node. */
export type OperatorSpec = {
  [K in OperatorKind]: { readonly kind: K; readonly config: OperatorConfigs[K] }
}[OperatorKind]

export const operatorFactories: { readonly [K in OperatorKind]: OperatorFactory<K> } = {
  preprocessor: (c, d) => new PreprocessOp(c, d),
  windowFilter: (c, d) => new WindowFilterOp(c, d),
  join: (c, d) => new JoinOp(c, d),
  filter: (c, d) => new FilterOp(c, d),
  aggregate: (c, d) => new AggregateOp(c, d),
  having: (c, d) => new HavingOp(c, d),
  order: (c, d) => new OrderOp(c, d),
  project: (c, d) => new ProjectOp(c, d),
}

export function isOperatorKind(kind: string): kind is OperatorKind {
  return Object.prototype.hasOwnProperty.call(operatorFactories, kind)
}

/** Builds the operator of a planned node. */
export function createOperator(spec: OperatorSpec, deps: OperatorDeps): Operator {
  const factory = operatorFactories[spec.kind] as OperatorFactory
  return factory(spec.config, deps)
}
