// A rule's topology (GET /rules/{id}/topo: its sources and edges) laid out top to bottom by dagre and drawn as SVG.
// The same nodes are listed as text for screen readers.

import dagre from '@dagrejs/dagre'

export interface RuleTopo {
  readonly sources: readonly string[]
  readonly edges: Readonly<Record<string, readonly string[]>>
}

const NODE_W = 170
const NODE_H = 36

interface Laid {
  readonly nodes: { id: string; x: number; y: number }[]
  readonly edges: { from: string; to: string; points: { x: number; y: number }[] }[]
  readonly width: number
  readonly height: number
}

/** Positions of the nodes and edge paths of `topo`. */
export function layout(topo: RuleTopo): Laid {
  const g = new dagre.graphlib.Graph()
  g.setGraph({ rankdir: 'TB', nodesep: 24, ranksep: 36, marginx: 8, marginy: 8 })
  g.setDefaultEdgeLabel(() => ({}))
  const names = new Set<string>(topo.sources)
  for (const [from, tos] of Object.entries(topo.edges)) {
    names.add(from)
    for (const to of tos) names.add(to)
  }
  for (const n of names) g.setNode(n, { width: NODE_W, height: NODE_H })
  for (const [from, tos] of Object.entries(topo.edges)) for (const to of tos) g.setEdge(from, to)
  dagre.layout(g)
  const graph = g.graph()
  return {
    nodes: [...names].map((id) => ({ id, x: g.node(id).x, y: g.node(id).y })),
    edges: g.edges().map((e) => ({ from: e.v, to: e.w, points: g.edge(e).points ?? [] })),
    width: (graph.width ?? NODE_W) + 16,
    height: (graph.height ?? NODE_H) + 16,
  }
}

/** `source_demo`, `op_filter`, `sink_mqtt_0`: the kind of a node from its name's prefix. */
function kindOf(id: string): string {
  return id.startsWith('source_') ? 'source' : id.startsWith('sink_') ? 'sink' : 'op'
}

export function TopoGraph(props: { topo: RuleTopo; label: string }) {
  const laid = layout(props.topo)
  return (
    <div class="topo">
      <svg
        role="img"
        aria-label={props.label}
        width={laid.width}
        height={laid.height}
        viewBox={`0 0 ${laid.width} ${laid.height}`}
        data-testid="topo-graph"
      >
        <defs>
          <marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto">
            <path d="M0,0 L10,5 L0,10 z" fill="#555" />
          </marker>
        </defs>
        {laid.edges.map((e) => (
          <polyline
            key={`${e.from}->${e.to}`}
            points={e.points.map((p) => `${p.x},${p.y}`).join(' ')}
            fill="none"
            stroke="#555"
            marker-end="url(#arrow)"
          />
        ))}
        {laid.nodes.map((n) => (
          <g
            key={n.id}
            class={`topo-node topo-${kindOf(n.id)}`}
            transform={`translate(${n.x - NODE_W / 2},${n.y - NODE_H / 2})`}
          >
            <rect width={NODE_W} height={NODE_H} rx="6" />
            <text x={NODE_W / 2} y={NODE_H / 2 + 5} text-anchor="middle">
              {n.id}
            </text>
          </g>
        ))}
      </svg>
      <ul class="visually-hidden">
        {Object.entries(props.topo.edges).map(([from, tos]) => (
          <li key={from}>
            {from} → {tos.join(', ')}
          </li>
        ))}
      </ul>
    </div>
  )
}
