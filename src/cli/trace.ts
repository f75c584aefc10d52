// `lotline trace`: a lot's (or a container's) genealogy as a tree on the
// terminal, or as the API's JSON. Backward: what it was made from, down to
// the suppliers' lots and certificates. Forward: what was made from it, and
// where each lot is now.
import type { Command } from 'commander';
import type { Store } from '../core/db/store.js';
import { invalid } from '../core/errors.js';
import { type Trace, traceContainer, traceLot } from '../modules/genealogy/index.js';

type TraceLot = Trace['lots'][number];
type TraceEdge = Trace['edges'][number];

const amount = (n: number) => n.toLocaleString('en-US', { maximumFractionDigits: 6 });
// UTC, said so: a trace crosses plants and time zones.
const when = (iso: string | null) => (iso ? `${iso.slice(0, 16).replace('T', ' ')}Z` : '…');

function describeLot(lot: TraceLot, direction: Trace['direction']): string {
  const parts = [lot.number, lot.material, lot.status];
  if (lot.origin === 'received') {
    parts.push(
      `supplier ${lot.supplier ?? '?'} lot ${lot.supplierLot ?? '?'}` +
        (lot.certificate ? ` cert ${lot.certificate}` : ''),
    );
  } else if (lot.workOrderNumber) {
    parts.push(
      `${lot.workOrderNumber} on ${lot.line ?? '?'}, ${amount(lot.quantity)} ${lot.unit} made`,
    );
  }
  if (direction === 'forward') {
    const where = [
      ...lot.onHand.map((o) => `${amount(o.quantity)} at ${o.location}`),
      ...lot.shipped.map((s) => `${amount(s.quantity)} shipped to ${s.customer} (${s.shipment})`),
    ];
    if (where.length > 0) parts.push(where.join(', '));
  }
  return parts.join('  ');
}

function describeEdge(edge: TraceEdge): string {
  const station = edge.station ? ` at ${edge.station}` : '';
  const open = edge.state === 'open' ? ' (still loaded)' : '';
  return `${amount(edge.quantity)} ${edge.unit}${station}, ${when(edge.from)} → ${when(edge.to)}${open}`;
}

/** The trace as an indented tree; a lot reached twice is written once and referred to after. */
export function formatTrace(trace: Trace): string {
  const byId = new Map<string, TraceLot>(trace.lots.map((l) => [l.id, l]));
  const other = (e: TraceEdge) => (trace.direction === 'backward' ? e.parent : e.child);
  // In the order the links began, then by lot number: the same trace always prints the same.
  const next = (id: string) =>
    trace.edges
      .filter((e) => (trace.direction === 'backward' ? e.child === id : e.parent === id))
      .sort(
        (a, b) =>
          a.from.localeCompare(b.from) ||
          (byId.get(other(a))?.number ?? '').localeCompare(byId.get(other(b))?.number ?? ''),
      );
  const lines: string[] = [];
  const written = new Set<string>();
  const visit = (
    id: string,
    prefix: string,
    edge: TraceEdge | undefined,
    last: boolean,
    root: boolean,
  ) => {
    const lot = byId.get(id);
    if (!lot) return;
    const branch = root ? '' : last ? '└─ ' : '├─ ';
    const via = edge ? `[${describeEdge(edge)}]  ` : '';
    if (written.has(id)) {
      lines.push(`${prefix}${branch}${via}${lot.number} (see above)`);
      return;
    }
    written.add(id);
    lines.push(`${prefix}${branch}${via}${describeLot(lot, trace.direction)}`);
    const children = next(id);
    const childPrefix = root ? prefix : `${prefix}${last ? '   ' : '│  '}`;
    children.forEach((e, i) => {
      visit(other(e), childPrefix, e, i === children.length - 1, false);
    });
  };
  const title = trace.direction === 'backward' ? 'Backward trace' : 'Forward trace';
  lines.push(`${title}: ${trace.lots.length} lot(s), ${trace.edges.length} link(s)`);
  for (const root of trace.roots) visit(root, '', undefined, true, true);
  return `${lines.join('\n')}\n`;
}

export function registerTraceCommand(
  program: Command,
  withStore: (work: (store: Store) => Promise<void>) => Promise<void>,
) {
  program
    .command('trace')
    .description(
      'trace a lot backward (what it was made from) or forward (what was made from it, and where it is)',
    )
    .argument(
      '<lot>',
      'a lot number, or with --container a crate or pallet SSCC or container serial',
    )
    .option('--forward', 'trace forward instead of backward')
    .option('--container', 'the argument is a container: trace back from every lot inside it')
    .option('--json', 'print the trace as JSON (as the API answers)')
    .action(
      async (key: string, options: { forward?: boolean; container?: boolean; json?: boolean }) => {
        if (options.container && options.forward) {
          throw invalid(
            'cli_container_traced_forward',
            'a container is traced backward, from the lots inside it; trace one of them --forward',
          );
        }
        await withStore(async (store) => {
          const trace = options.container
            ? await traceContainer(store.db, key)
            : await traceLot(store.db, key, options.forward ? 'forward' : 'backward');
          process.stdout.write(
            options.json ? `${JSON.stringify(trace, null, 2)}\n` : formatTrace(trace),
          );
        });
      },
    );
}
