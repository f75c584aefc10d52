// The shift report and the daily production report as spreadsheets: the
// report's facts, then one sheet per section, numbers as numbers.
import type { DailyLineReport, DailyReport, FinishedLot, WorkedOrder } from './daily-report.js';
import type { ReportText } from './i18n.js';
import type { ScrapByReason } from './scrap.js';
import type { DowntimeByReason, ShiftReport } from './shift-report.js';
import type { Figures } from './totals.js';
import {
  addFactsSheet,
  addTableSheet,
  type Column,
  minutesOf,
  newWorkbook,
  plantTime,
  workbookBuffer,
} from './xlsx.js';

/** A row of figures: a line's (or a shift's, or the plant's). */
interface FigureRow {
  line: string;
  name: string;
  shift?: string;
  from?: number;
  to?: number;
  figures: Omit<Figures, 'pruMs'> | null;
}

const orNull = (n: number | undefined) => (n === undefined || !Number.isFinite(n) ? null : n);

function figureColumns(text: ReportText, shiftColumns: boolean): Column<FigureRow>[] {
  const tz = text.timeZone;
  const of = (get: (f: Omit<Figures, 'pruMs'>) => number | undefined) => (r: FigureRow) =>
    r.figures ? orNull(get(r.figures)) : null;
  return [
    { header: text.t('figures.line'), width: 10, value: (r) => r.line },
    { header: text.t('columns.lineName'), width: 28, value: (r) => r.name },
    ...(shiftColumns
      ? ([
          { header: text.t('columns.shift'), width: 8, value: (r) => r.shift ?? null },
          {
            header: text.t('columns.from'),
            width: 17,
            format: 'dateTime',
            value: (r) => (r.from === undefined ? null : plantTime(r.from, tz)),
          },
          {
            header: text.t('columns.to'),
            width: 17,
            format: 'dateTime',
            value: (r) => (r.to === undefined ? null : plantTime(r.to, tz)),
          },
        ] satisfies Column<FigureRow>[])
      : []),
    {
      header: text.t('figures.plannedMinutes'),
      width: 14,
      format: 'minutes',
      value: of((f) => minutesOf(f.times.pbt)),
    },
    {
      header: text.t('figures.runMinutes'),
      width: 14,
      format: 'minutes',
      value: of((f) => minutesOf(f.times.apt)),
    },
    {
      header: text.t('figures.good'),
      width: 12,
      format: 'integer',
      value: of((f) => f.quantities.good),
    },
    {
      header: text.t('figures.scrap'),
      width: 12,
      format: 'integer',
      value: of((f) => f.quantities.scrap),
    },
    {
      header: text.t('figures.produced'),
      width: 12,
      format: 'integer',
      value: of((f) => f.quantities.produced),
    },
    {
      header: text.t('figures.availability'),
      width: 14,
      format: 'percent',
      value: of((f) => f.kpis.availability),
    },
    {
      header: text.t('figures.performance'),
      width: 14,
      format: 'percent',
      value: of((f) => f.kpis.effectiveness),
    },
    {
      header: text.t('figures.quality'),
      width: 12,
      format: 'percent',
      value: of((f) => f.kpis.qualityRatio),
    },
    { header: text.t('figures.oee'), width: 10, format: 'percent', value: of((f) => f.kpis.oee) },
  ];
}

interface ReasonRow<E> {
  line: string;
  entry: E;
}

function scrapColumns(text: ReportText): Column<ReasonRow<ScrapByReason>>[] {
  return [
    { header: text.t('figures.line'), width: 10, value: (r) => r.line },
    { header: text.t('columns.reasonCode'), width: 22, value: (r) => r.entry.reason },
    {
      header: text.t('columns.reason'),
      width: 40,
      value: (r) => (r.entry.reason === null ? text.t('shift.unclassifiedScrap') : r.entry.name),
    },
    {
      header: text.t('columns.quantity'),
      width: 12,
      format: 'integer',
      value: (r) => r.entry.quantity,
    },
  ];
}

function downtimeColumns(text: ReportText): Column<ReasonRow<DowntimeByReason>>[] {
  return [
    { header: text.t('figures.line'), width: 10, value: (r) => r.line },
    { header: text.t('columns.reasonCode'), width: 22, value: (r) => r.entry.reason },
    {
      header: text.t('columns.reason'),
      width: 40,
      value: (r) => (r.entry.reason === null ? text.t('shift.noReason') : r.entry.name),
    },
    {
      header: text.t('columns.category'),
      width: 14,
      value: (r) => (r.entry.category ? text.label('downtimeCategory', r.entry.category) : null),
    },
    {
      header: text.t('columns.minutes'),
      width: 12,
      format: 'minutes',
      value: (r) => minutesOf(r.entry.durationMs),
    },
    { header: text.t('columns.stops'), width: 10, format: 'integer', value: (r) => r.entry.count },
    { header: text.t('columns.share'), width: 10, format: 'percent', value: (r) => r.entry.share },
  ];
}

