import { beforeEach, describe, expect, it } from 'vitest';
import type { Lot } from '../../api/genealogy';
import { i18n } from '../../i18n';
import {
  draftDescription,
  draftTitle,
  type GaugeAlarmDraft,
  lotsAtAlarm,
  nonconformanceFromAlarmPath,
  readDraft,
} from './spcDraft';

const gauge: GaugeAlarmDraft = {
  kind: 'gauge',
  line: 'L1',
  metric: 'Gauge/OAL',
  product: 'C762-BALL',
  rule: 'N1',
  message: 'Point above the upper control limit (Nelson rule 1)',
  at: '2026-03-01T10:30:00.000Z',
  chart: 'X̄ — subgroup means (mm)',
};

const lot = (number: string, line: string | null, from: string | null, to: string | null) =>
  ({ number, line, madeFrom: from, madeTo: to, material: 'C762-BALL' }) as Lot;

// The draft is written in the language in use; English unless a test says otherwise.
beforeEach(async () => {
  await i18n.changeLanguage('en');
});

describe('a nonconformance drafted from an SPC alarm', () => {
  it('travels in the address and back', () => {
    const path = nonconformanceFromAlarmPath(gauge);
    expect(path.startsWith('/quality/nonconformances?')).toBe(true);
    expect(readDraft(new URL(path, 'http://x').searchParams)).toEqual(gauge);
    const results = {
      kind: 'results' as const,
      specification: 'SPEC-BALL-EJ',
      characteristic: 'VEL',
      lot: 'L-7',
      rule: 'N2' as const,
      message: '9 points in a row above the centre line (Nelson rule 2)',
      at: gauge.at,
      chart: 'I — individual values (m/s)',
    };
    expect(
      readDraft(new URL(nonconformanceFromAlarmPath(results), 'http://x').searchParams),
    ).toEqual(results);
    // Not a whole draft: no rule, or an unknown one.
    expect(readDraft(new URLSearchParams({ from: 'spc-gauge', line: 'L1' }))).toBeUndefined();
    expect(
      readDraft(
        new URLSearchParams({
          ...Object.fromEntries(new URL(path, 'http://x').searchParams),
          rule: 'N9',
        }),
      ),
    ).toBeUndefined();
  });

  it('titles and describes the alarm', () => {
    expect(draftTitle(gauge)).toBe(
      'SPC alarm on L1 Gauge/OAL: Point above the upper control limit (Nelson rule 1)',
    );
    expect(draftTitle({ ...gauge, message: 'x'.repeat(300) })).toHaveLength(200);
    const description = draftDescription(gauge);
    expect(description).toContain('Nelson rule N1 (beyond 3σ) fired at');
    expect(description).toContain('(2026-03-01T10:30:00.000Z)');
    expect(description).toContain(
      'X̄ — subgroup means (mm) chart of Gauge/OAL on line L1, making C762-BALL',
    );
  });

  it('writes the draft in Spanish for a Spanish reader', async () => {
    await i18n.changeLanguage('es');
    const message = 'Punto por encima del límite de control superior (regla de Nelson 1)';
    expect(draftTitle({ ...gauge, message })).toBe(`Alarma CEP en L1 Gauge/OAL: ${message}`);
    const description = draftDescription({ ...gauge, message, chart: 'X̄ — medias (mm)' });
    expect(description).toMatch(/^La regla de Nelson N1 \(más allá de 3σ\) se disparó el /);
    expect(description).toContain(
      'en el gráfico X̄ — medias (mm) de Gauge/OAL en la línea L1, fabricando C762-BALL.',
    );
    expect(description.split('\n')[1]).toBe(`${message}.`);
  });

  it('finds the lots made on the line when it fired, and the ones either side', () => {
    const lots = [
      lot('A', 'L1', '2026-03-01T08:00:00Z', '2026-03-01T10:00:00Z'),
      lot('B', 'L1', '2026-03-01T10:00:00Z', '2026-03-01T11:00:00Z'),
      lot('C', 'L2', '2026-03-01T10:00:00Z', null),
      lot('D', 'L1', '2026-03-01T11:00:00Z', null),
      lot('E', null, null, null),
    ];
    const found = lotsAtAlarm(lots, 'L1', gauge.at);
    expect(found.during.map((l) => l.number)).toEqual(['B']);
    expect(found.around.map((a) => [a.lot.number, a.when])).toEqual([
      ['A', 'before'],
      ['D', 'after'],
    ]);
    // A lot still being made (madeTo null) takes the alarm.
    expect(lotsAtAlarm(lots, 'L1', '2026-03-01T12:00:00Z').during.map((l) => l.number)).toEqual([
      'D',
    ]);
    // On the boundary both count.
    expect(lotsAtAlarm(lots, 'L1', '2026-03-01T10:00:00Z').during.map((l) => l.number)).toEqual([
      'A',
      'B',
    ]);
  });
});
