import { describe, expect, it } from 'vitest';
import type { QdReport } from '../../api/storage';
import { exposuresOf } from '../../api/storage';
import {
  formatList,
  gapsByMagazine,
  midpointOfPath,
  missingRuleDivisions,
  nearestOnPath,
  placeLabels,
  planLayout,
  sortedChecks,
} from './qd';

const noRule = (magazine: string, division: string, exposure: string) => ({
  magazine,
  kind: 'no_rule',
  exposure,
  division,
  reason: `no verified rule for HD ${division} to ${exposure} (the safety officer gives the factors in the plant file, safety.quantityDistance)`,
});

// As the reference plant at its limits: nothing has a rule, three gaps a magazine.
const reference: QdReport = {
  basis: 'limit',
  magazines: [
    { code: 'MAG-01', name: 'One', neqKgByDivision: { '1.4': 8000 }, checks: [], gaps: [] },
    { code: 'MAG-03', name: 'Powder', neqKgByDivision: { '1.3': 12000 }, checks: [], gaps: [] },
  ],
  violations: [],
  gaps: [
    ...['inhabited_building', 'public_traffic_route', 'intermagazine'].map((e) =>
      noRule('MAG-01', '1.4', e),
    ),
    ...['inhabited_building', 'public_traffic_route', 'intermagazine'].map((e) =>
      noRule('MAG-03', '1.3', e),
    ),
  ],
};

describe('the quantity-distance report on the map', () => {
  it('groups the distances not checked by magazine, a missing rule said once', () => {
    const rows = gapsByMagazine(reference);
    expect(rows.map((r) => [r.magazine, r.count, r.exposures.length])).toEqual([
      ['MAG-01', 3, 3],
      ['MAG-03', 3, 3],
    ]);
    expect(rows[0]?.reasons).toEqual([
      {
        kind: 'no_rule',
        division: '1.4',
        exposure: 'inhabited_building',
        reason: noRule('MAG-01', '1.4', 'inhabited_building').reason,
      },
    ]);
    expect(missingRuleDivisions(reference)).toEqual(['1.3', '1.4']);
  });

  it('reads the division of a report that names it only in its words', () => {
    const { division: _, ...older } = noRule('MAG-01', '1.3', 'intermagazine');
    const rows = gapsByMagazine({ ...reference, gaps: [older] });
    expect(rows[0]?.reasons[0]?.division).toBe('1.3');
    expect(missingRuleDivisions({ ...reference, gaps: [older] })).toEqual(['1.3']);
  });

  it('lists divisions as a sentence of the reader’s language does', () => {
    expect(formatList(['HD 1.3', 'HD 1.4'], 'en-US')).toBe('HD 1.3 and HD 1.4');
    expect(formatList(['HD 1.2', 'HD 1.3', 'HD 1.4'], 'en-US')).toBe('HD 1.2, HD 1.3, and HD 1.4');
    expect(formatList(['Div. 1.3', 'Div. 1.4'], 'es-VE')).toBe('Div. 1.3 y Div. 1.4');
    expect(formatList(['Div. 1.4'], 'es-VE')).toBe('Div. 1.4');
  });

  it('keeps what it cannot shorten with its fields, and a kind it does not know in the report’s words', () => {
    const rows = gapsByMagazine({
      ...reference,
      gaps: [
        {
          magazine: 'MAG-01',
          kind: 'out_of_range',
          exposure: 'intermagazine',
          division: '1.4',
          netExplosiveKg: 8000,
          reason: 'the HD 1.4 factors to other magazines do not cover 8,000 kg',
        },
        {
          magazine: 'MAG-01',
          kind: 'out_of_range',
          exposure: 'public_traffic_route',
          division: '1.4',
          netExplosiveKg: 8000,
          reason: 'the HD 1.4 factors to public traffic routes do not cover 8,000 kg',
        },
        {
          magazine: 'MAG-01',
          kind: 'a_later_kind',
          exposure: 'intermagazine',
          reason: 'a reason of a kind this page does not know',
        },
      ],
    });
    expect(rows[0]?.reasons).toEqual([
      {
        kind: 'out_of_range',
        division: '1.4',
        exposure: 'intermagazine',
        netExplosiveKg: 8000,
        reason: 'the HD 1.4 factors to other magazines do not cover 8,000 kg',
      },
      {
        kind: 'out_of_range',
        division: '1.4',
        exposure: 'public_traffic_route',
        netExplosiveKg: 8000,
        reason: 'the HD 1.4 factors to public traffic routes do not cover 8,000 kg',
      },
      {
        kind: 'a_later_kind',
        exposure: 'intermagazine',
        reason: 'a reason of a kind this page does not know',
      },
    ]);
  });

  it('puts what is too close first, then the tightest margin', () => {
    const check = (magazine: string, requiredM: number, actualM: number) => ({
      magazine,
      target: { code: 'OFICINAS', exposure: 'inhabited_building' },
      division: '1.1',
      netExplosiveKg: 100,
      requiredM,
      actualM,
      ok: actualM >= requiredM,
    });
    const report: QdReport = {
      ...reference,
      magazines: [
        {
          ...(reference.magazines[0] as QdReport['magazines'][number]),
          checks: [check('A', 100, 500)],
        },
        {
          ...(reference.magazines[1] as QdReport['magazines'][number]),
          checks: [check('B', 100, 120), check('C', 400, 380)],
        },
      ],
    };
    expect(sortedChecks(report).map((c) => c.magazine)).toEqual(['C', 'B', 'A']);
  });
});

