// SPC over real data on a real database: charts from the gauging station's
// machine data (subgroups of consecutive cartridges, the Nelson alarm at the
// subgroup that broke out and its time, capability against the plant's
// specification limits, one product per chart), charts over lots from
// inspection results recorded through the inspection services, the alarms of
// a line over a lot's window, refusals that name the field, and the routes.
import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Session, signInAs } from '../../../test/support/auth.js';
import { createReferenceStore } from '../../../test/support/database.js';
import { buildApp } from '../../app.js';
import type { Store } from '../../core/db/store.js';
import { isLotlineError } from '../../core/errors.js';
import type { App } from '../../core/http/server.js';
import { receiveLot } from '../genealogy/index.js';
import { machineEvents } from '../telemetry/index.js';
import type { ResultData } from './inspection.js';
import { completeInspection, openInspection, recordResult } from './inspections.js';
import { inspections, results } from './schema.js';
import { gaugeChart, resultsChart, spcAlarmsDuring } from './spc-data.js';

let store: Store;
let now = new Date('2027-03-15T12:00:00Z');
const clock = () => new Date(now);

beforeAll(async () => {
  store = await createReferenceStore();
});

afterAll(async () => {
  await store.close();
});

let key = 0;
/** One machine_events row as ingest writes it. */
function event(
  t: Date,
  values: {
    node: string;
    device: string | null;
    metric: string;
    number?: number;
    text?: string;
    birth?: boolean;
    group?: string;
  },
) {
  key += 1;
  return {
    receivedAt: t,
    messageKey: `spc-test-${key}`,
    metricIndex: 0,
    messageType: values.device === null ? 'NDATA' : values.birth ? 'DBIRTH' : 'DDATA',
    groupId: values.group ?? 'PLT-01',
    node: values.node,
    device: values.device,
    metric: values.metric,
    datatype: values.text !== undefined ? 'String' : 'Double',
    valueNumber: values.number ?? null,
    valueText: values.text ?? null,
    birth: values.birth ?? false,
    metricAt: t,
  };
}

const second = (start: string, s: number) => new Date(new Date(start).getTime() + s * 1000);

/** The refusal's kind, code, field and message; fails when the work is not refused. */
async function refusal(work: Promise<unknown>) {
  try {
    await work;
  } catch (error) {
    if (!isLotlineError(error)) throw error;
    return {
      kind: error.kind,
      code: error.code,
      field: error.issues[0]?.path,
      message: error.issues[0]?.message,
    };
  }
  throw new Error('expected a refusal');
}

// ------------------------------------------------------------------ gauge ----

// L1's gauge (GA) measures OAL of every cartridge, one value a second from 08:00:00Z.
// Ten subgroups of five consecutive cartridges: subgroup i is b_i + (−0.05, −0.02, 0, +0.02,
// +0.05), so every range is 0.10 and subgroup i's mean is b_i. Subgroup 6 has shifted to 55.90.
const START = '2027-03-15T08:00:00Z';
const MEANS = [55.74, 55.76, 55.75, 55.74, 55.76, 55.75, 55.9, 55.74, 55.76, 55.75];
const SPREAD = [-0.05, -0.02, 0, 0.02, 0.05];
// x̄̄ = (3·55.74 + 3·55.76 + 3·55.75 + 55.90)/10 = 557.65/10 = 55.765; R̄ = 0.10.
// X̄ chart (n = 5: A2 = 0.577, D3 = 0, D4 = 2.114): 55.765 ± 0.577·0.10 = 55.7073 … 55.8227.
// Subgroup 6 at 55.90 is above the UCL (N1); the others lie within ±1.3σ_X̄ (σ_X̄ = 0.0577/3).
// R chart: 0 … 2.114·0.10 = 0.2114, every range on the centre line.
const OAL = MEANS.flatMap((mean) => SPREAD.map((d) => mean + d));

