import { describe, expect, it } from 'vitest';
import type { Trace, TraceDirection, TraceEdge, TraceLot } from '../../api/genealogy';
import { edgesAt, graphOf, lotsInOrder, mergeTrace, untraced } from './graph';
import { layoutGraph, NODE_WIDTH } from './layout';

function lot(id: string, material: string, depth = 0): TraceLot {
  return {
    id,
    number: `LOT-${id}`,
    material,
    origin: material.startsWith('C762') ? 'made' : 'received',
    status: 'released',
    heldFrom: null,
    unit: 'each',
    quantity: 1000,
    supplier: null,
    supplierLot: null,
    certificate: null,
    expiresOn: null,
    workOrderId: null,
    workOrderNumber: null,
    line: null,
    reworkOf: null,
    madeFrom: null,
    madeTo: null,
    createdAt: '2027-03-15T10:00:00.000Z',
    createdBy: 'test',
    depth,
    onHand: [],
    containers: [],
    shipped: [],
  };
}

function edge(parent: string, child: string, quantity: number, station = 'PR'): TraceEdge {
  return {
    parent,
    child,
    quantity,
    unit: 'each',
    station,
    workOrderId: null,
    from: '2027-03-15T10:00:00.000Z',
    to: '2027-03-15T12:00:00.000Z',
    state: 'settled',
  };
}

const trace = (
  direction: TraceDirection,
  root: string,
  lots: TraceLot[],
  edges: TraceEdge[],
): Trace => ({ direction, roots: [root], lots, edges });

// Cartridge lot A was made from case lot C and primer lot P; primer lot P also went into lot B.
const backwardFromA = trace(
  'backward',
  'A',
  [lot('A', 'C762-BALL'), lot('C', 'CASE-762', 1), lot('P', 'PRIMER-762', 1)],
  [edge('C', 'A', 2000, 'CF'), edge('P', 'A', 2020)],
);
const forwardFromP = trace(
  'forward',
  'P',
  [lot('P', 'PRIMER-762'), lot('A', 'C762-BALL', 1), lot('B', 'C762-BALL', 1)],
  [edge('P', 'A', 2020), edge('P', 'B', 980)],
);

describe('the genealogy graph', () => {
  it('holds a trace, every lot of it traced in the trace’s direction', () => {
    const graph = graphOf(backwardFromA);
    expect(graph.root).toBe('A');
    expect([...graph.lots.keys()].sort()).toEqual(['A', 'C', 'P']);
    expect(untraced(graph, 'A')).toEqual(['forward']);
    expect(untraced(graph, 'P')).toEqual(['forward']);
    // Forward from P, A is traced forward but not backward: its other components are not drawn.
    expect(untraced(graphOf(forwardFromP), 'A')).toEqual(['backward']);
    expect(untraced(graphOf(forwardFromP), 'P')).toEqual([]);
    expect(lotsInOrder(graph).map((l) => l.id)).toEqual(['A', 'C', 'P']);
  });

  it('merges a forward trace of a component lot: its other lots come in, shared edges once', () => {
    const graph = mergeTrace(graphOf(backwardFromA), forwardFromP);
    expect([...graph.lots.keys()].sort()).toEqual(['A', 'B', 'C', 'P']);
    expect(graph.edges.size).toBe(3);
    expect(untraced(graph, 'P')).toEqual([]);
    // A is now traced both ways (it was reached forward from P); B only forward.
    expect(untraced(graph, 'A')).toEqual([]);
    expect(untraced(graph, 'B')).toEqual(['backward']);
    // Case lot C is a supplier's lot: nothing is behind it, only what it went into.
    expect(untraced(graph, 'C')).toEqual(['forward']);
    expect(
      edgesAt(graph, 'P')
        .out.map((e) => e.child)
        .sort(),
    ).toEqual(['A', 'B']);
    expect(
      edgesAt(graph, 'A')
        .in.map((e) => e.parent)
        .sort(),
    ).toEqual(['C', 'P']);
    // The root stays the lot the page is about.
    expect(graph.root).toBe('A');
  });

  it('keeps two loads of the same lot into the same lot as two edges', () => {
    const again = { ...edge('P', 'A', 15), from: '2027-03-15T13:00:00.000Z' };
    const graph = mergeTrace(graphOf(backwardFromA), { ...backwardFromA, edges: [again] });
    expect(edgesAt(graph, 'A').in).toHaveLength(3);
  });
});

describe('the layered layout', () => {
  it('puts component lots left of the lots made from them, in either direction', () => {
    const graph = mergeTrace(graphOf(backwardFromA), forwardFromP);
    const at = layoutGraph(graph);
    const x = (id: string) => at.get(id)?.x ?? Number.NaN;
    expect(x('C')).toBe(x('P'));
    expect(x('A')).toBeGreaterThanOrEqual(x('P') + NODE_WIDTH);
    expect(x('B')).toBe(x('A'));
    expect(at.get('A')?.y).not.toBe(at.get('B')?.y);
  });

  it('lays out the same graph the same way whatever order it was merged in', () => {
    const one = layoutGraph(mergeTrace(graphOf(backwardFromA), forwardFromP));
    const other = layoutGraph(mergeTrace(graphOf(forwardFromP), backwardFromA));
    expect([...other].sort()).toEqual([...one].sort());
  });
});
