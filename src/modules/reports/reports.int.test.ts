// The printed reports over HTTP on a real database, from a Monday of the
// reference plant made through the API: machine data of lines 1 and 2 for
// the day, a work order on line 1 (06:00–14:00) with scrap recorded by
// reason, its lot inspected, released and partly shipped, and (last) a
// recall of the primer lot it was made from. Each report is read back — the text of
// the PDF, the cells of the XLSX — in Spanish and in English, and its numbers
// are held against the production module's own functions.
//
// Line 1, shift A (06:00–14:00, Caracas, UTC−4): the break 09:45–10:15 is a
// planned stop (PBT 450 min); the crimper is down 07:00–07:20 and packing
// starved behind it 07:02–07:21 (MECH-CS 18 min, 1 min without a reason);
// it runs 431 min at 70 good a minute: 30,170 good, 20 rejected at case
// feeding; PRU 60,000 / 84 ms. OEE = 30,170 / 84 / 450 = 79.8 %,
// availability 431 / 450 = 95.8 %. Operators recorded 12 dented cases and 3
// missing primers: 15 of the 20 rejects have a reason, 5 do not.
// Line 2, shift A: packing down 10:00–10:30 (MECH-PK, 30 min), 450 min run
// at 60 a minute: 27,000 good, 8 rejected at the gauge; PBT 480.
// Lines 3 and 4 work the same shifts and reported nothing: planned time
// without output (PBT 480 each), as the production pages count it.
// Plant, shift A: 57,170 good, 28 scrap, PBT 1,890, OEE 57,170 / 84 / 1,890 = 36.0 %.
import ExcelJS from 'exceljs';
import pino from 'pino';
import { extractText, getDocumentProxy } from 'unpdf';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Session, signedHeaders, signInAs } from '../../../test/support/auth.js';
import { createReferenceStore } from '../../../test/support/database.js';
import { machineEventRows } from '../../../test/support/machine-events.js';
import { buildApp } from '../../app.js';
import type { Store } from '../../core/db/store.js';
import type { App } from '../../core/http/server.js';
import { decide } from '../genealogy/index.js';
import { currentPlant, type PlantFile } from '../plant/index.js';
import {
  machineDowntimePareto,
  machineKpisByDay,
  machineKpisByShift,
  type ShiftKpiReport,
} from '../production/index.js';
import { machineEvents } from '../telemetry/index.js';

const MIN = 60_000;
const at = (hhmm: string, day = '2027-03-15') => new Date(`${day}T${hhmm}:00-04:00`);
let now = at('05:00');
const clock = () => new Date(now);
const GROUP = 'PLT-01';
const STATIONS = ['CF', 'PR', 'CH', 'BS', 'CS', 'GA', 'PK'];

let store: Store;
let app: App;
let plant: PlantFile;
let keeper: Session;
let operator: Session;
let planner: Session;
let inspector: Session;
let qa: Session & { password: string };
let viewer: Session;
let monitor: Session;
let outputLot: string;
let primerLot: string;
let recallNumber: string;

// biome-ignore lint/suspicious/noExplicitAny: response bodies, checked field by field by the assertions
type Json = { [key: string]: any };

async function ok(
  session: Session,
  method: 'GET' | 'POST' | 'PATCH',
  url: string,
  payload?: unknown,
  headers: Record<string, string> = session.headers,
): Promise<Json> {
  const response = await app.inject({
    method,
    url,
    headers,
    ...(payload !== undefined ? { payload: payload as Record<string, unknown> } : {}),
  });
  expect(response.statusCode, response.body).toBeLessThan(300);
  return response.json() as Json;
}

/** A ratio as a cell holds it: an undefined one (a zero denominator) is an empty cell. */
const cell = (ratio: number | undefined) => ratio ?? null;

const get = (url: string, session: Session = viewer) =>
  app.inject({ method: 'GET', url, headers: session.headers });

async function pdfText(url: string, session: Session = viewer): Promise<string> {
  const response = await get(url, session);
  expect(response.statusCode, response.body).toBe(200);
  expect(response.headers['content-type']).toBe('application/pdf');
  const pdf = await getDocumentProxy(new Uint8Array(response.rawPayload));
  const { text } = await extractText(pdf, { mergePages: true });
  // One space for every run of white space (a no-break space among them).
  return text.replace(/\s+/g, ' ');
}