describe('a chart from the inline gauge', () => {
  beforeAll(async () => {
    await store.db.insert(machineEvents).values([
      ...OAL.map((value, i) =>
        event(second(START, i), { node: 'L1', device: 'GA', metric: 'Gauge/OAL', number: value }),
      ),
      // Three more cartridges: not a full subgroup of 5.
      ...[55.75, 55.76, 55.74].map((value, i) =>
        event(second(START, 50 + i), {
          node: 'L1',
          device: 'GA',
          metric: 'Gauge/OAL',
          number: value,
        }),
      ),
      // What the chart must not take: a birth's repeat of the last value, another station,
      // another metric, another Sparkplug group.
      event(second(START, 20.5), {
        node: 'L1',
        device: 'GA',
        metric: 'Gauge/OAL',
        number: 99,
        birth: true,
      }),
      event(second(START, 21.5), { node: 'L1', device: 'CS', metric: 'Gauge/OAL', number: 99 }),
      event(second(START, 22.5), { node: 'L1', device: 'GA', metric: 'Gauge/Mass', number: 16.3 }),
      event(second(START, 23.5), {
        node: 'L1',
        device: 'GA',
        metric: 'Gauge/OAL',
        number: 99,
        group: 'OTHER',
      }),
    ]);
  });

  const window = {
    line: 'L1',
    metric: 'Gauge/OAL',
    from: new Date(START),
    to: second(START, 3600),
  };

  it('draws X̄-R limits from subgroups of 5 consecutive cartridges and raises N1 at the subgroup that broke out', async () => {
    const chart = await gaugeChart(store.db, window);
    expect(chart).toMatchObject({
      line: 'L1',
      metric: 'Gauge/OAL',
      unit: 'mm',
      group: 'PLT-01',
      product: 'C762-BALL',
      kind: 'xbar-r',
      subgroupSize: 5,
      values: 50,
      dropped: 3,
      otherProducts: 0,
    });
    const c = chart.chart;
    expect(c?.kind).toBe('xbar-r');
    expect(c?.points).toHaveLength(10);
    expect(c?.centre).toBeCloseTo(55.765, 9);
    expect(c?.points[0]?.ucl).toBeCloseTo(55.8227, 9);
    expect(c?.points[0]?.lcl).toBeCloseTo(55.7073, 9);
    expect(c?.points.map((p) => p.value)).toEqual(MEANS.map((m) => expect.closeTo(m, 9)));
    expect(c?.secondary?.kind).toBe('r');
    expect(c?.secondary?.centre).toBeCloseTo(0.1, 9);
    expect(c?.secondary?.points[0]?.ucl).toBeCloseTo(0.2114, 9);
    expect(c?.secondary?.points[0]?.lcl).toBe(0);

    // One alarm: N1 above the UCL at subgroup 6, whose last cartridge (the 35th) was at 08:00:34.
    expect(chart.alarms).toEqual([
      {
        chart: 'primary',
        rule: 'N1',
        index: 6,
        at: '2027-03-15T08:00:34.000Z',
        points: [6],
        direction: 'above',
        run: 1,
        message: 'Point above the upper control limit (Nelson rule 1)',
      },
    ]);
  });

  it('labels each subgroup with its first and last cartridge and leaves off the incomplete last one', async () => {
    const chart = await gaugeChart(store.db, window);
    const points = chart.chart?.points ?? [];
    expect(points[0]).toMatchObject({
      index: 0,
      n: 5,
      from: '2027-03-15T08:00:00.000Z',
      at: '2027-03-15T08:00:04.000Z',
    });
    expect(points[9]).toMatchObject({
      from: '2027-03-15T08:00:45.000Z',
      at: '2027-03-15T08:00:49.000Z',
    });
    expect(chart.notes).toEqual([
      {
        code: 'incomplete_subgroup',
        params: { count: 3, size: 5 },
        text: 'the last 3 values do not fill a subgroup of 5 and are left off',
      },
    ]);

    // Subgroups of 4: 53 values make 13 subgroups, one value left off.
    const fours = await gaugeChart(store.db, { ...window, subgroupSize: 4 });
    expect(fours).toMatchObject({ subgroupSize: 4, values: 52, dropped: 1 });
    expect(fours.notes.map((n) => [n.code, n.params])).toEqual([
      ['incomplete_subgroup', { count: 1, size: 4 }],
    ]);
    expect(fours.chart?.points[1]).toMatchObject({
      from: '2027-03-15T08:00:04.000Z',
      at: '2027-03-15T08:00:07.000Z',
    });

    // I-MR takes every value.
    const individuals = await gaugeChart(store.db, { ...window, kind: 'i-mr', subgroupSize: 7 });
    expect(individuals).toMatchObject({ kind: 'i-mr', subgroupSize: 1, values: 53, dropped: 0 });
    expect(individuals.chart?.points[52]?.at).toBe('2027-03-15T08:00:52.000Z');
    expect(individuals.chart?.secondary?.kind).toBe('mr');
    expect(individuals.notes).toEqual([]);
  });

  it('computes Cp, Cpk, Pp, Ppk against the OAL limits of the product the line made', async () => {
    const chart = await gaugeChart(store.db, window);
    // SPEC-BALL-EJ's OAL (gaugeMetric Gauge/OAL): 55.45 … 56.00 mm.
    expect(chart.limits).toEqual({
      specification: 'SPEC-BALL-EJ',
      characteristic: 'OAL',
      lsl: 55.45,
      usl: 56,
    });
    // σ within = R̄/d2 = 0.10/2.326 = 0.042992; μ = 55.765.
    // Cp = 0.55/(6·0.042992) = 2.13217; Cpk = (56 − 55.765)/(3·0.042992) = 1.82203.
    // σ overall: SS = 5·Σ(b_i − μ)² + 10·Σd² = 5·0.02085 + 10·0.0058 = 0.16225, s = √(0.16225/49)
    // = 0.0575432; Pp = 0.55/(6·0.0575432) = 1.59300; Ppk = 0.235/(3·0.0575432) = 1.36130.
    expect(chart.capability).toMatchObject({
      n: 50,
      sigmaWithinFrom: 'range',
      lsl: 55.45,
      usl: 56,
    });
    const cap = chart.capability;
    expect(cap?.mean).toBeCloseTo(55.765, 9);
    expect(cap?.sigmaWithin).toBeCloseTo(0.1 / 2.326, 9);
    expect(cap?.sigmaOverall).toBeCloseTo(0.0575432, 6);
    expect(cap?.cp).toBeCloseTo(2.13217, 4);
    expect(cap?.cpk).toBeCloseTo(1.82203, 4);
    expect(cap?.pp).toBeCloseTo(1.593, 4);
    expect(cap?.ppk).toBeCloseTo(1.3613, 4);

    // Limits the caller gives win.
    const given = await gaugeChart(store.db, { ...window, lsl: 55.6, usl: 55.9 });
    expect(given.limits).toEqual({
      specification: null,
      characteristic: null,
      lsl: 55.6,
      usl: 55.9,
    });
    expect(given.capability?.cp).toBeCloseTo(0.3 / (6 * (0.1 / 2.326)), 9);

    // Limits the wrong way round: the chart, and a note instead of the indices.
    const inverted = await gaugeChart(store.db, { ...window, lsl: 55.9, usl: 55.6 });
    expect(inverted.chart).not.toBeNull();
    expect(inverted.capability).toBeNull();
    expect(inverted.notes).toContainEqual({
      code: 'no_capability_inverted_limits',
      params: { lsl: 55.9, usl: 55.6 },
      text: 'no capability: lsl (55.9) must be below usl (55.6)',
    });
  });

  it('charts nothing from an empty window, and says why', async () => {
    const chart = await gaugeChart(store.db, { ...window, metric: 'Gauge/Mass' });
    // One Gauge/Mass value: no subgroup of 5.
    expect(chart).toMatchObject({
      values: 0,
      dropped: 1,
      chart: null,
      alarms: [],
      capability: null,
    });
    expect(chart.notes).toEqual([
      {
        code: 'incomplete_subgroup',
        params: { count: 1, size: 5 },
        text: 'the last 1 values do not fill a subgroup of 5 and are left off',
      },
      {
        code: 'no_chart_no_data',
        params: { what: 'subgroups' },
        text: 'no chart: subgroups is empty',
      },
    ]);

    // One value on an individuals chart: a point, but no limits from one.
    const one = await gaugeChart(store.db, { ...window, metric: 'Gauge/Mass', kind: 'i-mr' });
    expect(one.chart).toBeNull();
    expect(one.notes).toEqual([
      {
        code: 'no_chart_too_few_points',
        params: { what: 'values', count: 1, minimum: 2 },
        text: 'no chart: trial limits need at least 2 values left after exclusions, got 1',
      },
    ]);
  });

  it('charts one product at a time on a line that makes two', async () => {
    // L3 makes tracer (OAL 55.45 … 56.00) then, after a changeover at 10:00:10, blank (47.5 … 48.5).
    const at = (s: number) => second('2027-03-15T10:00:00Z', s);
    await store.db.insert(machineEvents).values([
      event(at(-60), { node: 'L3', device: null, metric: 'Line/Product', text: 'C762-TRACER' }),
      ...Array.from({ length: 10 }, (_, i) =>
        event(at(i), {
          node: 'L3',
          device: 'GA',
          metric: 'Gauge/OAL',
          number: 55.7 + 0.01 * (i % 5),
        }),
      ),
      event(at(10), { node: 'L3', device: null, metric: 'Line/Product', text: 'C762-BLANK' }),
      ...Array.from({ length: 15 }, (_, i) =>
        event(at(11 + i), {
          node: 'L3',
          device: 'GA',
          metric: 'Gauge/OAL',
          number: 47.95 + 0.02 * (i % 5),
        }),
      ),
    ]);
    const l3 = { line: 'L3', metric: 'Gauge/OAL', from: at(-120), to: at(120) };
    const mixed = await refusal(gaugeChart(store.db, l3));
    expect(mixed).toMatchObject({
      kind: 'invalid',
      code: 'several_products',
      field: 'specification',
    });
    expect(mixed.message).toBe(
      'L3 made C762-TRACER and C762-BLANK in the window: name a specification to chart one product',
    );

    const blank = await gaugeChart(store.db, { ...l3, specification: 'SPEC-BLANK-PN' });
    expect(blank).toMatchObject({ product: 'C762-BLANK', values: 15, otherProducts: 10 });
    expect(blank.notes).toEqual([
      {
        code: 'other_products',
        params: { count: 10, line: 'L3', product: 'C762-BLANK' },
        text: '10 values measured while L3 made another product than C762-BLANK (or reported none) are left off',
      },
    ]);
    expect(blank.limits).toEqual({
      specification: 'SPEC-BLANK-PN',
      characteristic: 'OAL',
      lsl: 47.5,
      usl: 48.5,
    });
    expect(blank.chart?.centre).toBeCloseTo(47.99, 9);
    expect(blank.chart?.points[0]?.from).toBe('2027-03-15T10:00:11.000Z');

    const tracer = await gaugeChart(store.db, { ...l3, specification: 'SPEC-TRACER-EJ' });
    expect(tracer).toMatchObject({ product: 'C762-TRACER', values: 10, otherProducts: 15 });
    expect(tracer.chart?.centre).toBeCloseTo(55.72, 9);
  });

  it('refuses bad input, naming the field', async () => {
    const cases: [Parameters<typeof gaugeChart>[1], string, string, RegExp][] = [
      [{ ...window, line: 'L9' }, 'line', 'unknown_line', /the plant has no line "L9"/],
      [
        { ...window, metric: 'Gauge/Width' },
        'metric',
        'unknown_metric',
        /"Gauge\/Width" is not a gauge metric of L1 \(Gauge\/OAL, Gauge\/Mass\)/,
      ],
      [
        { ...window, from: new Date('2027-02-01T00:00:00Z') },
        'from',
        'window_too_long',
        /longer than 31 days/,
      ],
      [{ ...window, to: window.from }, 'to', 'invalid_window', /must end after it starts/],
      [{ ...window, from: new Date('nonsense') }, 'from', 'invalid_window', /expected a date/],
      [{ ...window, subgroupSize: 30 }, 'subgroupSize', 'invalid_subgroup_size', /2\.\.25/],
      [{ ...window, subgroupSize: 1 }, 'subgroupSize', 'invalid_subgroup_size', /got 1/],
      [
        { ...window, specification: 'SPEC-TRACER-EJ' },
        'specification',
        'specification_not_on_line',
        /SPEC-TRACER-EJ is for C762-TRACER, which L1 does not make/,
      ],
      [
        { ...window, specification: 'NOPE' },
        'specification',
        'unknown_specification',
        /no specification "NOPE"/,
      ],
      [
        { ...window, specification: 'SPEC-BALL-EJ', characteristic: 'CRIT-VIS' },
        'characteristic',
        'unknown_characteristic',
        /SPEC-BALL-EJ has no variable characteristic "CRIT-VIS"/,
      ],
    ];
    for (const [query, field, code, message] of cases) {
      const refused = await refusal(gaugeChart(store.db, query));
      expect(refused, `${field} ${code}`).toMatchObject({ kind: 'invalid', field, code });
      expect(refused.message).toMatch(message);
    }
  });

  it(`refuses a window holding more than 100,000 values`, async () => {
    await store.db.execute(sql`
      insert into telemetry.machine_events (received_at, message_key, metric_index, message_type,
        group_id, node, device, metric, datatype, value_number, birth, metric_at)
      select now(), 'spc-bulk-' || g, 0, 'DDATA', 'PLT-01', 'L2', 'GA', 'Gauge/Mass', 'Double',
        16.3 + (g % 7) * 0.01, false, timestamptz '2027-03-20T00:00:00Z' + g * interval '100 ms'
      from generate_series(1, 100001) g`);
    const refused = await refusal(
      gaugeChart(store.db, {
        line: 'L2',
        metric: 'Gauge/Mass',
        from: new Date('2027-03-20T00:00:00Z'),
        to: new Date('2027-03-21T00:00:00Z'),
      }),
    );
    expect(refused).toMatchObject({ field: 'to', code: 'too_many_values' });
    expect(refused.message).toMatch(
      /more than 100,000 Gauge\/Mass values of L2; ask for a shorter one/,
    );
  });
});

