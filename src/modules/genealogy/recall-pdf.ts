// The recall report as a PDF for the file and for the authorities: A4, the
// recall's facts, then three tables — affected lots, stock on hand by
// location (loose and in containers), and what was shipped to whom. In
// English (the default) or Spanish, the words from the report catalogues
// (reports/i18n.ts), numbers and times in the language's locale.

import type { Languages } from '../../core/i18n/languages.js';
import { renderPdf, pdfTable as table } from '../../core/pdf.js';
import { type ReportLanguage, reportText } from '../reports/i18n.js';
import type { RecallReport } from './recall.js';

export interface RecallPdfOptions {
  language?: ReportLanguage;
  /** The plant's time zone, in which the recall's time is read. */
  timeZone?: string;
  /** The languages it may be printed in; the app's own when unset. */
  languages?: Languages;
}

export function recallPdf(report: RecallReport, options: RecallPdfOptions = {}): Promise<Buffer> {
  const text = reportText(options.language ?? 'en', options.timeZone ?? 'UTC', options.languages);
  const number = (n: number) => text.quantity(n);
  const title = text.t('recall.title', { recall: report.recall });
  return renderPdf(title, (doc) => {
    doc.font('Helvetica-Bold').fontSize(16).text(title);
    doc.moveDown(0.3);
    doc.font('Helvetica').fontSize(10);
    doc.text(text.t('recall.suspectLot', { lot: report.suspectLot }));
    doc.text(text.t('recall.reason', { reason: report.reason }));
    doc.text(
      text.t('recall.started', { at: text.dateTime(report.startedAt), by: report.startedBy }),
    );
    doc.text(
      text.t('recall.totals', {
        held: text.integer(report.totals.heldLots),
        onHand: number(report.totals.onHand),
        shipped: number(report.totals.shipped),
        count: report.totals.customers,
      }),
    );
    doc.moveDown();
    const unitOf = new Map(report.lots.map((l) => [l.lot, l.unit]));
    const unit = (lot: string) => text.unit(unitOf.get(lot) ?? '');

    doc.font('Helvetica-Bold').fontSize(12).text(text.t('recall.affectedLots'));
    doc.moveDown(0.3);
    table(
      doc,
      [
        { title: text.t('columns.lot'), width: 130 },
        { title: text.t('columns.material'), width: 110 },
        { title: text.t('columns.hops'), width: 40, align: 'right' },
        { title: text.t('columns.statusBefore'), width: 90 },
        { title: text.t('columns.statusNow'), width: 90 },
      ],
      report.lots.map((l) => [
        l.lot,
        l.material,
        text.integer(l.depth),
        text.label('lotStatus', l.statusBefore),
        text.label('lotStatus', l.status),
      ]),
    );

    doc.font('Helvetica-Bold').fontSize(12).text(text.t('recall.onHand'));
    doc.moveDown(0.3);
    table(
      doc,
      [
        { title: text.t('columns.lot'), width: 130 },
        { title: text.t('columns.location'), width: 110 },
        { title: text.t('columns.container'), width: 150 },
        { title: text.t('columns.quantity'), width: 90, align: 'right' },
      ],
      [
        ...report.onHand.map((o) => [
          o.lot,
          o.location,
          text.t('recall.allOfIt'),
          `${number(o.quantity)} ${text.unit(o.unit)}`,
        ]),
        ...report.inContainers.map((c) => [
          c.lot,
          c.location ?? '',
          c.top === c.container ? c.container : `${c.top} › ${c.container}`,
          `${number(c.quantity)} ${unit(c.lot)}`,
        ]),
      ],
    );

    doc.font('Helvetica-Bold').fontSize(12).text(text.t('recall.shipped'));
    doc.moveDown(0.3);
    table(
      doc,
      [
        { title: text.t('columns.lot'), width: 120 },
        { title: text.t('columns.customer'), width: 80 },
        { title: text.t('columns.shipment'), width: 80 },
        { title: text.t('columns.container'), width: 130 },
        { title: text.t('columns.quantity'), width: 90, align: 'right' },
      ],
      report.shipped.map((s) => [
        s.lot,
        s.customer,
        s.shipment,
        s.container,
        `${number(s.quantity)} ${unit(s.lot)}`,
      ]),
    );
  });
}
