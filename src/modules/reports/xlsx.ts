// Spreadsheets people compute with: one sheet per section, a header row that
// stays in view (frozen) with a filter on it, numbers stored as numbers with
// number formats (Excel shows them with the reader's own separators), ratios
// as fractions formatted as percentages, and times as the plant's wall clock.
import ExcelJS from 'exceljs';

export type CellValue = string | number | Date | boolean | null;

/** How a column's numbers are shown; the stored value is the number itself. */
export type ColumnFormat = 'text' | 'integer' | 'quantity' | 'percent' | 'minutes' | 'dateTime';

export interface Column<Row> {
  header: string;
  /** Characters. */
  width: number;
  format?: ColumnFormat;
  value: (row: Row) => CellValue | undefined;
}

const NUMBER_FORMATS: Record<Exclude<ColumnFormat, 'text' | 'quantity'>, string> = {
  integer: '#,##0',
  percent: '0.0%',
  minutes: '#,##0.0',
  dateTime: 'yyyy-mm-dd hh:mm',
};

const MS_PER_MINUTE = 60_000;

/** Milliseconds as minutes, the unit the reports' time columns are in. */
export const minutesOf = (ms: number) => ms / MS_PER_MINUTE;

// Excel keeps no time zone: a time is written as the plant's wall clock.
const wallClock = (() => {
  const formats = new Map<string, Intl.DateTimeFormat>();
  return (at: Date | number, timeZone: string): Date => {
    let format = formats.get(timeZone);
    if (!format) {
      format = new Intl.DateTimeFormat('en-US', {
        timeZone,
        hourCycle: 'h23',
        year: 'numeric',
        month: 'numeric',
        day: 'numeric',
        hour: 'numeric',
        minute: 'numeric',
        second: 'numeric',
      });
      formats.set(timeZone, format);
    }
    const part: Record<string, number> = {};
    for (const p of format.formatToParts(new Date(at))) {
      if (p.type !== 'literal') part[p.type] = Number(p.value);
    }
    return new Date(
      Date.UTC(
        part.year ?? 1970,
        (part.month ?? 1) - 1,
        part.day ?? 1,
        part.hour ?? 0,
        part.minute ?? 0,
        part.second ?? 0,
      ),
    );
  };
})();

/** An instant as the wall-clock time of the plant, for a dateTime column. */
export const plantTime = (at: Date | number, timeZone: string): Date => wallClock(at, timeZone);

// Sheet names: at most 31 characters, none of : \ / ? * [ ].
const sheetName = (name: string) => name.replace(/[:\\/?*[\]]/g, ' ').slice(0, 31);

export function newWorkbook(title: string, created: Date): ExcelJS.Workbook {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'Lotline';
  workbook.title = title;
  workbook.created = created;
  workbook.modified = created;
  return workbook;
}

/** A sheet of the report's facts: one label and its value a row. */
export function addFactsSheet(
  workbook: ExcelJS.Workbook,
  name: string,
  facts: readonly (readonly [string, CellValue])[],
) {
  const sheet = workbook.addWorksheet(sheetName(name));
  sheet.columns = [{ width: 28 }, { width: 60 }];
  for (const [label, value] of facts) {
    const row = sheet.addRow([label, value]);
    row.getCell(1).font = { bold: true };
    if (value instanceof Date) row.getCell(2).numFmt = NUMBER_FORMATS.dateTime;
    row.getCell(2).alignment = { horizontal: 'left' };
  }
}

/**
 * A sheet of one section: the header row frozen and filtered, a row per item,
 * and optional total rows in bold below them.
 */
export function addTableSheet<Row>(
  workbook: ExcelJS.Workbook,
  name: string,
  columns: readonly Column<Row>[],
  rows: readonly Row[],
  totals: readonly Row[] = [],
): ExcelJS.Worksheet {
  const sheet = workbook.addWorksheet(sheetName(name), {
    views: [{ state: 'frozen', ySplit: 1 }],
  });
  const all = [...rows, ...totals];
  sheet.columns = columns.map((column) => {
    const format = numberFormat(column, all);
    return {
      header: column.header,
      width: column.width,
      ...(format ? { style: { numFmt: format } } : {}),
    };
  });
  const header = sheet.getRow(1);
  header.font = { bold: true };
  header.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFE8EDF2' } };
  header.alignment = { vertical: 'middle', wrapText: true };
  for (const item of rows) sheet.addRow(columns.map((c) => c.value(item) ?? null));
  for (const item of totals) {
    sheet.addRow(columns.map((c) => c.value(item) ?? null)).font = { bold: true };
  }
  sheet.autoFilter = {
    from: { row: 1, column: 1 },
    to: { row: 1 + rows.length, column: columns.length },
  };
  return sheet;
}

// Quantities are whole units, or kilograms to the gram and finer.
function numberFormat<Row>(column: Column<Row>, rows: readonly Row[]): string | undefined {
  const format = column.format ?? 'text';
  if (format === 'text') return undefined;
  if (format !== 'quantity') return NUMBER_FORMATS[format];
  const whole = rows.every((row) => {
    const v = column.value(row);
    return typeof v !== 'number' || Number.isInteger(v);
  });
  return whole ? '#,##0' : '#,##0.000###';
}

export async function workbookBuffer(workbook: ExcelJS.Workbook): Promise<Buffer> {
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