describe("a line's alarms during a window", () => {
  it('lists the Nelson alarms of every gauge metric of the line', async () => {
    const alarms = await spcAlarmsDuring(store.db, {
      line: 'L1',
      from: new Date(START),
      to: second(START, 3600),
    });
    expect(alarms).toEqual([
      {
        metric: 'Gauge/OAL',
        product: 'C762-BALL',
        chart: 'primary',
        rule: 'N1',
        at: '2027-03-15T08:00:34.000Z',
        direction: 'above',
        run: 1,
        message: 'Point above the upper control limit (Nelson rule 1)',
      },
    ]);
    // Before the shift: no values, no alarms.
    expect(
      await spcAlarmsDuring(store.db, {
        line: 'L1',
        from: new Date('2027-03-15T06:00:00Z'),
        to: new Date(START),
      }),
    ).toEqual([]);
    expect(
      await refusal(
        spcAlarmsDuring(store.db, { line: 'L0', from: new Date(START), to: second(START, 1) }),
      ),
    ).toMatchObject({ field: 'line', code: 'unknown_line' });
  });
});

// ---------------------------------------------------------------- results ----

describe('a chart over lots from inspection results', () => {
  // Incoming inspection of primers (INC-PRIMER): a lot of 20 is code letter C, so DIA is
  // measured on 5 primers; DIA 5.30 … 5.36 mm.
  const DIA = [
    [5.31, 5.32, 5.33, 5.34, 5.35], // mean 5.33, R 0.04
    [5.33, 5.34, 5.34, 5.34, 5.35], // mean 5.34, R 0.02
    [5.3, 5.32, 5.33, 5.34, 5.36], //  mean 5.33, R 0.06
  ];
  const MAJOR = [0, 1, 0];
  let sampled = 0;

  beforeAll(async () => {
    const ctx = { db: store.db, clock };
    for (const [i, values] of DIA.entries()) {
      now = new Date(`2027-04-0${i + 1}T09:00:00Z`);
      const lot = await receiveLot(
        ctx,
        {
          material: 'PRIMER-762',
          supplier: 'SUP-PRIMERS',
          supplierLot: `SPC-${i}`,
          quantity: 20,
          location: 'MAG-04',
        },
        'kim',
      );
      const inspection = await openInspection(ctx, { lot: lot.number }, 'ines');
      const major = inspection.plan.lines.find((l) => l.characteristic === 'MAJ-VIS');
      sampled = major?.kind === 'attribute' ? major.plan.n : 0;
      await recordResult(ctx, inspection.number, 'DIA', { kind: 'variable', values }, 'ines');
      await recordResult(
        ctx,
        inspection.number,
        'CRIT-VIS',
        { kind: 'attribute', nonconforming: 0 },
        'ines',
      );
      await recordResult(
        ctx,
        inspection.number,
        'MAJ-VIS',
        { kind: 'attribute', nonconforming: MAJOR[i] as number },
        'ines',
      );
      now = new Date(`2027-04-0${i + 1}T10:00:00Z`);
      await completeInspection(ctx, inspection.number, 'ines');
    }
    // A fourth lot still being inspected: its results may change, so it is not charted.
    now = new Date('2027-04-05T09:00:00Z');
    const open = await receiveLot(
      ctx,
      {
        material: 'PRIMER-762',
        supplier: 'SUP-PRIMERS',
        supplierLot: 'SPC-OPEN',
        quantity: 20,
        location: 'MAG-04',
      },
      'kim',
    );
    const inspection = await openInspection(ctx, { lot: open.number }, 'ines');
    await recordResult(
      ctx,
      inspection.number,
      'DIA',
      { kind: 'variable', values: [5.5, 5.5, 5.5, 5.5, 5.5] },
      'ines',
    );
  });

  it("draws X̄-R of each lot's measured values, with capability against the specification", async () => {
    const chart = await resultsChart(store.db, {
      specification: 'INC-PRIMER',
      characteristic: 'DIA',
    });
    expect(chart).toMatchObject({ source: 'variable', unit: 'mm', statistic: null });
    expect(chart.lots.map((l) => [l.completedAt, l.n])).toEqual([
      ['2027-04-01T10:00:00.000Z', 5],
      ['2027-04-02T10:00:00.000Z', 5],
      ['2027-04-03T10:00:00.000Z', 5],
    ]);
    // x̄̄ = (5.33 + 5.34 + 5.33)/3 = 5.333333; R̄ = 0.04; X̄: 5.333333 ± 0.577·0.04 = 5.310253 …
    // 5.356413; R: 0 … 2.114·0.04 = 0.08456.
    const c = chart.chart;
    expect(c?.kind).toBe('xbar-r');
    expect(c?.centre).toBeCloseTo(5.333333, 6);
    expect(c?.points[0]?.ucl).toBeCloseTo(5.356413, 6);
    expect(c?.points[0]?.lcl).toBeCloseTo(5.310253, 6);
    expect(c?.secondary?.points[0]?.ucl).toBeCloseTo(0.08456, 6);
    expect(c?.points[1]).toMatchObject({ lot: chart.lots[1]?.lot, at: '2027-04-02T10:00:00.000Z' });
    expect(chart.alarms).toEqual([]);
    // σ within = 0.04/2.326 = 0.017197; Cp = 0.06/(6σ) = 0.58150;
    // Cpk = min(5.36 − 5.333333, 5.333333 − 5.30)/(3σ) = 0.026667/0.051591 = 0.51689.
    expect(chart.limits).toEqual({
      specification: 'INC-PRIMER',
      characteristic: 'DIA',
      lsl: 5.3,
      usl: 5.36,
    });
    expect(chart.capability?.cp).toBeCloseTo(0.5815, 4);
    expect(chart.capability?.cpk).toBeCloseTo(0.51689, 4);

    // Only the inspections completed in the window.
    const later = await resultsChart(store.db, {
      specification: 'INC-PRIMER',
      characteristic: 'DIA',
      from: new Date('2027-04-02T00:00:00Z'),
    });
    expect(later.lots).toHaveLength(2);
    expect(later.notes).toEqual([]);

    // One lot: no trial limits from one point.
    const last = await resultsChart(store.db, {
      specification: 'INC-PRIMER',
      characteristic: 'DIA',
      from: new Date('2027-04-03T00:00:00Z'),
    });
    expect(last).toMatchObject({ chart: null, capability: null });
    expect(last.notes.map((n) => [n.code, n.params])).toEqual([
      ['no_chart_too_few_points', { what: 'subgroups', count: 1, minimum: 2 }],
    ]);
  });

  it('draws a p chart of the nonconforming units found in each lot', async () => {
    const chart = await resultsChart(store.db, {
      specification: 'INC-PRIMER',
      characteristic: 'MAJ-VIS',
    });
    expect(chart).toMatchObject({ source: 'attribute', capability: null, limits: null });
    expect(chart.chart?.kind).toBe('p');
    // p̄ = ΣD/Σn = 1/(3n).
    expect(sampled).toBeGreaterThan(0);
    expect(chart.chart?.centre).toBeCloseTo(1 / (3 * sampled), 12);
    expect(chart.chart?.points.map((p) => [p.value, p.n])).toEqual(
      MAJOR.map((d) => [d / sampled, sampled]),
    );
  });

  it("draws I-MR of a range test's per-lot statistic", async () => {
    // Four lots' velocity tests (SPEC-BALL-EJ VEL), rows as the services write them: 20 rounds
    // at mean ± 3 m/s. Means 715, 712, 718, 716: x̄ = 715.25, MR̄ = (3 + 6 + 2)/3 = 3.666667;
    // I: 715.25 ± 2.659·3.666667 = 705.500 … 724.999.
    const means = [715, 712, 718, 716];
    for (const [i, mean] of means.entries()) {
      const id = randomUUID();
      const at = new Date(`2027-05-0${i + 1}T10:00:00Z`);
      const rounds = Array.from({ length: 20 }, (_, r) => ({
        value: mean + (r % 2 === 0 ? 3 : -3),
        failed: i === 1 && r < 2,
      }));
      await store.db.insert(inspections).values({
        id,
        number: `IN-9${String(i).padStart(5, '0')}`,
        lotId: randomUUID(),
        lotNumber: `VEL-LOT-${i}`,
        material: 'C762-BALL',
        scope: 'lot_acceptance',
        specification: 'SPEC-BALL-EJ',
        plan: {
          specification: 'SPEC-BALL-EJ',
          scope: 'lot_acceptance',
          lotSize: 3500,
          lines: [
            {
              kind: 'range',
              characteristic: 'VEL',
              name: 'Velocidad a 25 m',
              unit: 'm/s',
              sampleSize: 20,
              limits: [{ statistic: 'mean', min: 695, max: 735 }],
            },
          ],
        },
        state: 'accepted',
        openedAt: at,
        openedBy: 'ines',
        completedAt: at,
        completedBy: 'ines',
      });
      await store.db.insert(results).values({
        inspectionId: id,
        characteristic: 'VEL',
        data: { kind: 'range', rounds } satisfies ResultData,
        verdict: { characteristic: 'VEL', accepted: true, summary: 'ok' },
        accepted: true,
        recordedAt: at,
        recordedBy: 'ines',
      });
    }
    const chart = await resultsChart(store.db, {
      specification: 'SPEC-BALL-EJ',
      characteristic: 'VEL',
    });
    expect(chart).toMatchObject({ source: 'range', statistic: 'mean', unit: 'm/s' });
    expect(chart.chart?.kind).toBe('i-mr');
    expect(chart.chart?.points.map((p) => [p.lot, p.value])).toEqual(
      means.map((m, i) => [`VEL-LOT-${i}`, m]),
    );
    expect(chart.chart?.centre).toBeCloseTo(715.25, 9);
    expect(chart.chart?.points[0]?.ucl).toBeCloseTo(715.25 + 2.659 * (11 / 3), 9);
    expect(chart.chart?.secondary?.centre).toBeCloseTo(11 / 3, 9);

    // Failures per round fired: a p chart (2 of 80 rounds over the four lots).
    const failures = await resultsChart(store.db, {
      specification: 'SPEC-BALL-EJ',
      characteristic: 'VEL',
      statistic: 'failures',
    });
    expect(failures.chart?.kind).toBe('p');
    expect(failures.chart?.centre).toBeCloseTo(2 / 80, 12);
  });

  it('refuses an unknown specification, characteristic or statistic, naming the field', async () => {
    expect(
      await refusal(resultsChart(store.db, { specification: 'NOPE', characteristic: 'DIA' })),
    ).toMatchObject({ field: 'specification', code: 'unknown_specification' });
    expect(
      await refusal(resultsChart(store.db, { specification: 'INC-PRIMER', characteristic: 'VEL' })),
    ).toMatchObject({ field: 'characteristic', code: 'unknown_characteristic' });
    expect(
      await refusal(
        resultsChart(store.db, {
          specification: 'SPEC-BALL-EJ',
          characteristic: 'VEL',
          statistic: 'median',
        }),
      ),
    ).toMatchObject({ field: 'statistic', code: 'unknown_statistic' });
    expect(
      await refusal(
        resultsChart(store.db, {
          specification: 'INC-PRIMER',
          characteristic: 'DIA',
          from: new Date('2027-05-01T00:00:00Z'),
          to: new Date('2027-04-01T00:00:00Z'),
        }),
      ),
    ).toMatchObject({ field: 'to', code: 'invalid_window' });
  });
});

