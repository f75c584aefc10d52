// The shipment's papers as PDF, printed from the record signed at dispatch:
// the packing list (every container, its SSCC, what it holds, lot by lot)
// and the dangerous-goods declaration (per UN number: proper shipping name,
// class 1 with division and compatibility group, number and kind of
// packages, net explosive quantity; totals).
import { renderPdf, pdfTable as table } from '../../core/pdf.js';
import { describePackages } from './model.js';
import type { Shipment } from './orders.js';

const number = (n: number) => n.toLocaleString('en-US', { maximumFractionDigits: 6 });
const kg = (n: number) => `${n.toLocaleString('en-US', { maximumFractionDigits: 3 })} kg`;

function render(
  title: string,
  write: (doc: PDFKit.PDFDocument, fact: (label: string, value: string) => void) => void,
): Promise<Buffer> {
  return renderPdf(title, (doc) => {
    const fact = (label: string, value: string) => {
      doc.font('Helvetica-Bold').fontSize(10).text(`${label}: `, { continued: true });
      doc.font('Helvetica').text(value);
    };
    write(doc, fact);
  });
}

function parties(shipment: Shipment, fact: (label: string, value: string) => void) {
  fact('Shipment', shipment.shipment);
  fact('Order', shipment.order);
  fact('Shipper', `${shipment.shipper.name} (${shipment.shipper.code})`);
  fact(
    'Consignee',
    `${shipment.consignee.name} (${shipment.consignee.code})${shipment.consignee.country ? `, ${shipment.consignee.country}` : ''}`,
  );
  fact('Dispatched', shipment.dispatchedAt);
  if (shipment.carrier) fact('Carrier', shipment.carrier);
  if (shipment.vehicle) fact('Vehicle', shipment.vehicle);
}

function signedBy(doc: PDFKit.PDFDocument, shipment: Shipment, what: string) {
  const s = shipment.signature;
  doc.moveDown();
  doc.font('Helvetica-Bold').fontSize(12).text('Signature');
  doc
    .font('Helvetica')
    .fontSize(10)
    .text(
      s
        ? `${what} by ${s.displayName} (${s.username}) on ${s.signedAt}, electronically signed ` +
            `(meaning: ${s.meaning}; signature ${s.id}${s.valid ? '' : '; NO LONGER VALID: the record changed'}).`
        : `${what} by ${shipment.dispatchedBy}; the signature is missing.`,
    );
}

export function packingListPdf(shipment: Shipment): Promise<Buffer> {
  return render(`Packing list ${shipment.shipment}`, (doc, fact) => {
    doc.font('Helvetica-Bold').fontSize(18).text('Packing list');
    doc.moveDown(0.3);
    parties(shipment, fact);
    doc.moveDown();
    doc.font('Helvetica-Bold').fontSize(12).text('Containers');
    doc.moveDown(0.3);
    table(
      doc,
      [
        { title: 'Container', width: 130 },
        { title: 'SSCC', width: 110 },
        { title: 'Kind', width: 55 },
        { title: 'Product', width: 80 },
        { title: 'Lot', width: 85 },
        { title: 'Quantity', width: 55, align: 'right' },
      ],
      shipment.containers.flatMap((c) =>
        c.lots.map((l, i) => [
          i === 0 ? c.serial : '',
          i === 0 ? (c.sscc ?? '') : '',
          i === 0 ? c.kind : '',
          c.product,
          l.lot,
          number(l.quantity),
        ]),
      ),
    );
    doc.font('Helvetica-Bold').fontSize(12).text('Totals');
    doc.moveDown(0.3);
    doc.font('Helvetica').fontSize(10);
    for (const line of shipment.lines) {
      doc.text(
        `Line ${line.line}: ${line.product} (${line.name}): ${number(line.quantity)} ${line.unit} shipped of ${number(line.ordered)} ordered`,
      );
      for (const lot of line.lots) {
        doc.text(
          `Lot ${lot.lot}: ${number(lot.quantity)} ${line.unit}${lot.expiresOn ? `, expires ${lot.expiresOn}` : ''}`,
          { indent: 12 },
        );
      }
    }
    doc.text(`Containers: ${shipment.containers.length}`);
    signedBy(doc, shipment, 'Dispatched');
  });
}

export function dangerousGoodsPdf(shipment: Shipment): Promise<Buffer> {
  const dg = shipment.dangerousGoods;
  return render(`Dangerous goods declaration ${shipment.shipment}`, (doc, fact) => {
    doc.font('Helvetica-Bold').fontSize(18).text('Dangerous goods declaration');
    doc.font('Helvetica').fontSize(9).text('Class 1 — explosives');
    doc.moveDown(0.3);
    parties(shipment, fact);
    doc.moveDown();
    if (dg.entries.length === 0) {
      doc.font('Helvetica').fontSize(10).text('This shipment carries no dangerous goods.');
    }
    for (const entry of dg.entries) {
      // The description in the order the transport document gives it: UN number,
      // proper shipping name, class (division and compatibility group).
      doc
        .font('Helvetica-Bold')
        .fontSize(11)
        .text(`${entry.unNumber}, ${entry.properShippingName}, ${entry.classificationCode}`);
      doc.font('Helvetica').fontSize(10);
      doc.text(
        `Class ${entry.hazardClass}, hazard division ${entry.division}, compatibility group ${entry.compatibilityGroup}`,
        { indent: 12 },
      );
      doc.text(`Packages: ${entry.packageCount} — ${describePackages(entry.packages)}`, {
        indent: 12,
      });
      for (const m of entry.materials) {
        doc.text(
          `${m.material}: ${number(m.quantity)} ${m.unit}, net explosive quantity ${kg(m.netExplosiveKg)}`,
          { indent: 12 },
        );
      }
      doc.text(`Net explosive quantity: ${kg(entry.netExplosiveKg)}`, { indent: 12 });
      doc.moveDown(0.6);
    }
    doc.font('Helvetica-Bold').fontSize(12).text('Totals');
    doc.font('Helvetica').fontSize(10);
    doc.text(`Packages: ${dg.totals.packages}`);
    if (dg.totals.overpacks > 0) doc.text(`Overpacks used: ${dg.totals.overpacks} (pallets)`);
    doc.text(`Net explosive quantity: ${kg(dg.totals.netExplosiveKg)}`);
    doc.moveDown();
    doc
      .fontSize(9)
      .text(
        'I declare that the contents of this consignment are fully and accurately described above by the proper shipping name, ' +
          'and are classified, packaged, marked and labelled, and in all respects in proper condition for transport.',
      );
    signedBy(doc, shipment, 'Declared');
  });
}
