// What the rule manager needs of the Engine (src/engine.ts implements it): kept as an interface so that rules/
// does not import the entry-level Engine that itself builds on rules/.

import type { StreamCatalog } from '../catalog/stream-catalog.js'
import type { Clock } from '../core/clock.js'
import type { TopoJson } from '../core/topology-spec.js'
import type { SinkFactory, SourceFactory } from '../connectors/api.js'
import type { FunctionCatalog } from '../functions/define-function.js'
import type { Metrics } from '../runtime/topology.js'
import type { RuleDef } from './rule-def.js'

export interface RuleEngine {
  readonly clock: Clock
  readonly functions: FunctionCatalog
  readonly streams: StreamCatalog
  readonly connectors: {
    source(type: string): SourceFactory | undefined
    sink(type: string): SinkFactory | undefined
    sourceTypes(): string[]
    sinkTypes(): string[]
  }
  /** Throws what createRule would refuse (SQL, options, plan, connector properties); registers nothing. */
  checkRule(def: RuleDef): void
  createRule(def: RuleDef, opts?: { start?: boolean }): Promise<void>
  startRule(id: string): Promise<void>
  stopRule(id: string): Promise<void>
  deleteRule(id: string): Promise<void>
  ruleStatus(id: string, opts?: { readonly metrics?: boolean }): { readonly status: string; readonly metrics?: Metrics }
  ruleTopo(id: string): TopoJson
  close(): Promise<void>
}
