// The genealogy graph a lot page draws: the lots and edges of one or more
// traces, merged. A trace is a closure: every lot it reaches has its whole
// trace in that direction drawn too, so expanding a lot is only worth it in
// the direction not yet traced from it (backward from a primer lot of a
// backward trace adds nothing; forward shows what else it went into).
import type { Trace, TraceDirection, TraceEdge, TraceLot } from '../../api/genealogy';

export interface GenealogyGraph {
  /** The id of the lot the page is about. */
  root: string;
  lots: ReadonlyMap<string, TraceLot>;
  edges: ReadonlyMap<string, TraceEdge>;
  /** The directions whose whole trace is in the graph, by lot id. */
  traced: ReadonlyMap<string, ReadonlySet<TraceDirection>>;
}

/** One edge per feeder load: the same lot may go into the same lot twice (loaded, unloaded, loaded again). */
export const edgeKey = (edge: TraceEdge): string =>
  `${edge.parent}>${edge.child}@${edge.station ?? ''}@${edge.from}`;

export function graphOf(trace: Trace): GenealogyGraph {
  const root = trace.roots[0];
  if (root === undefined) throw new Error('a trace without a root lot');
  return mergeTrace({ root, lots: new Map(), edges: new Map(), traced: new Map() }, trace);
}

/** The graph with a further trace merged in; the later trace's facts about a lot win (they are newer). */
export function mergeTrace(graph: GenealogyGraph, trace: Trace): GenealogyGraph {
  const lots = new Map(graph.lots);
  const edges = new Map(graph.edges);
  const traced = new Map(graph.traced);
  for (const lot of trace.lots) {
    lots.set(lot.id, lot);
    traced.set(lot.id, new Set([...(traced.get(lot.id) ?? []), trace.direction]));
  }
  for (const edge of trace.edges) edges.set(edgeKey(edge), edge);
  return { root: graph.root, lots, edges, traced };
}

export const DIRECTIONS: readonly TraceDirection[] = ['backward', 'forward'];

/** The directions a lot can still be expanded in; nothing in the plant is behind a supplier's lot. */
export function untraced(graph: GenealogyGraph, id: string): TraceDirection[] {
  const received = graph.lots.get(id)?.origin === 'received';
  return DIRECTIONS.filter((d) => !graph.traced.get(id)?.has(d) && !(d === 'backward' && received));
}

/** The edges into a lot (what it was made from) and out of it (what was made from it). */
export function edgesAt(graph: GenealogyGraph, id: string): { in: TraceEdge[]; out: TraceEdge[] } {
  const all = [...graph.edges.values()];
  return { in: all.filter((e) => e.child === id), out: all.filter((e) => e.parent === id) };
}

/** The graph's lots, the root first, then by number. */
export const lotsInOrder = (graph: GenealogyGraph): TraceLot[] =>
  [...graph.lots.values()].sort(
    (a, b) =>
      Number(b.id === graph.root) - Number(a.id === graph.root) || a.number.localeCompare(b.number),
  );
