import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Outage, Plan, PlannedOrder } from '../../api/planning';
import { i18n } from '../../i18n';
import {
  ganttModel,
  INITIAL_DAYS,
  lateOrders,
  ordersByLine,
  overlapsOutage,
  productColours,
} from './gantt';
import { describeSource, formatHours, formatMinutes, formatWeek, sourceLabel } from './labels';

// The unit tests share one module cache: the language is set here and put back after.
let before = '';
beforeAll(async () => {
  before = i18n.language;
  await i18n.changeLanguage('en');
});
afterAll(async () => {
  await i18n.changeLanguage(before);
});

const order = (over: Partial<PlannedOrder>): PlannedOrder => ({
  id: 'o',
  reference: 'WO-1',
  kind: 'work_order',
  product: 'C762-BALL',
  quantity: 1000,
  priority: 'normal',
  line: 'L1',
  start: '2026-06-01T06:00:00.000Z',
  end: '2026-06-01T10:00:00.000Z',
  changeover: null,
  due: null,
  tardinessMinutes: 0,
  frozen: null,
  ...over,
});

const plan = (orders: PlannedOrder[], over: Partial<Plan> = {}): Plan => ({
  id: 'p',
  createdAt: '2026-06-01T05:00:00.000Z',
  createdBy: 'pablo',
  origin: '2026-06-01T05:00:00.000Z',
  budgetMs: 2000,
  iterations: 10,
  elapsedMs: 2000,
  objective: {
    weightedTardiness: 0,
    moved: 0,
    changeoverMinutes: 0,
    makespan: '2026-06-01T10:00:00.000Z',
  },
  orders,
  unavailable: [],
  lines: [
    { code: 'L1', name: 'Line 1' },
    { code: 'L2', name: 'Line 2' },
  ],
  unplanned: [],
  beyondHorizon: [],
  problems: [],
  ...over,
});

describe('the Gantt model', () => {
  it('puts each order, changeover and block on its line’s row', () => {
    const model = ganttModel(
      plan(
        [
          order({ id: 'a', line: 'L2' }),
          order({
            id: 'b',
            line: 'L1',
            product: 'C762-TRACER',
            changeover: {
              start: '2026-06-01T05:00:00.000Z',
              end: '2026-06-01T06:00:00.000Z',
              minutes: 60,
            },
            tardinessMinutes: 30,
          }),
        ],
        {
          unavailable: [
            {
              line: 'L9',
              kind: 'outage',
              start: '2026-06-02T00:00:00.000Z',
              end: '2026-06-03T00:00:00.000Z',
              reason: 'press',
            },
          ],
        },
      ),
    );
    expect(model.lines.map((l) => l.code)).toEqual(['L1', 'L2', 'L9']);
    expect(model.orders.map((o) => [o.item.id, o.row, o.late])).toEqual([
      ['a', 1, false],
      ['b', 0, true],
    ]);
    expect(model.changeovers.map((c) => [c.item.id, c.row, c.end - c.start])).toEqual([
      ['b', 0, 3_600_000],
    ]);
    expect(model.blocks.map((b) => b.row)).toEqual([2]);
    expect(model.products).toEqual(['C762-BALL', 'C762-TRACER']);
  });

  it('opens on four weeks from the plan’s start, or less when the plan ends sooner', () => {
    const short = ganttModel(plan([order({})]));
    expect(short.initialWindow[0]).toBe(Date.parse('2026-06-01T05:00:00.000Z'));
    expect(short.initialWindow[1] - short.initialWindow[0]).toBe(86_400_000);
    const long = ganttModel(plan([order({ end: '2026-09-01T00:00:00.000Z' })]));
    expect(long.initialWindow[1] - long.initialWindow[0]).toBe(INITIAL_DAYS * 86_400_000);
    expect(long.extent[1]).toBe(Date.parse('2026-09-01T00:00:00.000Z'));
  });

  it('gives each product its own colour', () => {
    const colours = productColours(['A', 'B', 'C']);
    expect(new Set(colours.values()).size).toBe(3);
  });

  it('lists late orders latest first and each line’s orders in running order', () => {
    const p = plan([
      order({ id: 'x', tardinessMinutes: 10, start: '2026-06-02T00:00:00.000Z' }),
      order({ id: 'y', tardinessMinutes: 90 }),
      order({ id: 'z', line: 'L2' }),
    ]);
    expect(lateOrders(p).map((o) => o.id)).toEqual(['y', 'x']);
    expect(ordersByLine(p).map((l) => [l.line, l.orders.map((o) => o.id)])).toEqual([
      ['L1', ['y', 'x']],
      ['L2', ['z']],
    ]);
  });

  it('finds an order that works while its line is out', () => {
    const outage: Outage = {
      id: 'u',
      line: 'L1',
      from: '2026-06-01T08:00:00.000Z',
      to: null,
      reason: 'press',
      createdBy: 'pablo',
      createdAt: '2026-06-01T08:00:00.000Z',
    };
    expect(overlapsOutage(order({}), outage)).toBe(true);
    expect(overlapsOutage(order({ line: 'L2' }), outage)).toBe(false);
    expect(overlapsOutage(order({}), { ...outage, to: '2026-06-01T00:00:00.000Z' })).toBe(false);
    expect(overlapsOutage(order({ end: '2026-06-01T08:00:00.000Z' }), outage)).toBe(false);
  });
});

describe('planning labels', () => {
  it('writes durations for people', () => {
    expect(formatMinutes(45)).toBe('45 min');
    expect(formatMinutes(150)).toBe('2 h 30 min');
    expect(formatMinutes(3000)).toBe('2 d 2 h');
    expect(formatHours(150)).toBe('2.5 h');
  });

  it('writes durations, weeks and requirement sources in Spanish too', async () => {
    await i18n.changeLanguage('es');
    expect(formatMinutes(150)).toBe('2 h 30 min');
    expect(formatHours(150)).toBe('2,5 h');
    expect(formatWeek('2026-06-15')).toBe('15 jun');
    expect(sourceLabel('C762-BALL week 2026-06-15')).toBe('C762-BALL, semana del 15 jun');
    expect(sourceLabel('C762-BALL 2026-11-30 #2 on L1')).toBe('C762-BALL 2026-11-30 #2 en L1');
    expect(sourceLabel('WO-000012')).toBe('WO-000012');
    await i18n.changeLanguage('en');
    expect(sourceLabel('C762-BALL week 2026-06-15')).toBe('C762-BALL, week of Jun 15');
  });

  it('tells a forecast week from a work order', () => {
    expect(describeSource('C762-BALL week 2026-06-15')).toEqual({
      kind: 'forecast',
      product: 'C762-BALL',
      week: '2026-06-15',
    });
    expect(describeSource('WO-000012')).toEqual({ kind: 'work_order', number: 'WO-000012' });
    expect(describeSource('C762-BALL 2026-11-30 #2 on L1')).toEqual({
      kind: 'planned',
      reference: 'C762-BALL 2026-11-30 #2',
      line: 'L1',
    });
  });
});
