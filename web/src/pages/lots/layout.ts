// A layered (Sugiyama) layout of the genealogy graph with dagre. Material
// flows left to right whatever the trace's direction: component lots on the
// left, the lots made from them to their right, so a backward and a forward
// trace of the same lots read the same way.
import dagre from '@dagrejs/dagre';
import type { GenealogyGraph } from './graph';

export const NODE_WIDTH = 232;
export const NODE_HEIGHT = 112;
// Room for an edge's quantity label between two ranks.
const LABEL_WIDTH = 96;
const LABEL_HEIGHT = 22;

export interface Point {
  x: number;
  y: number;
}

/** The top-left corner of every lot's box, by lot id. */
export function layoutGraph(graph: GenealogyGraph): Map<string, Point> {
  const g = new dagre.graphlib.Graph({ multigraph: true });
  g.setGraph({ rankdir: 'LR', nodesep: 28, ranksep: 72, edgesep: 16, marginx: 16, marginy: 16 });
  g.setDefaultEdgeLabel(() => ({}));
  // Sorted so that the same graph is laid out the same way, whatever order it was merged in.
  for (const id of [...graph.lots.keys()].sort()) {
    g.setNode(id, { width: NODE_WIDTH, height: NODE_HEIGHT });
  }
  for (const [key, edge] of [...graph.edges].sort(([a], [b]) => a.localeCompare(b))) {
    if (!graph.lots.has(edge.parent) || !graph.lots.has(edge.child)) continue;
    g.setEdge(
      edge.parent,
      edge.child,
      { width: LABEL_WIDTH, height: LABEL_HEIGHT, labelpos: 'c' },
      key,
    );
  }
  dagre.layout(g);
  const placed = new Map<string, Point>();
  for (const id of g.nodes()) {
    const node = g.node(id) as { x: number; y: number } | undefined;
    if (node) placed.set(id, { x: node.x - NODE_WIDTH / 2, y: node.y - NODE_HEIGHT / 2 });
  }
  return placed;
}
