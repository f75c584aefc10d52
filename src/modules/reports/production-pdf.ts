// The shift report and the daily production report as PDF (A4, the ruled
// tables of core/pdf.ts), in the reader's language.
import { PDF_MARGIN, type PdfColumn, pdfTable, renderPdf } from '../../core/pdf.js';
import type { DailyReport } from './daily-report.js';
import type { ReportText } from './i18n.js';
import type { ShiftLineReport, ShiftReport } from './shift-report.js';
import type { Figures } from './totals.js';

type Doc = PDFKit.PDFDocument;

function title(doc: Doc, text: string) {
  doc.font('Helvetica-Bold').fontSize(16).text(text);
  doc.moveDown(0.2);
}

function heading(doc: Doc, text: string) {
  if (doc.y > doc.page.height - PDF_MARGIN - 80) doc.addPage();
  doc.font('Helvetica-Bold').fontSize(12).text(text, PDF_MARGIN);
  doc.moveDown(0.3);
}

function lines(doc: Doc, texts: readonly string[]) {
  doc.font('Helvetica').fontSize(10);
  for (const text of texts) doc.text(text);
  doc.moveDown(0.6);
}

/** The columns of a line's (or the plant's) figures: counts and the OEE factors. */
function figureColumns(text: ReportText, first: string): PdfColumn[] {
  return [
    { title: first, width: 58 },
    { title: text.t('figures.good'), width: 52, align: 'right' },
    { title: text.t('figures.scrap'), width: 50, align: 'right' },
    { title: text.t('figures.produced'), width: 58, align: 'right' },
    { title: text.t('figures.runMinutes'), width: 74, align: 'right' },
    { title: text.t('figures.availability'), width: 72, align: 'right' },
    { title: text.t('figures.performance'), width: 64, align: 'right' },
    { title: text.t('figures.quality'), width: 45, align: 'right' },
    { title: text.t('figures.oee'), width: 38, align: 'right' },
  ];
}

function figureCells(text: ReportText, first: string, figures: Omit<Figures, 'pruMs'>): string[] {
  return [
    first,
    text.integer(figures.quantities.good),
    text.integer(figures.quantities.scrap),
    text.integer(figures.quantities.produced),
    text.minutes(figures.times.apt),
    text.percent(figures.kpis.availability),
    text.percent(figures.kpis.effectiveness),
    text.percent(figures.kpis.qualityRatio),
    text.percent(figures.kpis.oee),
  ];
}

const span = (text: ReportText, from: number, to: number) =>
  `${text.time(from)} – ${text.time(to)}`;

export function shiftReportPdf(report: ShiftReport, text: ReportText): Promise<Buffer> {
  const name = text.t('shift.title');
  return renderPdf(`${name} ${report.date} ${report.shift.code}`, (doc) => {
    title(doc, name);
    lines(doc, [
      report.site.name,
      text.t('shift.subtitle', {
        shift: report.shift.code,
        name: report.shift.name,
        date: text.longDate(report.date),
        start: report.shift.start,
        end: report.shift.end,
      }),
      text.t('common.generatedAt', { at: text.dateTime(report.generatedAt) }),
      ...(report.complete ? [] : [text.t('common.inProgress')]),
      ...(report.notWorking.length > 0
        ? [text.t('shift.notWorking', { lines: report.notWorking.join(', ') })]
        : []),
    ]);

    heading(doc, text.t('shift.summary'));
    pdfTable(doc, figureColumns(text, text.t('figures.line')), [
      ...report.lines.map((l) => figureCells(text, l.line, l.figures)),
      figureCells(text, text.t('common.plantTotal'), report.totals),
    ]);
    lines(doc, [
      text.t('shift.totalsLine', {
        downtime: text.minutes(report.totals.downtimeMs),
        stops: text.integer(report.totals.stops),
        produced: text.integer(report.totals.quantities.produced),
      }),
    ]);

    for (const line of report.lines) shiftLine(doc, text, line);
    doc.font('Helvetica').fontSize(8).text(text.t('common.oeeNote'), PDF_MARGIN);
  });
}

