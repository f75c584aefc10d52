import { describe, expect, it } from 'vitest';
import type { Disruption, MaterialPlan } from '../../api/planning';
import type { Supplier } from '../../api/types';
import { impactByProduct } from './whatif';

const plan = (material: string, shortage: MaterialPlan['shortage']): MaterialPlan => ({
  material,
  required: 0,
  fromStock: 0,
  fromReceipts: 0,
  expiredUnused: [],
  shortage,
});

const supplier = (code: string, materials: string[]): Supplier => ({
  code,
  name: code,
  country: 'VE',
  imported: false,
  leadTimeDays: 10,
  materials,
});

describe('the what-if by product', () => {
  const disruption: Disruption = {
    supplier: 'SUP-PRIMERS',
    from: '2026-06-01',
    plans: [
      plan('PRIMER', {
        material: 'PRIMER',
        startsOn: '2026-06-08',
        quantity: 150,
        stops: [
          { source: 'C762-BALL week 2026-06-08', date: '2026-06-08', missing: 100 },
          { source: 'WO-000007', date: '2026-06-01', missing: 50 },
          { source: 'C762-BLANK 2026-06-08 #1 on L4', date: '2026-06-10', missing: 5 },
        ],
      }),
      plan('CASE', {
        material: 'CASE',
        startsOn: '2026-06-15',
        quantity: 30,
        stops: [{ source: 'C762-BALL week 2026-06-08', date: '2026-06-15', missing: 30 }],
      }),
      plan('BULLET', null),
    ],
    firstShort: [
      { source: 'WO-000007', date: '2026-06-01' },
      { source: 'C762-BALL week 2026-06-08', date: '2026-06-08' },
      { source: 'C762-BLANK 2026-06-08 #1 on L4', date: '2026-06-10' },
    ],
  };

  it('groups the sources by product, names what is missing and who else supplies it', () => {
    const impact = impactByProduct(disruption, {
      productOf: (reference) =>
        ({ 'WO-000007': 'C762-TRACER', 'C762-BLANK 2026-06-08 #1': 'C762-BLANK' })[reference],
      suppliers: [
        supplier('SUP-PRIMERS', ['PRIMER']),
        supplier('SUP-ALT', ['PRIMER', 'CASE']),
        supplier('SUP-CASES', ['CASE']),
      ],
      baseline: [
        plan('CASE', {
          material: 'CASE',
          startsOn: '2026-06-15',
          quantity: 30,
          stops: [{ source: 'C762-BALL week 2026-06-08', date: '2026-06-15', missing: 30 }],
        }),
      ],
    });
    expect(impact.map((p) => [p.product, p.firstShort])).toEqual([
      ['C762-TRACER', '2026-06-01'],
      ['C762-BALL', '2026-06-08'],
      ['C762-BLANK', '2026-06-10'],
    ]);
    const ball = impact[1]?.sources[0];
    expect(ball?.shortAnyway).toBe(true);
    expect(ball?.gaps).toEqual([
      { material: 'PRIMER', missing: 100, date: '2026-06-08', alternatives: ['SUP-ALT'] },
      { material: 'CASE', missing: 30, date: '2026-06-15', alternatives: ['SUP-ALT', 'SUP-CASES'] },
    ]);
    expect(impact[0]?.sources[0]?.shortAnyway).toBe(false);
  });

  it('keeps work orders of an unknown product apart', () => {
    const impact = impactByProduct(disruption);
    expect(impact.map((p) => p.product)).toEqual([undefined, 'C762-BALL']);
    expect(impact[0]?.sources[0]?.gaps[0]?.alternatives).toEqual([]);
  });
});
