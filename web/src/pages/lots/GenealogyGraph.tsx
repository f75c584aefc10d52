// The interactive genealogy graph: lots as boxes in layers (dagre), material
// flowing left to right, edges labelled with the quantity that went across.
// A lot is selected by a click, or by Tab and Enter (the details show beside
// the graph); its number opens its own page; its expand buttons merge in its
// trace in a direction not drawn yet. Loaded on demand: React Flow and dagre
// stay out of the pages that do not draw a graph.
import '@xyflow/react/dist/style.css';
import {
  Background,
  Controls,
  type Edge,
  Handle,
  MarkerType,
  type Node,
  type NodeChange,
  type NodeProps,
  Position,
  ReactFlow,
  ReactFlowProvider,
  useReactFlow,
} from '@xyflow/react';
import { useEffect, useMemo, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { TraceDirection, TraceLot } from '../../api/genealogy';
import { formatDateTime } from '../../format';
import { type GenealogyGraph, untraced } from './graph';
import { LotStatusBadge } from './LotStatusBadge';
import { formatQuantity, lotPath, statusLabel } from './labels';
import { layoutGraph, NODE_HEIGHT, NODE_WIDTH } from './layout';

export interface GenealogyGraphProps {
  graph: GenealogyGraph;
  selected: string | undefined;
  onSelect: (id: string) => void;
  onExpand: (lot: TraceLot, direction: TraceDirection) => void;
  /** The expansion being fetched, if any. */
  expanding: { id: string; direction: TraceDirection } | undefined;
}

type LotNodeData = {
  lot: TraceLot;
  root: boolean;
  expandable: TraceDirection[];
  expanding: TraceDirection | undefined;
  onExpand: (lot: TraceLot, direction: TraceDirection) => void;
};
type LotFlowNode = Node<LotNodeData, 'lot'>;

function LotNode({ data, selected }: NodeProps<LotFlowNode>) {
  const { t } = useTranslation();
  const { lot } = data;
  return (
    <div
      className={`lot-node lot-node--${lot.status}${data.root ? ' lot-node--root' : ''}${selected ? ' is-selected' : ''}`}
      data-testid={`graph-lot-${lot.number}`}
      data-root={data.root || undefined}
    >
      <Handle type="target" position={Position.Left} isConnectable={false} />
      <div className="lot-node__head">
        <Link className="lot-node__number nodrag" to={lotPath(lot.number)}>
          {lot.number}
        </Link>
        <LotStatusBadge status={lot.status} />
      </div>
      <div className="lot-node__material">
        <code className="code">{lot.material}</code>
        <span className="lot-node__quantity">{formatQuantity(lot.quantity, lot.unit)}</span>
      </div>
      {data.expandable.length > 0 && (
        <div className="lot-node__expand">
          {data.expandable.map((d) => (
            <button
              key={d}
              type="button"
              className="button button--small nodrag"
              disabled={data.expanding !== undefined}
              aria-label={t(`lots:graph.expandLabel.${d}`, { lot: lot.number })}
              data-testid={`expand-${d}-${lot.number}`}
              onClick={() => data.onExpand(lot, d)}
            >
              {d === 'backward' ? '◂ ' : ''}
              {data.expanding === d ? t('common:words.loading') : t(`lots:graph.expand.${d}`)}
              {d === 'forward' ? ' ▸' : ''}
            </button>
          ))}
        </div>
      )}
      <Handle type="source" position={Position.Right} isConnectable={false} />
    </div>
  );
}

const NODE_TYPES = { lot: LotNode };

/** The user asked the system for less motion: the view jumps instead of gliding. */
function prefersReducedMotion(): boolean {
  return window.matchMedia?.('(prefers-reduced-motion: reduce)').matches ?? false;
}

// A small graph is not blown up past its natural size.
const FIT = { padding: 0.12, maxZoom: 1 };

function edgeLabel(quantity: number, unit: string, station: string | null): string {
  return `${formatQuantity(quantity, unit)}${station ? ` · ${station}` : ''}`;
}

function Flow({ graph, selected, onSelect, onExpand, expanding }: GenealogyGraphProps) {
  const { t } = useTranslation();
  const ariaLabels = useMemo(
    () => ({
      'node.a11yDescription.default': t('lots:graph.a11y.node'),
      'node.a11yDescription.keyboardDisabled': t('lots:graph.a11y.node'),
      'edge.a11yDescription.default': t('lots:graph.a11y.edge'),
      'controls.ariaLabel': t('lots:graph.a11y.controls'),
      'controls.zoomIn.ariaLabel': t('lots:graph.a11y.zoomIn'),
      'controls.zoomOut.ariaLabel': t('lots:graph.a11y.zoomOut'),
      'controls.fitView.ariaLabel': t('lots:graph.a11y.fitView'),
      'controls.interactive.ariaLabel': t('lots:graph.a11y.interactive'),
      'handle.ariaLabel': t('lots:graph.a11y.handle'),
    }),
    [t],
  );
  const { fitView } = useReactFlow();
  const placed = useMemo(() => layoutGraph(graph), [graph]);
  const nodes = useMemo<LotFlowNode[]>(
    () =>
      [...graph.lots.values()].map((lot) => ({
        id: lot.id,
        type: 'lot',
        position: placed.get(lot.id) ?? { x: 0, y: 0 },
        width: NODE_WIDTH,
        height: NODE_HEIGHT,
        selected: lot.id === selected,
        ariaLabel: t('lots:graph.lotLabel', {
          lot: lot.number,
          material: lot.material,
          status: statusLabel(t, lot.status),
          quantity: formatQuantity(lot.quantity, lot.unit),
        }),
        data: {
          lot,
          root: lot.id === graph.root,
          expandable: untraced(graph, lot.id),
          expanding: expanding?.id === lot.id ? expanding.direction : undefined,
          onExpand,
        },
      })),
    [graph, placed, selected, expanding, onExpand, t],
  );
  const edges = useMemo<Edge[]>(() => {
    const numberOf = (id: string) => graph.lots.get(id)?.number ?? id;
    return [...graph.edges].map(([key, e]) => ({
      id: key,
      source: e.parent,
      target: e.child,
      label: edgeLabel(e.quantity, e.unit, e.station),
      ariaLabel: e.to
        ? t('lots:graph.edgeClosed', {
            parent: numberOf(e.parent),
            child: numberOf(e.child),
            label: edgeLabel(e.quantity, e.unit, e.station),
            from: formatDateTime(e.from),
            to: formatDateTime(e.to),
          })
        : t('lots:graph.edgeOpen', {
            parent: numberOf(e.parent),
            child: numberOf(e.child),
            label: edgeLabel(e.quantity, e.unit, e.station),
            from: formatDateTime(e.from),
          }),
      animated: e.state === 'open',
      className: `genealogy-edge genealogy-edge--${e.state}`,
      markerEnd: { type: MarkerType.ArrowClosed, width: 18, height: 18 },
      labelBgPadding: [6, 3] as [number, number],
      labelBgBorderRadius: 4,
    }));
  }, [graph, t]);

  // A grown graph is fitted to the frame again, so that what an expansion added
  // is in view. The first drawing is fitted by the fitView prop, at once: an
  // animation there would move every lot from under a click that comes early.
  const count = graph.lots.size;
  const fittedCount = useRef(count);
  useEffect(() => {
    if (count === fittedCount.current) return;
    fittedCount.current = count;
    void fitView({ ...FIT, duration: prefersReducedMotion() ? 0 : 250 });
  }, [count, fitView]);

  function onNodesChange(changes: NodeChange<LotFlowNode>[]) {
    for (const change of changes) {
      if (change.type === 'select' && change.selected) onSelect(change.id);
    }
  }

  return (
    <ReactFlow<LotFlowNode>
      nodes={nodes}
      edges={edges}
      nodeTypes={NODE_TYPES}
      onNodesChange={onNodesChange}
      nodesDraggable={false}
      nodesConnectable={false}
      edgesFocusable={false}
      zoomOnDoubleClick={false}
      deleteKeyCode={null}
      fitView
      fitViewOptions={FIT}
      minZoom={0.2}
      maxZoom={1.5}
      // React Flow's own words for screen readers, in the page's language.
      ariaLabelConfig={ariaLabels}
    >
      <Background gap={24} size={1} />
      <Controls showInteractive={false} />
    </ReactFlow>
  );
}

/** The graph in its frame; the default export, for React.lazy. */
export default function GenealogyGraphView(props: GenealogyGraphProps) {
  return (
    <div className="genealogy-graph" data-testid="genealogy-graph">
      <ReactFlowProvider>
        <Flow {...props} />
      </ReactFlowProvider>
    </div>
  );
}