// ------------------------------------------------------------------- HTTP ----
// Through the composition root: needs app.ts to register spcRoutes under /api/quality.

describe('over HTTP', () => {
  let app: App;
  let viewer: Session;
  let operator: Session;

  beforeAll(async () => {
    app = await buildApp({ store, logger: pino({ level: 'silent' }), clock });
    await app.ready();
    viewer = await signInAs(app, store.db, 'vera', ['viewer']);
    operator = await signInAs(app, store.db, 'otto', ['line_operator']);
  });

  afterAll(async () => {
    await app.close();
  });

  const get = (session: Session | undefined, url: string) =>
    app.inject({ method: 'GET', url, ...(session ? { headers: session.headers } : {}) });

  it('serves the gauge chart, its alarms and capability to a viewer', async () => {
    const response = await get(
      viewer,
      `/api/quality/spc/gauge?line=L1&metric=${encodeURIComponent('Gauge/OAL')}&from=${encodeURIComponent('2027-03-15T08:00:00Z')}&to=${encodeURIComponent('2027-03-15T09:00:00Z')}`,
    );
    expect(response.statusCode, response.body).toBe(200);
    const body = response.json();
    expect(body).toMatchObject({ line: 'L1', kind: 'xbar-r', subgroupSize: 5, values: 50 });
    expect(body.alarms).toEqual([
      expect.objectContaining({ rule: 'N1', index: 6, at: '2027-03-15T08:00:34.000Z' }),
    ]);
    expect(body.capability.cpk).toBeCloseTo(1.82203, 4);
    expect(body.chart.points[0]).not.toHaveProperty('excluded');
    expect(body.notes).toEqual([
      {
        code: 'incomplete_subgroup',
        params: { count: 3, size: 5 },
        text: 'the last 3 values do not fill a subgroup of 5 and are left off',
      },
    ]);
  });

  it('serves the results chart and the alarm list', async () => {
    const results = await get(
      viewer,
      '/api/quality/spc/results?specification=INC-PRIMER&characteristic=DIA',
    );
    expect(results.statusCode, results.body).toBe(200);
    expect(results.json().chart.kind).toBe('xbar-r');
    const alarms = await get(
      viewer,
      `/api/quality/spc/alarms?line=L1&from=${encodeURIComponent('2027-03-15T08:00:00Z')}&to=${encodeURIComponent('2027-03-15T09:00:00Z')}`,
    );
    expect(alarms.statusCode, alarms.body).toBe(200);
    // The alarm in data (rule, direction, run) for a client to word, and in English.
    expect(alarms.json()).toEqual([
      expect.objectContaining({ metric: 'Gauge/OAL', rule: 'N1', direction: 'above', run: 1 }),
    ]);
  });

  it('refuses bad queries with a problem naming the parameter', async () => {
    const long = await get(
      viewer,
      `/api/quality/spc/gauge?line=L1&metric=${encodeURIComponent('Gauge/OAL')}&from=${encodeURIComponent('2027-01-01T00:00:00Z')}&to=${encodeURIComponent('2027-03-15T09:00:00Z')}`,
    );
    expect(long.statusCode).toBe(400);
    expect(long.json()).toMatchObject({
      code: 'window_too_long',
      errors: [{ path: 'query.from', message: expect.stringMatching(/longer than 31 days/) }],
    });
    const line = await get(
      viewer,
      `/api/quality/spc/gauge?line=L9&metric=${encodeURIComponent('Gauge/OAL')}`,
    );
    expect(line.statusCode).toBe(400);
    expect(line.json().errors).toEqual([
      {
        path: 'query.line',
        message: 'the plant has no line "L9"',
        code: 'unknown_line',
        params: { line: 'L9' },
      },
    ]);
    const size = await get(
      viewer,
      `/api/quality/spc/gauge?line=L1&metric=${encodeURIComponent('Gauge/OAL')}&subgroupSize=40`,
    );
    expect(size.statusCode).toBe(400);
    expect(size.json().errors[0].path).toBe('query.subgroupSize');
  });

  it('needs quality.read', async () => {
    expect((await get(undefined, '/api/quality/spc/alarms?line=L1')).statusCode).toBe(401);
    expect((await get(operator, '/api/quality/spc/alarms?line=L1')).statusCode).toBe(403);
  });
});
