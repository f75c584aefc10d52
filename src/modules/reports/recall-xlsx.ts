// The recall report as a spreadsheet: the recall's facts, the affected lots
// (one row each, with what of each is on hand and what was shipped), and
// where they are — stock by location, the containers holding them, and the
// shipments that took them — one row per place.
import type { RecallReport } from '../genealogy/index.js';
import type { ReportText } from './i18n.js';
import {
  addFactsSheet,
  addTableSheet,
  type Column,
  newWorkbook,
  plantTime,
  workbookBuffer,
} from './xlsx.js';

type AffectedLot = RecallReport['lots'][number] & { onHand: number; shipped: number };
type OnHand = RecallReport['onHand'][number];
type InContainer = RecallReport['inContainers'][number] & { unit: string };
type Shipped = RecallReport['shipped'][number] & { unit: string };

const total = (rows: readonly { lot: string; quantity: number }[], lot: string) =>
  rows.filter((r) => r.lot === lot).reduce((sum, r) => sum + r.quantity, 0);

export async function recallXlsx(report: RecallReport, text: ReportText): Promise<Buffer> {
  const title = text.t('recall.title', { recall: report.recall });
  const started = new Date(report.startedAt);
  const workbook = newWorkbook(title, started);
  addFactsSheet(workbook, text.t('sheets.recall'), [
    [text.t('facts.report'), title],
    [text.t('columns.suspectLot'), report.suspectLot],
    [text.t('columns.reason'), report.reason],
    [text.t('facts.startedAt'), plantTime(started, text.timeZone)],
    [text.t('facts.startedBy'), report.startedBy],
    [text.t('facts.heldLots'), report.totals.heldLots],
    [text.t('facts.onHand'), report.totals.onHand],
    [text.t('facts.shipped'), report.totals.shipped],
    [text.t('facts.customers'), report.totals.customers],
  ]);
  const unitOf = new Map(report.lots.map((l) => [l.lot, l.unit]));
  const yesNo = (value: boolean) => (value ? text.t('common.yes') : text.t('common.no'));

  const lotColumns: Column<AffectedLot>[] = [
    { header: text.t('columns.lot'), width: 18, value: (l) => l.lot },
    { header: text.t('columns.material'), width: 16, value: (l) => l.material },
    { header: text.t('columns.hops'), width: 8, format: 'integer', value: (l) => l.depth },
    {
      header: text.t('columns.statusBefore'),
      width: 16,
      value: (l) => text.label('lotStatus', l.statusBefore),
    },
    {
      header: text.t('columns.statusNow'),
      width: 16,
      value: (l) => text.label('lotStatus', l.status),
    },
    { header: text.t('columns.heldByRecall'), width: 14, value: (l) => yesNo(l.held) },
    { header: text.t('columns.onHand'), width: 14, format: 'quantity', value: (l) => l.onHand },
    { header: text.t('columns.shipped'), width: 14, format: 'quantity', value: (l) => l.shipped },
    { header: text.t('columns.unit'), width: 8, value: (l) => text.unit(l.unit) },
  ];
  addTableSheet(
    workbook,
    text.t('sheets.affectedLots'),
    lotColumns,
    report.lots.map((l) => ({
      ...l,
      onHand: total(report.onHand, l.lot),
      shipped: total(report.shipped, l.lot),
    })),
  );

  const onHandColumns: Column<OnHand>[] = [
    { header: text.t('columns.lot'), width: 18, value: (o) => o.lot },
    { header: text.t('columns.location'), width: 16, value: (o) => o.location },
    { header: text.t('columns.quantity'), width: 14, format: 'quantity', value: (o) => o.quantity },
    { header: text.t('columns.unit'), width: 8, value: (o) => text.unit(o.unit) },
  ];
  addTableSheet(workbook, text.t('sheets.onHand'), onHandColumns, report.onHand);

  const containerColumns: Column<InContainer>[] = [
    { header: text.t('columns.lot'), width: 18, value: (c) => c.lot },
    { header: text.t('columns.location'), width: 16, value: (c) => c.location },
    { header: text.t('columns.outerContainer'), width: 22, value: (c) => c.top },
    { header: text.t('columns.container'), width: 22, value: (c) => c.container },
    { header: text.t('columns.quantity'), width: 14, format: 'quantity', value: (c) => c.quantity },
    { header: text.t('columns.unit'), width: 8, value: (c) => text.unit(c.unit) },
  ];
  addTableSheet(
    workbook,
    text.t('sheets.inContainers'),
    containerColumns,
    report.inContainers.map((c) => ({ ...c, unit: unitOf.get(c.lot) ?? '' })),
  );

  const shippedColumns: Column<Shipped>[] = [
    { header: text.t('columns.lot'), width: 18, value: (s) => s.lot },
    { header: text.t('columns.customer'), width: 14, value: (s) => s.customer },
    { header: text.t('columns.shipment'), width: 14, value: (s) => s.shipment },
    { header: text.t('columns.container'), width: 22, value: (s) => s.container },
    { header: text.t('columns.quantity'), width: 14, format: 'quantity', value: (s) => s.quantity },
    { header: text.t('columns.unit'), width: 8, value: (s) => text.unit(s.unit) },
    {
      header: text.t('columns.shippedAt'),
      width: 17,
      format: 'dateTime',
      value: (s) => plantTime(new Date(s.at), text.timeZone),
    },
  ];
  addTableSheet(
    workbook,
    text.t('sheets.shipped'),
    shippedColumns,
    report.shipped.map((s) => ({ ...s, unit: unitOf.get(s.lot) ?? '' })),
  );
  return workbookBuffer(workbook);
}
