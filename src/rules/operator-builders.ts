// Operator kind → how the runtime builds it: one record over the planner's kinds (plan/node-config.ts), so a kind
// without a builder does not compile, nor does a builder whose operator does not accept the config the planner emits.

import { KuiperError } from '../core/errors.js'
import type { NodeSpec } from '../core/topology-spec.js'
import { AggregateOp } from '../operators/aggregate.js'
import type { OperatorDeps } from '../operators/common.js'
import { FilterOp } from '../operators/filter.js'
import { HavingOp } from '../operators/having.js'
import { JoinOp } from '../operators/join.js'
import { OrderOp } from '../operators/order.js'
import { PreprocessOp } from '../operators/preprocess.js'
import { ProjectOp } from '../operators/project-op.js'
import { createWindowOperator } from '../operators/window/index.js'
import { WindowFilterOp } from '../operators/window-filter.js'
import { isOperatorKind } from '../plan/node-config.js'
import type { OperatorConfigs, OperatorKind } from '../plan/node-config.js'
import type { Operator } from '../runtime/operator.js'

export type { OperatorDeps } from '../operators/common.js'

/** Builds an operator of kind K; may throw (a KuiperError PLAN_ERROR or ValidationError) when the config cannot run. */
export type OperatorBuilder<K extends OperatorKind> = (config: OperatorConfigs[K], deps: OperatorDeps) => Operator

export type OperatorBuilders = { readonly [K in OperatorKind]: OperatorBuilder<K> }

export const operatorBuilders: OperatorBuilders = {
  preprocessor: (c, d) => new PreprocessOp(c, d),
  windowFilter: (c, d) => new WindowFilterOp(c, d),
  window: (c) => createWindowOperator(c.window, { isEventTime: c.isEventTime }),
  join: (c, d) => new JoinOp(c, d),
  filter: (c, d) => new FilterOp(c, d),
  aggregate: (c, d) => new AggregateOp(c, d),
  having: (c, d) => new HavingOp(c, d),
  order: (c, d) => new OrderOp(c, d),
  project: (c, d) => new ProjectOp(c, d),
}

/**
 * Builds the operator of a planned node. The spec is plain data (`kind` a string, `config` unknown): the kind is
 * checked here, and the config is trusted to be what the planner emitted for that kind.
 */
export function buildOperator(node: Pick<NodeSpec, 'kind' | 'config'>, deps: OperatorDeps): Operator {
  if (!isOperatorKind(node.kind)) throw new KuiperError('PLAN_ERROR', `unknown operator kind ${node.kind}`)
  const build = operatorBuilders[node.kind] as (config: unknown, deps: OperatorDeps) => Operator
  return build(node.config, deps)
}