async function workbook(url: string, session: Session = viewer): Promise<ExcelJS.Workbook> {
  const response = await get(url, session);
  expect(response.statusCode, response.body).toBe(200);
  expect(response.headers['content-type']).toBe(
    'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  );
  const book = new ExcelJS.Workbook();
  await book.xlsx.load(response.rawPayload as unknown as ArrayBuffer);
  return book;
}

/** A sheet's rows below its header, as arrays of cell values (column A first, an empty cell null). */
function rowsOf(book: ExcelJS.Workbook, name: string): unknown[][] {
  const sheet = book.getWorksheet(name);
  if (!sheet) throw new Error(`no sheet "${name}" (sheets: ${book.worksheets.map((w) => w.name)})`);
  const rows: unknown[][] = [];
  sheet.eachRow((row, number) => {
    if (number === 1) return;
    const values = row.values as unknown[];
    rows.push(Array.from({ length: sheet.columnCount }, (_, i) => values[i + 1] ?? null));
  });
  return rows;
}

function headerOf(book: ExcelJS.Workbook, name: string): unknown[] {
  const sheet = book.getWorksheet(name);
  if (!sheet) throw new Error(`no sheet "${name}"`);
  return (sheet.getRow(1).values as unknown[]).slice(1);
}

/** Machine data of a Monday of lines 1 and 2, as ingest stores it. */
async function machineData() {
  const lineOne = machineEventRows('reports-l1', 'L1');
  const lineTwo = machineEventRows('reports-l2', 'L2');
  const l1 = (hhmm: string, station: string, metric: string, value: string | number) =>
    lineOne(at(hhmm), station, metric, value);
  const l2 = (hhmm: string, station: string, metric: string, value: string | number) =>
    lineTwo(at(hhmm), station, metric, value);
  const rows = [];
  // Both lines born at 06:00 running C762-BALL (84 a minute rated), counters at 0.
  for (const row of [lineOne, lineTwo]) {
    rows.push({ ...row(at('06:00'), 'PK', 'Line/Product', 'C762-BALL', true), device: null });
    for (const s of STATIONS) {
      rows.push(row(at('06:00'), s, 'State', 'running', true));
      rows.push(row(at('06:00'), s, 'State/Reason', '', true));
      rows.push(row(at('06:00'), s, 'Counts/Good', 0, true));
      rows.push(row(at('06:00'), s, 'Counts/Reject', 0, true));
    }
  }
  // Line 1: the crimper down, the gauge and packing starved behind it, the break, idle from 15:00.
  rows.push(l1('07:00', 'CS', 'State', 'down'), l1('07:00', 'CS', 'State/Reason', 'MECH-CS'));
  rows.push(l1('07:01', 'GA', 'State', 'starved'), l1('07:02', 'PK', 'State', 'starved'));
  rows.push(l1('07:20', 'CS', 'State', 'running'), l1('07:20', 'CS', 'State/Reason', ''));
  rows.push(l1('07:20', 'GA', 'State', 'running'), l1('07:21', 'PK', 'State', 'running'));
  for (const s of STATIONS) {
    rows.push(l1('09:45', s, 'State', 'planned_stop'), l1('09:45', s, 'State/Reason', 'PLN-BREAK'));
    rows.push(l1('10:15', s, 'State', 'running'), l1('10:15', s, 'State/Reason', ''));
    rows.push(l1('15:00', s, 'State', 'idle'));
  }
  const minutes = (from: string, to: string) => {
    const list: number[] = [];
    for (let t = at(from).getTime(); t < at(to).getTime(); t += MIN) list.push(t);
    return list;
  };
  const within = (t: number, from: string, to: string) =>
    t >= at(from).getTime() && t < at(to).getTime();
  // Packing counts the good units of each minute it ran at the minute's end.
  let good = 0;
  for (const t of minutes('06:00', '15:00')) {
    if (within(t, '07:02', '07:21') || within(t, '09:45', '10:15')) continue;
    good += 70;
    rows.push(lineOne(new Date(t + MIN), 'PK', 'Counts/Good', good));
  }
  rows.push(l1('08:00', 'CF', 'Counts/Reject', 12), l1('13:30', 'CF', 'Counts/Reject', 20));
  // Line 2: packing down 10:00–10:30, idle from 14:00; 60 good a minute.
  rows.push(l2('10:00', 'PK', 'State', 'down'), l2('10:00', 'PK', 'State/Reason', 'MECH-PK'));
  rows.push(l2('10:30', 'PK', 'State', 'running'), l2('10:30', 'PK', 'State/Reason', ''));
  for (const s of STATIONS) rows.push(l2('14:00', s, 'State', 'idle'));
  good = 0;
  for (const t of minutes('06:00', '14:00')) {
    if (within(t, '10:00', '10:30')) continue;
    good += 60;
    rows.push(lineTwo(new Date(t + MIN), 'PK', 'Counts/Good', good));
  }
  rows.push(l2('12:00', 'GA', 'Counts/Reject', 8));
  await store.db.insert(machineEvents).values(rows);
}

/** Every line of an acceptance inspection recorded as conforming. */
async function recordConforming(inspection: Json) {
  for (const line of inspection.plan.lines as Json[]) {
    let result: Json;
    if (line.kind === 'attribute') result = { kind: 'attribute', nonconforming: 0 };
    else if (line.kind === 'variable') {
      result = {
        kind: 'variable',
        values: Array(line.sampleSize).fill(((line.lsl ?? 0) + (line.usl ?? 0)) / 2),
      };
    } else if (line.characteristic === 'VEL') {
      const rounds = Array.from({ length: 20 }, (_, i) => ({ value: 715 + (i % 2 ? -3 : 3) }));
      result = { kind: 'range', rounds };
    } else if (line.characteristic === 'DISP') {
      const rounds = Array.from({ length: 20 }, (_, i) => ({
        x: Math.cos(i) * 3,
        y: Math.sin(i) * 3,
      }));
      result = { kind: 'range', rounds };
    } else result = { kind: 'range', rounds: Array(line.sampleSize).fill({ failed: false }) };
    await ok(inspector, 'POST', `/api/quality/inspections/${inspection.number}/results`, {
      characteristic: line.characteristic,
      result,
    });
  }
}

beforeAll(async () => {
  store = await createReferenceStore();
  app = await buildApp({
    store,
    logger: pino({ level: 'silent' }),
    clock,
    authPolicy: {
      maxFailedAttempts: 5,
      lockoutMs: 60_000,
      sessionTtlMs: 30 * 86_400_000,
      sessionIdleMs: 30 * 86_400_000,
    },
  });
  await app.ready();
  plant = (await currentPlant(store.db)).plant;
  keeper = await signInAs(app, store.db, 'kira', ['storekeeper']);
  operator = await signInAs(app, store.db, 'omar', ['line_operator']);
  planner = await signInAs(app, store.db, 'paula', ['planner']);
  inspector = await signInAs(app, store.db, 'irene', ['qa_inspector']);
  qa = await signInAs(app, store.db, 'quintin', ['qa_manager']);
  viewer = await signInAs(app, store.db, 'valeria', ['viewer']);
  monitor = await signInAs(app, store.db, 'mon', ['monitor']);
  await machineData();

  // The primer lot line 1 is fed from, received and released.
  const primer = await ok(keeper, 'POST', '/api/genealogy/lots/receipts', {
    material: 'PRIMER-762',
    supplier: 'SUP-PRIMERS',
    supplierLot: 'PCI-REP-1',
    quantity: 40_000,
    location: 'MAG-04',
  });
  await decide({ db: store.db, clock }, primer.number, 'release', 'quintin');

  // The work order of the day on line 1, with scrap recorded by reason.
  const order = await ok(planner, 'POST', '/api/production/work-orders', {
    product: 'C762-BALL',
    line: 'L1',
    quantity: 32_000,
  });
  const command = async (session: Session, name: string, hhmm: string, body = {}) => {
    now = at(hhmm);
    await ok(session, 'POST', `/api/production/work-orders/${order.id}/${name}`, body);
  };
  await command(planner, 'release', '05:30');
  await command(operator, 'start', '06:00');
  await ok(operator, 'POST', `/api/genealogy/work-orders/${order.id}/feeders/load`, {
    station: 'PR',
    lot: primer.number,
  });
  await command(operator, 'scrap', '08:00', { quantity: 12, reason: 'SCR-DENTED-CASE' });
  await command(operator, 'scrap', '12:00', { quantity: 3, reason: 'SCR-NO-PRIMER' });
  await command(operator, 'complete', '14:00');
  const [made] = (await ok(viewer, 'GET', '/api/genealogy/lots?material=C762-BALL')) as Json[];
  outputLot = made?.number;

  // Inspected, released by QA's signature, two cans in a crate shipped.
  now = at('14:30');
  const inspection = await ok(inspector, 'POST', '/api/quality/inspections', { lot: outputLot });
  await recordConforming(inspection);
  const done = await ok(
    inspector,
    'POST',
    `/api/quality/inspections/${inspection.number}/complete`,
    {},
  );
  expect(done.state).toBe('accepted');
  now = at('15:00');
  await ok(
    qa,
    'POST',
    `/api/quality/lots/${outputLot}/disposition`,
    { decision: 'release' },
    signedHeaders(qa, qa.password),
  );
  now = at('15:10');
  const cans = (await ok(operator, 'POST', '/api/genealogy/handling-units', {
    kind: 'can',
    location: 'QUAR-01',
    material: 'CAN-660',
    count: 2,
  })) as unknown as Json[];
  const [crate] = (await ok(operator, 'POST', '/api/genealogy/handling-units', {
    kind: 'crate',
    location: 'QUAR-01',
    material: 'CRATE-1320',
  })) as unknown as Json[];
  for (const can of cans) {
    await ok(operator, 'POST', `/api/genealogy/handling-units/${can.serial}/pack`, {
      items: [{ lot: outputLot, quantity: 660 }],
    });
  }
  await ok(operator, 'POST', `/api/genealogy/handling-units/${crate?.serial}/pack`, {
    items: cans.map((c) => ({ unit: c.serial })),
  });
  now = at('15:20');
  await ok(keeper, 'POST', '/api/genealogy/shipments', {
    serials: [crate?.serial],
    customer: 'EJ-LOG',
    shipment: 'SH-REP-1',
  });
  primerLot = primer.number;

  // The reports are read the next morning.
  now = at('09:00', '2027-03-16');
});

afterAll(async () => {
  await app?.close();
  await store?.close();
});

/** The production module's figures for one shift of a line, as the production pages get them. */
async function shiftFigures(line: string, shift: 'A' | 'B'): Promise<ShiftKpiReport> {
  const [from, to] = shift === 'A' ? ['06:00', '14:00'] : ['14:00', '22:00'];
  const result = await machineKpisByShift(store.db, plant, {
    line,
    from: at(from),
    to: at(to),
    group: GROUP,
    now: new Date(now),
  });
  if (!result.ok) throw new Error(result.error.message);
  const report = result.value.find((r) => r.shift === shift);
  if (!report) throw new Error(`no shift ${shift}`);
  return report;
}

describe('the shift report', () => {
  it('prints shift A in Spanish, the signed-in user’s language, with es-VE numbers', async () => {
    const response = await get('/api/reports/shift?date=2027-03-15&shift=A');
    expect(response.headers['content-disposition']).toBe(
      'attachment; filename="informe-de-turno_2027-03-15_A.pdf"',
    );
    expect(response.headers['content-language']).toBe('es-VE');
    const text = await pdfText('/api/reports/shift?date=2027-03-15&shift=A');
    expect(text).toContain('Informe de turno');
    expect(text).toContain('Turno A (Turno de mañana) · lunes, 15 de marzo de 2027 · 06:00–14:00');
    expect(text).toContain('Resumen por línea');
    // Good, scrap, produced, run minutes, availability, performance, quality, OEE.
    expect(text).toContain('L1 30.170 20 30.190 431,0 95,8% 83,4% 99,9% 79,8%');
    expect(text).toContain('L2 27.000 8 27.008 450,0 93,8% 71,4% 100,0% 67,0%');
    expect(text).toContain('L3 0 0 0 0,0 0,0% — — 0,0%');
    expect(text).toContain('Total planta 57.170 28 57.198 881,0 46,6% 77,3% 100,0% 36,0%');
    expect(text).toContain('Línea L1 — Línea 1 — cartucho ordinario');
    expect(text).toContain('Merma por motivo');
    expect(text).toContain('SCR-DENTED-CASE Vaina abollada 12');
    expect(text).toContain('SCR-NO-PRIMER Fulminante ausente 3');
    expect(text).toContain('— Rechazos contados por las máquinas, sin motivo registrado 5');
    expect(text).toContain('Paradas por motivo');
    expect(text).toContain('PLN-BREAK Pausa de turno planificada 30,0 1');
    expect(text).toMatch(/MECH-CS Avería en [a-zá-ú ]+ no planificada 18,0 1/);
    expect(text).toContain('MECH-PK');
    expect(text).toContain('Planta: 57.198 unidades producidas; 79,0 min de parada en 4 paradas.');
    expect(text).not.toContain('Shift report');
    expect(text).not.toContain('En curso');
  });

  it('prints it in English with en-US numbers when asked, or for a user who reads English', async () => {
    const asked = await pdfText('/api/reports/shift?date=2027-03-15&shift=A&line=L1&language=en');
    expect(asked).toContain('Shift report');
    expect(asked).toContain('Shift A (Turno de mañana) · Monday, March 15, 2027 · 06:00–14:00');
    expect(asked).toContain('L1 30,170 20 30,190 431.0 95.8% 83.4% 99.9% 79.8%');
    expect(asked).toContain('Plant total 30,170 20 30,190 431.0 95.8% 83.4% 99.9% 79.8%');
    expect(asked).toContain('Line L1 — Línea 1 — cartucho ordinario 6:00 AM – 2:00 PM');
    expect(asked).toContain('Rejects counted by the machines, no reason recorded 5');
    expect(asked).toContain('PLN-BREAK Pausa de turno planned 30.0 1');
    expect(asked).not.toContain('Line L2');

    const reader = await signInAs(app, store.db, 'ellen', ['viewer']);
    await ok(reader, 'PATCH', '/api/auth/me', { language: 'en' });
    const own = await get('/api/reports/shift?date=2027-03-15&shift=A&line=L1', reader);
    expect(own.headers['content-language']).toBe('en-US');
    expect(own.headers['content-disposition']).toBe(
      'attachment; filename="shift-report_2027-03-15_A_L1.pdf"',
    );
  });

  it('gives the same figures as the production module in the spreadsheet, numbers as numbers', async () => {
    const book = await workbook('/api/reports/shift?date=2027-03-15&shift=A&format=xlsx');
    expect(book.worksheets.map((w) => w.name)).toEqual(['Informe', 'Resumen', 'Merma', 'Paradas']);
    const summary = book.getWorksheet('Resumen');
    expect(summary?.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    expect(headerOf(book, 'Resumen')).toEqual([
      'Línea',
      'Nombre de la línea',
      'Turno',
      'Desde',
      'Hasta',
      'Tiempo planificado (min)',
      'En marcha (min)',
      'Buenas',
      'Rechazos',
      'Producidas',
      'Disponibilidad',
      'Rendimiento',
      'Calidad',
      'OEE',
    ]);
    const rows = rowsOf(book, 'Resumen');
    for (const [i, line] of ['L1', 'L2'].entries()) {
      const f = await shiftFigures(line, 'A');
      expect(rows[i]).toEqual([
        line,
        plant.lines.find((l) => l.code === line)?.name,
        'A',
        new Date('2027-03-15T06:00:00Z'), // the plant's wall clock
        new Date('2027-03-15T14:00:00Z'),
        f.times.pbt / MIN,
        f.times.apt / MIN,
        f.quantities.good,
        f.quantities.scrap,
        f.quantities.produced,
        cell(f.kpis.availability),
        cell(f.kpis.effectiveness),
        cell(f.kpis.qualityRatio),
        cell(f.kpis.oee),
      ]);
    }
    expect(rows[0]?.slice(5, 10)).toEqual([450, 431, 30_170, 20, 30_190]);
    expect(rows[0]?.[13]).toBeCloseTo(30_170 / 84 / 450, 12);
    // The plant total, from the sums.
    expect(rows.map((r) => r[0])).toEqual(['L1', 'L2', 'L3', 'L4', 'Total planta']);
    expect(rows[4]?.slice(5, 10)).toEqual([1_890, 881, 57_170, 28, 57_198]);
    expect(rows[4]?.[10]).toBeCloseTo(881 / 1_890, 12);
    expect(rows[4]?.[13]).toBeCloseTo(57_170 / 84 / 1_890, 12);
    expect(summary?.getCell('N2').numFmt).toBe('0.0%');
    expect(summary?.getCell('H2').numFmt).toBe('#,##0');

    expect(rowsOf(book, 'Merma')).toEqual([
      ['L1', 'SCR-DENTED-CASE', 'Vaina abollada', 12],
      ['L1', 'SCR-NO-PRIMER', 'Fulminante ausente', 3],
      ['L1', null, 'Rechazos contados por las máquinas, sin motivo registrado', 5],
      ['L2', null, 'Rechazos contados por las máquinas, sin motivo registrado', 8],
    ]);

    const pareto = await machineDowntimePareto(store.db, plant, {
      line: 'L1',
      from: at('06:00'),
      to: at('14:00'),
      group: GROUP,
      now: new Date(now),
    });
    if (!pareto.ok) throw new Error(pareto.error.message);
    const downtime = rowsOf(book, 'Paradas');
    expect(downtime.filter((r) => r[0] === 'L1').map((r) => [r[1], r[4], r[5], r[6]])).toEqual(
      pareto.value.map((e) => [e.reason, e.durationMs / MIN, e.count, e.share]),
    );
    expect(downtime.map((r) => [r[0], r[1], r[3], r[4], r[5]])).toEqual([
      ['L1', 'PLN-BREAK', 'planificada', 30, 1],
      ['L1', 'MECH-CS', 'no planificada', 18, 1],
      ['L1', null, null, 1, 1],
      ['L2', 'MECH-PK', 'no planificada', 30, 1],
    ]);
  });

  it('writes the spreadsheet in English when asked', async () => {
    const book = await workbook(
      '/api/reports/shift?date=2027-03-15&shift=A&line=L2&format=xlsx&language=en',
    );
    expect(book.worksheets.map((w) => w.name)).toEqual(['Report', 'Summary', 'Scrap', 'Downtime']);
    expect(headerOf(book, 'Summary')[13]).toBe('OEE');
    const f = await shiftFigures('L2', 'A');
    const [l2, total] = rowsOf(book, 'Summary');
    expect(l2?.slice(7, 14)).toEqual([
      27_000,
      8,
      27_008,
      cell(f.kpis.availability),
      cell(f.kpis.effectiveness),
      cell(f.kpis.qualityRatio),
      cell(f.kpis.oee),
    ]);
    expect(total?.[0]).toBe('Plant total');
    expect(total?.[13]).toBeCloseTo(f.kpis.oee ?? Number.NaN, 12);
    expect(rowsOf(book, 'Downtime')).toEqual([
      ['L2', 'MECH-PK', expect.any(String), 'unplanned', 30, 1, 1],
    ]);
  });

  it('reports a shift still running up to now, and says so', async () => {
    const saved = now;
    now = at('10:00');
    try {
      const text = await pdfText('/api/reports/shift?date=2027-03-15&shift=A&line=L1');
      expect(text).toContain('En curso: las cifras llegan hasta la hora de emisión.');
      const book = await workbook('/api/reports/shift?date=2027-03-15&shift=A&line=L1&format=xlsx');
      const [l1] = rowsOf(book, 'Resumen');
      const f = await shiftFigures('L1', 'A');
      // 06:00–10:00: running 62 + 144 minutes.
      expect(l1?.[6]).toBe(206);
      expect(l1?.[13]).toBe(f.kpis.oee);
      expect(l1?.[4]).toEqual(new Date('2027-03-15T10:00:00Z'));
    } finally {
      now = saved;
    }
  });

  it('refuses what it cannot report, naming the field', async () => {
    const refusal = async (query: string, status: number, code: string, path: string) => {
      const response = await get(`/api/reports/shift?${query}`);
      expect(response.statusCode, response.body).toBe(status);
      const body = response.json();
      expect(body.code).toBe(code);
      expect(body.errors?.[0]?.path).toBe(path);
      return body;
    };
    const unknownShift = await refusal(
      'date=2027-03-15&shift=Z',
      400,
      'unknown_shift',
      'query.shift',
    );
    expect(unknownShift.detail).toMatch(/no line's calendar has a shift "Z" \(its shifts: A, B/);
    const unknownLine = await refusal(
      'date=2027-03-15&shift=A&line=L9',
      400,
      'unknown_line',
      'query.line',
    );
    expect(unknownLine.detail).toMatch(/the plant has no line "L9"/);
    await refusal('date=2027-02-30&shift=A', 400, 'request_invalid', 'query.date');
    await refusal('date=15/03/2027&shift=A', 400, 'request_invalid', 'query.date');
    await refusal('date=2027-03-13&shift=A', 400, 'shift_not_worked', 'query.date');
    await refusal('date=2027-04-01&shift=A', 400, 'date_in_future', 'query.date');
    await refusal('date=2027-03-15&shift=A&format=docx', 400, 'request_invalid', 'query.format');
    await refusal('date=2027-03-15&shift=A&language=fr', 400, 'request_invalid', 'query.language');
    const missing = await get('/api/reports/shift?date=2027-03-15');
    expect(missing.statusCode).toBe(400);
    expect(missing.json().errors[0].path).toBe('query.shift');

    const saved = now;
    now = at('10:00');
    try {
      await refusal('date=2027-03-15&shift=B', 400, 'shift_not_started', 'query.date');
    } finally {
      now = saved;
    }
  });

  it('needs production.read', async () => {
    expect((await get('/api/reports/shift?date=2027-03-15&shift=A', monitor)).statusCode).toBe(403);
    expect((await get('/api/reports/shift?date=2027-03-15&shift=A', operator)).statusCode).toBe(
      200,
    );
    const anonymous = await app.inject({
      method: 'GET',
      url: '/api/reports/shift?date=2027-03-15&shift=A',
    });
    expect(anonymous.statusCode).toBe(401);
  });
});

describe('the daily production report', () => {
  it('prints the day per line and shift, the work order worked and the lot finished, in Spanish', async () => {
    const response = await get('/api/reports/daily?date=2027-03-15&line=L1');
    expect(response.headers['content-disposition']).toBe(
      'attachment; filename="produccion-diaria_2027-03-15_L1.pdf"',
    );
    const text = await pdfText('/api/reports/daily?date=2027-03-15&line=L1');
    expect(text).toContain('Informe diario de producción');
    expect(text).toContain('lunes, 15 de marzo de 2027');
    // The day: 30,170 + 4,200 good; PBT 450 + 480; OEE 34,370 / 84 / 930 = 44.0 %.
    expect(text).toContain('L1 34.370 20 34.390 491,0 52,8% 83,4% 99,9% 44,0%');
    expect(text).toContain('L1 · A 30.170 20 30.190 431,0 95,8% 83,4% 99,9% 79,8%');
    expect(text).toContain('L1 · B 4.200 0 4.200 60,0 12,5% 83,3% 100,0% 10,4%');
    expect(text).toContain('Órdenes de trabajo ejecutadas (1)');
    // Held the line 480 minutes; the machines counted 30,170 good and 20 rejects while it did.
    expect(text).toMatch(/WO-\d+ L1 C762-BALL completada 32\.000 480,0 30\.170 20/);
    expect(text).toContain('Lotes terminados (1)');
    expect(text).toMatch(
      new RegExp(`${outputLot} C762-BALL L1 WO-\\d+ 30\\.170 unid\\. liberado 2:00 p\\. m\\.`),
    );
  });

  it('gives the production module’s day and shift figures in the spreadsheet', async () => {
    const book = await workbook('/api/reports/daily?date=2027-03-15&format=xlsx&language=en');
    expect(book.worksheets.map((w) => w.name)).toEqual([
      'Report',
      'Lines',
      'Shifts',
      'Work orders',
      'Lots finished',
    ]);
    const lines = rowsOf(book, 'Lines');
    const days = [];
    for (const line of plant.lines) {
      const result = await machineKpisByDay(store.db, plant, {
        line: line.code,
        from: at('06:00'),
        to: at('22:00'),
        group: GROUP,
        now: new Date(now),
      });
      if (!result.ok) throw new Error(result.error.message);
      const [day] = result.value;
      if (!day) throw new Error('no day');
      days.push(day);
      const row = lines.find((r) => r[0] === line.code);
      expect(row?.slice(2)).toEqual([
        day.times.pbt / MIN,
        day.times.apt / MIN,
        day.quantities.good,
        day.quantities.scrap,
        day.quantities.produced,
        cell(day.kpis.availability),
        cell(day.kpis.effectiveness),
        cell(day.kpis.qualityRatio),
        cell(day.kpis.oee),
      ]);
    }
    expect(lines.find((r) => r[0] === 'L1')?.[10]).toBeCloseTo(34_370 / 84 / 930, 12);
    // Lines 3 and 4 were planned and reported nothing: planned time with no output.
    expect(lines.find((r) => r[0] === 'L3')?.slice(2, 5)).toEqual([960, 0, 0]);
    const total = lines.at(-1);
    expect(total?.[0]).toBe('Plant total');
    const good = days.reduce((s, d) => s + d.quantities.good, 0);
    const pbt = days.reduce((s, d) => s + d.times.pbt, 0);
    expect(total?.[4]).toBe(good);
    expect(good).toBe(34_370 + 27_000);
    expect(total?.[10]).toBeCloseTo(good / 84 / (pbt / MIN), 12);

    const shifts = rowsOf(book, 'Shifts');
    expect(shifts.map((r) => [r[0], r[2]])).toEqual(
      plant.lines.flatMap((l) => [
        [l.code, 'A'],
        [l.code, 'B'],
      ]),
    );
    const l1a = await shiftFigures('L1', 'A');
    expect(shifts[0]?.slice(5)).toEqual([
      l1a.times.pbt / MIN,
      l1a.times.apt / MIN,
      l1a.quantities.good,
      l1a.quantities.scrap,
      l1a.quantities.produced,
      cell(l1a.kpis.availability),
      cell(l1a.kpis.effectiveness),
      cell(l1a.kpis.qualityRatio),
      cell(l1a.kpis.oee),
    ]);

    expect(rowsOf(book, 'Work orders')).toEqual([
      [expect.stringMatching(/^WO-/), 'L1', 'C762-BALL', 'completed', 32_000, 480, 30_170, 20, 15],
    ]);
    expect(rowsOf(book, 'Lots finished')).toEqual([
      [
        outputLot,
        'C762-BALL',
        'L1',
        expect.stringMatching(/^WO-/),
        30_170,
        'each',
        'released',
        new Date('2027-03-15T14:00:00Z'),
      ],
    ]);
    expect(book.getWorksheet('Lots finished')?.getCell('E2').numFmt).toBe('#,##0');
  });

  it('refuses a day that has not begun and a line the plant does not have', async () => {
    const future = await get('/api/reports/daily?date=2027-03-17');
    expect(future.statusCode).toBe(400);
    expect(future.json()).toMatchObject({
      code: 'date_in_future',
      errors: [{ path: 'query.date' }],
    });
    const line = await get('/api/reports/daily?date=2027-03-15&line=X1');
    expect(line.statusCode).toBe(400);
    expect(line.json()).toMatchObject({ code: 'unknown_line', errors: [{ path: 'query.line' }] });
  });
});

describe('the certificate of conformance', () => {
  it('is printed in the reader’s language', async () => {
    const url = `/api/reports/lots/${outputLot}/certificate`;
    const response = await get(url, inspector);
    expect(response.headers['content-disposition']).toBe(
      `attachment; filename="certificado-de-conformidad_${outputLot}.pdf"`,
    );
    const es = await pdfText(url, inspector);
    expect(es).toContain('Certificado de conformidad');
    expect(es).toContain(`Lote: ${outputLot}`);
    expect(es).toContain('Cantidad: 30.170 unid.');
    expect(es).toContain(
      'Especificación: SPEC-BALL-EJ — Cartucho ordinario 7,62x39 — especificación del Ejército, revisión C',
    );
    expect(es).toContain('Cliente: EJ-LOG');
    // A lot of 30,170 at level II: code letter M, n 315.
    expect(es).toContain('MAJ-VIS — Defectos mayores visuales: conforme');
    expect(es).toContain(
      'Plan: ISO 2859-1, inspección normal, nivel II, NCA 0,65: n 315, Ac 5, Re 6',
    );
    expect(es).toContain(
      'Resultado: 0 no conformes en 315 (Ac 5, Re 6, inspección normal, letra código M, NCA 0,65)',
    );
    expect(es).toContain(
      'Plan: ISO 2859-1, inspección normal, nivel II, NCA 0,065: n 200, Ac 0, Re 1',
    );
    expect(es).toContain('Plan: 20 disparos: media 695–735 m/s; desviación estándar máximo 10 m/s');
    expect(es).toContain('Resultado: 20 disparos: media 715 m/s (límites: 695–735 m/s)');
    expect(es).toContain('OAL — Longitud total: conforme');
    expect(es).toContain(
      'Resultado: 315 medidas, 0 fuera de 55,45–56 mm (media 55,725, mín. 55,725, máx. 55,725)',
    );
    expect(es).toContain('Inspección: IN-000001, completada el 15 mar. 2027, 2:30 p. m. por irene');
    // Signatures are timed by the server's own clock, not the test's.
    expect(es).toMatch(
      /Liberado por Test quintin \(quintin\) el \d{1,2} [a-z]+\. \d{4}, \d{1,2}:\d\d [ap]\. m\., con firma electrónica \(significado: liberado; firma [0-9a-f-]{36}\)\./,
    );
    expect(es).toContain('Certificamos que el lote arriba indicado');
    expect(es).not.toMatch(/conforms|Released by/);

    const en = await pdfText(`${url}?language=en`, inspector);
    expect(en).toContain('Certificate of conformance');
    expect(en).toContain('Quantity: 30,170 each');
    expect(en).toContain('VEL — Velocidad a 25 m: conforms');
    expect(en).toContain('Plan: ISO 2859-1 normal, level II, AQL 0.65: n 315, Ac 5, Re 6');
    expect(en).toContain('Result: 0 nonconforming in 315 (Ac 5, Re 6, normal, code M, AQL 0.65)');
    expect(en).toContain('Inspection: IN-000001, completed Mar 15, 2027, 2:30 PM by irene');
    expect(en).toMatch(/Released by Test quintin \(quintin\) on [A-Z][a-z]{2} \d{1,2}, \d{4}, /);
  });

  it('keeps the English certificate at the quality route, and Spanish on request', async () => {
    const en = await pdfText(`/api/quality/lots/${outputLot}/certificate.pdf`, inspector);
    expect(en).toContain('Certificate of conformance');
    const es = await pdfText(
      `/api/quality/lots/${outputLot}/certificate.pdf?language=es`,
      inspector,
    );
    expect(es).toContain('Certificado de conformidad');
  });

  it('needs quality.read, and a released lot', async () => {
    expect((await get(`/api/reports/lots/${outputLot}/certificate`, operator)).statusCode).toBe(
      403,
    );
    const unknown = await get('/api/reports/lots/LTL27C999-999/certificate', inspector);
    expect(unknown.statusCode).toBe(404);
  });
});

describe('the recall report', () => {
  beforeAll(async () => {
    // The supplier reports the primer lot the day's order was made from: a recall, signed.
    const saved = now;
    now = at('16:00');
    const recall = await ok(
      qa,
      'POST',
      '/api/genealogy/recalls',
      { lot: primerLot, reason: 'sensibilidad fuera de límites según el proveedor' },
      signedHeaders(qa, qa.password),
    );
    recallNumber = recall.number;
    now = saved;
  });

  it('is printed in Spanish and in English', async () => {
    const url = `/api/reports/recalls/${recallNumber}`;
    const es = await pdfText(url);
    expect(es).toContain(`Retiro de lotes ${recallNumber}`);
    expect(es).toContain('Motivo: sensibilidad fuera de límites según el proveedor');
    expect(es).toContain('Iniciado el 15 mar. 2027');
    // Primer: 40,000 less 30,205 consumed on the line (30,170 good, 20 rejects counted,
    // 15 recorded by the operators); the output: 30,170 less 1,320 shipped.
    expect(es).toContain(
      'Lotes retenidos: 2 · en existencia: 38.645 · despachado: 1.320 a 1 cliente',
    );
    expect(es).toContain('Lotes afectados');
    expect(es).toContain(`${outputLot} C762-BALL 1 liberado retenido`);
    expect(es).toContain('En existencia en la planta (almacenes y polvorines)');
    expect(es).toContain('LINESIDE-L1 todo, suelto o embalado 9.795 unid.');
    expect(es).toContain('Despachado');
    expect(es).toContain('EJ-LOG SH-REP-1');

    const en = await pdfText(`${url}?language=en`);
    expect(en).toContain(`Recall ${recallNumber}`);
    expect(en).toContain('Lots put on hold: 2 · on hand: 38,645 · shipped: 1,320 to 1 customer');
    expect(en).toContain(`${outputLot} C762-BALL 1 released on hold`);
    // The genealogy route keeps printing English.
    const old = await pdfText(`/api/genealogy/recalls/${recallNumber}/report.pdf`);
    expect(old).toContain('Lots put on hold: 2 · on hand: 38,645 · shipped: 1,320 to 1 customer');
  });

  it('lists the affected lots and where they are, one row each, in the spreadsheet', async () => {
    const { report } = await ok(viewer, 'GET', `/api/genealogy/recalls/${recallNumber}`);
    const response = await get(`/api/reports/recalls/${recallNumber}?format=xlsx`);
    expect(response.headers['content-disposition']).toBe(
      `attachment; filename="retiro_${recallNumber}.xlsx"`,
    );
    const book = await workbook(`/api/reports/recalls/${recallNumber}?format=xlsx`);
    expect(book.worksheets.map((w) => w.name)).toEqual([
      'Retiro',
      'Lotes afectados',
      'Existencias',
      'En contenedores',
      'Despachado',
    ]);
    const lots = rowsOf(book, 'Lotes afectados');
    expect(lots).toEqual(
      (report.lots as Json[]).map((l) => [
        l.lot,
        l.material,
        l.depth,
        'liberado',
        'retenido',
        'Sí',
        (report.onHand as Json[])
          .filter((o) => o.lot === l.lot)
          .reduce((s, o) => s + o.quantity, 0),
        (report.shipped as Json[])
          .filter((s) => s.lot === l.lot)
          .reduce((t, s) => t + s.quantity, 0),
        'unid.',
      ]),
    );
    expect(lots.map((r) => [r[6], r[7]])).toEqual([
      [9_795, 0],
      [28_850, 1_320],
    ]);
    expect(rowsOf(book, 'Existencias')).toEqual(
      (report.onHand as Json[]).map((o) => [o.lot, o.location, o.quantity, 'unid.']),
    );
    expect(rowsOf(book, 'En contenedores')).toEqual([]);
    const shipped = rowsOf(book, 'Despachado');
    expect(shipped).toEqual([
      [
        outputLot,
        'EJ-LOG',
        'SH-REP-1',
        (report.shipped as Json[])[0]?.container,
        1_320,
        'unid.',
        new Date('2027-03-15T15:20:00Z'),
      ],
    ]);
    expect(book.getWorksheet('Despachado')?.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
  });

  it('needs lots.read and a recall that exists', async () => {
    expect((await get(`/api/reports/recalls/${recallNumber}`, monitor)).statusCode).toBe(403);
    expect((await get('/api/reports/recalls/RC-99999')).statusCode).toBe(404);
    const bad = await get('/api/reports/recalls/99');
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors[0].path).toBe('params.number');
  });
});

describe('the report options', () => {
  it('lists the lines with their shifts and the plant’s date', async () => {
    const options = await ok(viewer, 'GET', '/api/reports/options');
    expect(options.today).toBe('2027-03-16');
    expect(options.languages).toEqual(['es', 'en']);
    expect(options.lines[0]).toEqual({
      code: 'L1',
      name: 'Línea 1 — cartucho ordinario',
      shifts: [
        { code: 'A', name: 'Turno de mañana', start: '06:00', end: '14:00' },
        { code: 'B', name: 'Turno de tarde', start: '14:00', end: '22:00' },
      ],
    });
  });
});
