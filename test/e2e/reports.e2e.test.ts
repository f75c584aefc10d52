// The reports page in a real browser, in Spanish and in English. Machine data
// of line 1 for shift A of a recent weekday is stored first; a manager (a
// planner: production.read) picks the shift report of that day and line,
// downloads it as PDF and as XLSX, and reads them back: Spanish headings and
// es-VE numbers, and the cells as numbers. A second pass in English.
import { readFileSync } from 'node:fs';
import ExcelJS from 'exceljs';
import { extractText, getDocumentProxy } from 'unpdf';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { machineEvents } from '../../src/modules/telemetry/index.js';
import { signInAs } from '../support/auth.js';
import { machineEventRows } from '../support/machine-events.js';
import {
  openSignedInPage,
  type Served,
  type SignedInPage,
  serveReferencePlant,
} from './harness.js';

const POLL = { timeout: 15_000 };
const MIN = 60_000;
const HOLIDAYS = [
  '01-01',
  '04-19',
  '05-01',
  '06-24',
  '07-05',
  '07-24',
  '10-12',
  '12-24',
  '12-25',
  '12-31',
];

/** A weekday at least two days back that the reference calendar works (no holiday). */
function workedDayBefore(now: Date): string {
  for (let back = 2; back < 30; back++) {
    const day = new Date(now.getTime() - back * 86_400_000);
    const date = day.toISOString().slice(0, 10);
    const weekday = day.getUTCDay();
    if (weekday >= 1 && weekday <= 5 && !HOLIDAYS.includes(date.slice(5))) return date;
  }
  throw new Error('no worked day in the last month');
}

let served: Served;
let date: string;
const at = (hhmm: string) => new Date(`${date}T${hhmm}:00-04:00`);

beforeAll(async () => {
  served = await serveReferencePlant();
  await signInAs(served.app, served.store.db, 'pilar', ['planner']);
  date = workedDayBefore(new Date());
  // Line 1, shift A: all stations run 06:00–14:00, 70 good a minute at packing, 20 rejected.
  const row = machineEventRows('reports-e2e');
  const rows: ReturnType<typeof row>[] = [
    { ...row(at('06:00'), 'PK', 'Line/Product', 'C762-BALL', true), device: null },
  ];
  for (const s of ['CF', 'PR', 'CH', 'BS', 'CS', 'GA', 'PK']) {
    rows.push(row(at('06:00'), s, 'State', 'running', true));
    rows.push(row(at('06:00'), s, 'Counts/Good', 0, true));
    rows.push(row(at('06:00'), s, 'Counts/Reject', 0, true));
    rows.push(row(at('14:00'), s, 'State', 'idle'));
  }
  for (let t = at('06:00').getTime(); t < at('14:00').getTime(); t += MIN) {
    rows.push(
      row(new Date(t + MIN), 'PK', 'Counts/Good', ((t - at('06:00').getTime()) / MIN + 1) * 70),
    );
  }
  rows.push(row(at('13:00'), 'CF', 'Counts/Reject', 20));
  await served.store.db.insert(machineEvents).values(rows);
}, 120_000);

afterAll(async () => {
  await served?.close();
});

/** Picks the shift report of the day, line 1, shift A, in a format; answers the downloaded file. */
async function downloadShiftReport(signedIn: SignedInPage, format: 'pdf' | 'xlsx') {
  const { page } = signedIn;
  await page.getByTestId('report-kind').selectOption('shift');
  await page.getByTestId('report-date').fill(date);
  await page.getByTestId('report-line').selectOption('L1');
  await page.getByTestId('report-shift').selectOption('A');
  await page.getByTestId('report-format').selectOption(format);
  const [download] = await Promise.all([
    page.waitForEvent('download', POLL),
    page.getByTestId('report-download').click(),
  ]);
  return { name: download.suggestedFilename(), bytes: readFileSync(await download.path()) };
}

const pdfText = async (bytes: Buffer) =>
  (
    await extractText(await getDocumentProxy(new Uint8Array(bytes)), { mergePages: true })
  ).text.replace(/\s+/g, ' ');

describe('the reports page', () => {
  it('downloads the shift report in Spanish, as PDF and as a spreadsheet', async () => {
    const signedIn = await openSignedInPage(served, 'pilar', { language: 'es' });
    try {
      const { page } = signedIn;
      await page.goto('/reports');
      await page.getByRole('heading', { level: 1, name: 'Informes' }).waitFor(POLL);
      expect(await page.getByTestId('report-kind').textContent()).toContain('Informe de turno');
      expect(await page.getByTestId('report-download').textContent()).toBe('Descargar');
      const pdf = await downloadShiftReport(signedIn, 'pdf');
      expect(pdf.name).toBe(`informe-de-turno_${date}_A_L1.pdf`);
      const text = await pdfText(pdf.bytes);
      expect(text).toContain('Informe de turno');
      // 480 minutes × 70 = 33,600 good; OEE 33,600 / 84 / 480 = 83.3 %.
      expect(text).toContain('L1 33.600 20 33.620 480,0 100,0% 83,4% 99,9% 83,3%');
      expect(await page.getByTestId('report-saved').textContent()).toContain(pdf.name);

      const xlsx = await downloadShiftReport(signedIn, 'xlsx');
      expect(xlsx.name).toBe(`informe-de-turno_${date}_A_L1.xlsx`);
      const book = new ExcelJS.Workbook();
      await book.xlsx.load(xlsx.bytes as unknown as ArrayBuffer);
      const summary = book.getWorksheet('Resumen');
      expect(summary?.getCell('H2').value).toBe(33_600);
      expect(summary?.getCell('N2').value).toBeCloseTo(33_600 / 84 / 480, 12);

      // A refusal in the page, not a broken download: a day off.
      await page.getByTestId('report-date').fill('2026-01-01');
      await page.getByTestId('report-download').click();
      await page.getByTestId('report-error').waitFor(POLL);

      const body = (await page.locator('body').textContent()) ?? '';
      expect(body).not.toMatch(/\b[a-z]+:[a-zA-Z.]+\b/);
      expect(signedIn.pageErrors).toEqual([]);
    } finally {
      await signedIn.close();
    }
  });

  it('downloads it in English for a reader of English, and in Spanish when chosen', async () => {
    const signedIn = await openSignedInPage(served, 'pilar');
    try {
      const { page } = signedIn;
      await page.goto('/reports');
      await page.getByRole('heading', { level: 1, name: 'Reports' }).waitFor(POLL);
      const pdf = await downloadShiftReport(signedIn, 'pdf');
      expect(pdf.name).toBe(`shift-report_${date}_A_L1.pdf`);
      expect(await pdfText(pdf.bytes)).toContain(
        'L1 33,600 20 33,620 480.0 100.0% 83.4% 99.9% 83.3%',
      );
      await page.getByTestId('report-language').selectOption('es');
      const chosen = await downloadShiftReport(signedIn, 'pdf');
      expect(await pdfText(chosen.bytes)).toContain('Informe de turno');
      expect(signedIn.pageErrors).toEqual([]);
    } finally {
      await signedIn.close();
    }
  });
});