describe('the site plan', () => {
  it('reads the exposures of a plant document, and nothing of a malformed one', () => {
    const plant = {
      safety: {
        exposures: [
          {
            code: 'OFICINAS',
            name: 'Offices',
            kind: 'inhabited_building',
            position: { x: 0, y: 0 },
          },
          {
            code: 'ROAD',
            name: 'Road',
            kind: 'public_traffic_route',
            path: [
              { x: -800, y: -380 },
              { x: 1600, y: -380 },
            ],
          },
          { code: 'BAD', kind: 'inhabited_building' },
        ],
      },
    };
    expect(exposuresOf(plant).map((e) => e.code)).toEqual(['OFICINAS', 'ROAD']);
    expect(exposuresOf(undefined)).toEqual([]);
    expect(exposuresOf({ safety: { exposures: 'none' } })).toEqual([]);
  });

  it('fits the whole site at one scale, north up', () => {
    const layout = planLayout(
      [
        { x: -800, y: -420 },
        { x: 1600, y: 650 },
      ],
      { width: 760, maxHeight: 460, margin: 36 },
    );
    // 2,400 m across in 688 px; 1,070 m down would allow 0.36 px/m: across decides.
    expect(layout.scale).toBeCloseTo(688 / 2400, 12);
    expect(layout.at({ x: -800, y: 650 })).toEqual({ x: 36, y: 36 });
    const southEast = layout.at({ x: 1600, y: -420 });
    expect(southEast.x).toBeCloseTo(724, 9);
    expect(southEast.y).toBeCloseTo(36 + 1070 * layout.scale, 9);
    expect(layout.scaleBar.metres).toBe(500);
  });

  it('draws one point without dividing by nothing', () => {
    const layout = planLayout([{ x: 5, y: 5 }]);
    expect(layout.scale).toBe(1);
    expect(Number.isFinite(layout.width)).toBe(true);
  });

  it('finds the nearest point of a route and its middle', () => {
    const road = [
      { x: -800, y: -380 },
      { x: 400, y: -420 },
      { x: 1600, y: -380 },
    ];
    const near = nearestOnPath({ x: 400, y: 120 }, road);
    // Square to the first leg (the second, as near, is not nearer): 539.7 m south.
    expect(near?.x).toBeCloseTo(-800 + (1_420_000 / 1_441_600) * 1200, 9);
    expect(near?.y).toBeCloseTo(-380 - (1_420_000 / 1_441_600) * 40, 9);
    expect(midpointOfPath(road)).toEqual({ x: 400, y: -420 });
  });

  it('keeps labels off each other and off the markers, leaving off one with no room', () => {
    const labels = placeLabels(
      [
        { code: 'A', text: 'MAG-01', at: { x: 100, y: 100 } },
        { code: 'B', text: 'MAG-02', at: { x: 118, y: 100 } },
        { code: 'C', text: 'MAG-03', at: { x: 109, y: 100 } },
      ],
      [
        { x: 95, y: 95, width: 10, height: 10 },
        { x: 113, y: 95, width: 10, height: 10 },
      ],
      { bounds: { x: 0, y: 0, width: 300, height: 300 } },
    );
    // A goes left (its right is B's marker), B right; C has only above or below.
    expect(labels.map((l) => [l.code, l.anchor])).toEqual([
      ['A', 'end'],
      ['B', 'start'],
      ['C', 'middle'],
    ]);
  });
});