export async function shiftReportXlsx(report: ShiftReport, text: ReportText): Promise<Buffer> {
  const name = text.t('shift.title');
  const workbook = newWorkbook(`${name} ${report.date} ${report.shift.code}`, report.generatedAt);
  addFactsSheet(workbook, text.t('sheets.report'), [
    [text.t('facts.report'), name],
    [text.t('facts.site'), report.site.name],
    [text.t('facts.date'), report.date],
    [text.t('columns.shift'), `${report.shift.code} — ${report.shift.name}`],
    [text.t('facts.generatedAt'), text.dateTime(report.generatedAt)],
    [text.t('facts.complete'), report.complete ? text.t('common.yes') : text.t('common.no')],
  ]);
  addTableSheet(
    workbook,
    text.t('sheets.summary'),
    figureColumns(text, true),
    report.lines.map((l) => ({
      line: l.line,
      name: l.lineName,
      shift: report.shift.code,
      from: l.window.from,
      to: l.window.to,
      figures: l.figures,
    })),
    [{ line: text.t('common.plantTotal'), name: report.site.name, figures: report.totals }],
  );
  addTableSheet(
    workbook,
    text.t('sheets.scrap'),
    scrapColumns(text),
    report.lines.flatMap((l) => l.scrap.map((entry) => ({ line: l.line, entry }))),
  );
  addTableSheet(
    workbook,
    text.t('sheets.downtime'),
    downtimeColumns(text),
    report.lines.flatMap((l) => l.downtime.map((entry) => ({ line: l.line, entry }))),
  );
  return workbookBuffer(workbook);
}

function workOrderColumns(text: ReportText): Column<WorkedOrder>[] {
  return [
    { header: text.t('columns.workOrder'), width: 14, value: (o) => o.number },
    { header: text.t('figures.line'), width: 8, value: (o) => o.line },
    { header: text.t('columns.product'), width: 16, value: (o) => o.product },
    {
      header: text.t('columns.state'),
      width: 14,
      value: (o) => text.label('workOrderState', o.state),
    },
    { header: text.t('columns.planned'), width: 12, format: 'integer', value: (o) => o.quantity },
    {
      header: text.t('columns.heldMinutes'),
      width: 14,
      format: 'minutes',
      value: (o) => minutesOf(o.heldMs),
    },
    { header: text.t('columns.goodToDate'), width: 14, format: 'integer', value: (o) => o.good },
    { header: text.t('columns.scrapToDate'), width: 14, format: 'integer', value: (o) => o.reject },
    {
      header: text.t('columns.recordedScrap'),
      width: 14,
      format: 'integer',
      value: (o) => o.recordedScrap,
    },
  ];
}

function lotColumns(text: ReportText): Column<FinishedLot>[] {
  return [
    { header: text.t('columns.lot'), width: 18, value: (l) => l.number },
    { header: text.t('columns.product'), width: 16, value: (l) => l.material },
    { header: text.t('figures.line'), width: 8, value: (l) => l.line },
    { header: text.t('columns.workOrder'), width: 14, value: (l) => l.workOrder },
    { header: text.t('columns.quantity'), width: 12, format: 'quantity', value: (l) => l.quantity },
    { header: text.t('columns.unit'), width: 8, value: (l) => text.unit(l.unit) },
    {
      header: text.t('columns.status'),
      width: 14,
      value: (l) => text.label('lotStatus', l.status),
    },
    {
      header: text.t('columns.finishedAt'),
      width: 17,
      format: 'dateTime',
      value: (l) => plantTime(l.finishedAt, text.timeZone),
    },
  ];
}

const lineRow = (l: DailyLineReport): FigureRow => ({
  line: l.line,
  name: l.lineName,
  figures: l.day,
});

export async function dailyReportXlsx(report: DailyReport, text: ReportText): Promise<Buffer> {
  const name = text.t('daily.title');
  const workbook = newWorkbook(`${name} ${report.date}`, report.generatedAt);
  addFactsSheet(workbook, text.t('sheets.report'), [
    [text.t('facts.report'), name],
    [text.t('facts.site'), report.site.name],
    [text.t('facts.date'), report.date],
    [text.t('facts.generatedAt'), text.dateTime(report.generatedAt)],
    [text.t('facts.complete'), report.complete ? text.t('common.yes') : text.t('common.no')],
  ]);
  addTableSheet(
    workbook,
    text.t('sheets.lines'),
    figureColumns(text, false),
    report.lines.map(lineRow),
    [{ line: text.t('common.plantTotal'), name: report.site.name, figures: report.totals }],
  );
  addTableSheet(
    workbook,
    text.t('sheets.shifts'),
    figureColumns(text, true),
    report.lines.flatMap((l) =>
      l.shifts.map((s) => ({
        line: l.line,
        name: l.lineName,
        shift: s.shift,
        from: s.window.from,
        to: s.window.to,
        figures: s,
      })),
    ),
  );
  addTableSheet(workbook, text.t('sheets.workOrders'), workOrderColumns(text), report.workOrders);
  addTableSheet(workbook, text.t('sheets.lots'), lotColumns(text), report.lots);
  return workbookBuffer(workbook);
}
