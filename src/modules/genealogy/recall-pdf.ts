// The recall report as a PDF for the file and for the authorities: A4, the
// recall's facts, then three tables — affected lots, stock on hand by
// location (loose and in containers), and what was shipped to whom.
import { renderPdf, pdfTable as table } from '../../core/pdf.js';
import type { RecallReport } from './recall.js';

const number = (n: number) => n.toLocaleString('en-US', { maximumFractionDigits: 6 });

export function recallPdf(report: RecallReport): Promise<Buffer> {
  return renderPdf(`Recall ${report.recall}`, (doc) => {
    doc.font('Helvetica-Bold').fontSize(16).text(`Recall ${report.recall}`);
    doc.moveDown(0.3);
    doc.font('Helvetica').fontSize(10);
    doc.text(`Suspect lot: ${report.suspectLot}`);
    doc.text(`Reason: ${report.reason}`);
    doc.text(`Started ${report.startedAt} by ${report.startedBy} (electronically signed)`);
    doc.text(
      `Lots put on hold: ${report.totals.heldLots} · on hand: ${number(report.totals.onHand)} · ` +
        `shipped: ${number(report.totals.shipped)} to ${report.totals.customers} customer(s)`,
    );
    doc.moveDown();
    const unitOf = new Map(report.lots.map((l) => [l.lot, l.unit]));

    doc.font('Helvetica-Bold').fontSize(12).text('Affected lots');
    doc.moveDown(0.3);
    table(
      doc,
      [
        { title: 'Lot', width: 130 },
        { title: 'Material', width: 110 },
        { title: 'Hops', width: 40, align: 'right' },
        { title: 'Status before', width: 90 },
        { title: 'Status now', width: 90 },
      ],
      report.lots.map((l) => [l.lot, l.material, String(l.depth), l.statusBefore, l.status]),
    );

    doc.font('Helvetica-Bold').fontSize(12).text('On hand in the plant');
    doc.moveDown(0.3);
    table(
      doc,
      [
        { title: 'Lot', width: 130 },
        { title: 'Location', width: 110 },
        { title: 'Container', width: 150 },
        { title: 'Quantity', width: 90, align: 'right' },
      ],
      [
        ...report.onHand.map((o) => [
          o.lot,
          o.location,
          'all of it, loose or packed',
          `${number(o.quantity)} ${o.unit}`,
        ]),
        ...report.inContainers.map((c) => [
          c.lot,
          c.location ?? '',
          c.top === c.container ? c.container : `${c.top} › ${c.container}`,
          `${number(c.quantity)} ${unitOf.get(c.lot) ?? ''}`,
        ]),
      ],
    );

    doc.font('Helvetica-Bold').fontSize(12).text('Shipped');
    doc.moveDown(0.3);
    table(
      doc,
      [
        { title: 'Lot', width: 120 },
        { title: 'Customer', width: 80 },
        { title: 'Shipment', width: 80 },
        { title: 'Container', width: 130 },
        { title: 'Quantity', width: 90, align: 'right' },
      ],
      report.shipped.map((s) => [
        s.lot,
        s.customer,
        s.shipment,
        s.container,
        `${number(s.quantity)} ${unitOf.get(s.lot) ?? ''}`,
      ]),
    );
  });
}
