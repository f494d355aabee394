// buildTopology builds a rule's topology before it returns when its connectors' implementations are loaded, and
// after importing them otherwise. Built at once, the starts of a restore's batch read their sources' configuration
// files once (statOnce), not once per rule: that was a twentieth of a 10,000-rule restore.

import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { silentLogger } from '../../../src/connectors/api.js'
import type { Sink, Source, SourceFactory } from '../../../src/connectors/api.js'
import { MemoryBroker } from '../../../src/connectors/memory/pubsub.js'
import { ConnectorRegistry } from '../../../src/connectors/registry.js'
import type { TopologySpec } from '../../../src/core/topology-spec.js'
import { ManualClock } from '../../../src/core/manual-clock.js'
import { buildTopology } from '../../../src/rules/build-topology.js'
import type { BuildDeps } from '../../../src/rules/build-topology.js'
import { testFunctions } from '../operators/op-helpers.js'

const spec: TopologySpec = {
  ruleId: 'r1',
  nodes: [
    {
      id: 'source_demo',
      type: 'source',
      name: 'demo',
      kind: 'source',
      config: { stream: 'demo', type: 'counted', datasource: 't', format: 'json' },
    },
    { id: 'sink_out', type: 'sink', name: 'out', kind: 'sink', config: { type: 'quiet', props: {} } },
  ],
  sources: ['source_demo'],
  edges: { source_demo: ['sink_out'] },
  bufferLength: 16,
}

const quietSink: Sink = { collect: () => undefined }

function deps(source: SourceFactory | { load: () => Promise<SourceFactory> }): BuildDeps {
  const connectors = new ConnectorRegistry({ counted: { source }, quiet: { sink: () => quietSink } })
  const clock = new ManualClock(0)
  const env = { clock, memory: new MemoryBroker(), logger: silentLogger }
  return { clock, functions: testFunctions, connectors, env, bindings: new Map() }
}

describe('buildTopology', () => {
  it('creates the sources before it returns when every connector is loaded', async () => {
    let created = 0
    const factory: SourceFactory = (): Source => (created++, { open: () => undefined, close: () => undefined })
    const building = buildTopology(spec, deps(factory))
    assert.equal(created, 1, 'built before the caller awaited')
    const topology = await building
    assert.equal(topology.sourceNode('demo')?.stream, 'demo')
  })

  it('imports a deferred connector first, then builds', async () => {
    let created = 0
    const factory: SourceFactory = (): Source => (created++, { open: () => undefined, close: () => undefined })
    const building = buildTopology(spec, deps({ load: () => Promise.resolve(factory) }))
    assert.equal(created, 0)
    await building
    assert.equal(created, 1)
  })

  it('rejects, and does not throw, when building fails', async () => {
    const failing: SourceFactory = () => {
      throw new Error('no such device')
    }
    const building = buildTopology(spec, deps(failing))
    await assert.rejects(building, /no such device/)
  })
})
