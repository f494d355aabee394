// The plan as data (Arroyo's LogicalProgram), shared by plan and runtime: nodes `{id, kind, config}` plus ordered edges.
// The planner emits it, EXPLAIN and the 1.0 topo JSON read it, the runtime builds live nodes from it through registries.

export type NodeType = 'source' | 'op' | 'sink'

export interface NodeSpec {
  /** `source_demo`, `op_filter`, `sink_mockSink`: the names of 1.0's topo JSON. */
  readonly id: string
  readonly type: NodeType
  /** Metric name: `demo`, `preprocessor_demo`, `mockSink`. */
  readonly name: string
  /** `source`, `sink`, or the operator kind (`preprocessor`, `filter`, `window`...: `OperatorKind` of plan/node-config). */
  readonly kind: string
  /** Kind-specific configuration: plain data (AST nodes included), never live objects. */
  readonly config: unknown
  /** Instances of an operator or in-flight collects of a sink; 1 when absent. */
  readonly concurrency?: number
  /** Event time: the node tracks a watermark over these streams and drops rows older than it. */
  readonly watermark?: WatermarkSpec
}

export interface WatermarkSpec {
  readonly streams: readonly string[]
  readonly lateTolerance: number
}

export interface TopologySpec {
  readonly ruleId: string
  readonly nodes: readonly NodeSpec[]
  /** Source node ids, in stream order. */
  readonly sources: readonly string[]
  /** node id → the ids it feeds, in wiring order. */
  readonly edges: Readonly<Record<string, readonly string[]>>
  /** Input queue size of every node (rule option bufferLength). */
  readonly bufferLength: number
}

/** 1.0's `GET /rules/{id}/topo` shape. */
export interface TopoJson {
  readonly sources: readonly string[]
  readonly edges: Readonly<Record<string, readonly string[]>>
}

export function topoJson(spec: Pick<TopologySpec, 'sources' | 'edges'>): TopoJson {
  const edges: Record<string, string[]> = {}
  for (const [from, to] of Object.entries(spec.edges)) edges[from] = [...to]
  return { sources: [...spec.sources], edges }
}