function shiftLine(doc: Doc, text: ReportText, line: ShiftLineReport) {
  heading(doc, text.t('shift.lineHeading', { line: line.line, name: line.lineName }));
  const { times, quantities } = line.figures;
  lines(doc, [
    text.t('shift.lineFacts', {
      window: span(text, line.window.from, line.window.to),
      pbt: text.minutes(times.pbt),
      apt: text.minutes(times.apt),
      produced: text.integer(quantities.produced),
    }),
  ]);
  doc.font('Helvetica-Bold').fontSize(10).text(text.t('shift.scrapByReason'));
  doc.moveDown(0.2);
  pdfTable(
    doc,
    [
      { title: text.t('columns.reasonCode'), width: 130 },
      { title: text.t('columns.reason'), width: 260 },
      { title: text.t('columns.quantity'), width: 90, align: 'right' },
    ],
    line.scrap.map((s) => [
      s.reason ?? '—',
      s.reason === null ? text.t('shift.unclassifiedScrap') : (s.name ?? ''),
      text.integer(s.quantity),
    ]),
  );
  doc.font('Helvetica-Bold').fontSize(10).text(text.t('shift.downtimeByReason'));
  doc.moveDown(0.2);
  pdfTable(
    doc,
    [
      { title: text.t('columns.reasonCode'), width: 105 },
      { title: text.t('columns.reason'), width: 185 },
      { title: text.t('columns.category'), width: 75 },
      { title: text.t('columns.minutes'), width: 65, align: 'right' },
      { title: text.t('columns.stops'), width: 55, align: 'right' },
    ],
    line.downtime.map((d) => [
      d.reason ?? '—',
      d.reason === null ? text.t('shift.noReason') : (d.name ?? ''),
      d.category ? text.label('downtimeCategory', d.category) : '',
      text.minutes(d.durationMs),
      text.integer(d.count),
    ]),
  );
}

export function dailyReportPdf(report: DailyReport, text: ReportText): Promise<Buffer> {
  const name = text.t('daily.title');
  return renderPdf(`${name} ${report.date}`, (doc) => {
    title(doc, name);
    lines(doc, [
      report.site.name,
      text.longDate(report.date),
      text.t('common.generatedAt', { at: text.dateTime(report.generatedAt) }),
      ...(report.complete ? [] : [text.t('common.inProgress')]),
    ]);

    heading(doc, text.t('daily.byLine'));
    pdfTable(doc, figureColumns(text, text.t('figures.line')), [
      ...report.lines.map((l) =>
        l.day ? figureCells(text, l.line, l.day) : [l.line, text.t('daily.noShift')],
      ),
      figureCells(text, text.t('common.plantTotal'), report.totals),
    ]);

    heading(doc, text.t('daily.shifts'));
    pdfTable(
      doc,
      figureColumns(text, text.t('daily.lineAndShift')),
      report.lines.flatMap((l) =>
        l.shifts.map((s) => figureCells(text, `${l.line} · ${s.shift}`, s)),
      ),
    );

    heading(doc, text.t('daily.workOrders', { count: report.workOrders.length }));
    pdfTable(
      doc,
      [
        { title: text.t('columns.workOrder'), width: 78 },
        { title: text.t('figures.line'), width: 36 },
        { title: text.t('columns.product'), width: 66 },
        { title: text.t('columns.state'), width: 62 },
        { title: text.t('columns.planned'), width: 56, align: 'right' },
        { title: text.t('columns.heldMinutes'), width: 80, align: 'right' },
        { title: text.t('figures.good'), width: 56, align: 'right' },
        { title: text.t('figures.scrap'), width: 56, align: 'right' },
      ],
      report.workOrders.map((o) => [
        o.number,
        o.line,
        o.product,
        text.label('workOrderState', o.state),
        text.integer(o.quantity),
        text.minutes(o.heldMs),
        text.integer(o.good),
        text.integer(o.reject),
      ]),
    );
    doc.font('Helvetica').fontSize(8).text(text.t('daily.orderCountsNote'), PDF_MARGIN);
    doc.moveDown(0.6);

    heading(doc, text.t('daily.lots', { count: report.lots.length }));
    pdfTable(
      doc,
      [
        { title: text.t('columns.lot'), width: 82 },
        { title: text.t('columns.product'), width: 66 },
        { title: text.t('figures.line'), width: 36 },
        { title: text.t('columns.workOrder'), width: 78 },
        { title: text.t('columns.quantity'), width: 84, align: 'right' },
        { title: text.t('columns.status'), width: 70 },
        { title: text.t('columns.finishedAt'), width: 70 },
      ],
      report.lots.map((l) => [
        l.number,
        l.material,
        l.line ?? '—',
        l.workOrder ?? '—',
        `${text.quantity(l.quantity)} ${text.unit(l.unit)}`,
        text.label('lotStatus', l.status),
        text.time(l.finishedAt),
      ]),
    );
    doc.font('Helvetica').fontSize(8).text(text.t('common.oeeNote'), PDF_MARGIN);
  });
}
