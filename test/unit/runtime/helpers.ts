// Test helpers for the runtime: tiny operators, a push source and a recording sink.

import type { Item } from '../../../src/core/collection.js'
import { ResultRows } from '../../../src/core/collection.js'
import { Tuple } from '../../../src/core/row.js'
import type { ValueMap } from '../../../src/core/value.js'
import type { Sink, SinkPayload, Source, SourceEmit } from '../../../src/connectors/api.js'
import type { Emit, Operator } from '../../../src/runtime/operator.js'
import type { NodeResolver } from '../../../src/runtime/topology.js'
import type { NodeSpec, TopologySpec } from '../../../src/core/topology-spec.js'

export class PushSource implements Source {
  emit: SourceEmit | undefined
  open(_ctx: unknown, emit: SourceEmit): void {
    this.emit = emit
  }
  close(): void {
    this.emit = undefined
  }
  push(m: ValueMap): void {
    this.emit?.(m, { topic: 't' })
  }
}

export class RecordingSink implements Sink {
  readonly payloads: SinkPayload[] = []
  collect(_ctx: unknown, p: SinkPayload): void {
    this.payloads.push(p)
  }
  get texts(): string[] {
    return this.payloads.map((p) => p.text)
  }
}

/** Passes tuples through when `x` is not 'bad'; throws on 'boom'. */
export class PassOp implements Operator {
  process(item: Item, out: Emit): void {
    if (item instanceof Tuple) {
      if (item.message['x'] === 'boom') throw new Error('boom happened')
      if (item.message['x'] === 'bad') return
    }
    out(item)
  }
}

/** Turns a tuple into a result row. */
export class ToRowsOp implements Operator {
  process(item: Item, out: Emit): void {
    if (item instanceof Tuple) out(new ResultRows([item.message]))
    else out(item)
  }
}

export function linearSpec(ops: readonly string[], opts: { bufferLength?: number } = {}): TopologySpec {
  const nodes: NodeSpec[] = [{ id: 'source_demo', type: 'source', name: 'demo', kind: 'source', config: {} }]
  const edges: Record<string, string[]> = {}
  let prev = 'source_demo'
  for (const o of ops) {
    nodes.push({ id: `op_${o}`, type: 'op', name: o, kind: o, config: {} })
    edges[prev] = [`op_${o}`]
    prev = `op_${o}`
  }
  nodes.push({ id: 'sink_mockSink', type: 'sink', name: 'mockSink', kind: 'sink', config: {} })
  edges[prev] = ['sink_mockSink']
  return { ruleId: 'r1', nodes, sources: ['source_demo'], edges, bufferLength: opts.bufferLength ?? 16 }
}

export function resolver(source: Source, sink: Sink, ops: Record<string, () => Operator>): NodeResolver {
  return {
    source: () => source,
    sink: () => sink,
    operator: (spec) => {
      const make = ops[spec.kind]
      if (make === undefined) throw new Error(`no op ${spec.kind}`)
      return make
    },
  }
}
