import { describe, expect, it } from 'vitest';
import {
  allocate,
  type Candidate,
  dangerousGoods,
  describePackages,
  type HazardFacts,
  lotRefusalForLine,
  netExplosiveKg,
  ORDER_COMMANDS,
  type ORDER_STATES,
  orderRefusal,
  type PackageTree,
  packagesOf,
} from './model.js';

const candidate = (
  serial: string,
  kind: Candidate['kind'],
  quantity: number,
  expiresOn: string | null,
  lot = `LOT-${expiresOn}`,
): Candidate => ({ serial, kind, location: 'MAG-01', quantity, expiresOn, lots: [lot] });

describe('order states', () => {
  it('allows each command only where it makes sense, saying why not in words', () => {
    const allowed = (state: (typeof ORDER_STATES)[number]) =>
      ORDER_COMMANDS.filter((c) => orderRefusal({ number: 'CO-1', state }, c) === undefined);
    expect(allowed('open')).toEqual(['allocate', 'cancel']);
    expect(allowed('allocated')).toEqual(['allocate', 'deallocate', 'pick', 'cancel']);
    expect(allowed('picked')).toEqual(['deallocate', 'dispatch', 'cancel']);
    expect(allowed('dispatched')).toEqual([]);
    expect(allowed('cancelled')).toEqual([]);
    expect(orderRefusal({ number: 'CO-1', state: 'allocated' }, 'dispatch')).toEqual({
      code: 'order_not_picked',
      params: { order: 'CO-1', orderState: 'allocated', command: 'dispatch' },
      text: 'order CO-1 is not picked yet: pick it first',
    });
    expect(orderRefusal({ number: 'CO-1', state: 'open' }, 'pick')?.text).toBe(
      'order CO-1 has nothing allocated to pick: allocate it first',
    );
    expect(orderRefusal({ number: 'CO-1', state: 'dispatched' }, 'cancel')?.text).toMatch(
      /was dispatched/,
    );
  });
});

describe('which lots may go on an order line', () => {
  const lot = {
    number: 'L1',
    material: 'C762-BALL',
    status: 'released',
    expiresOn: '2037-03-12',
  };
  it('takes a released lot of the product usable on the due date (through its expiry day)', () => {
    expect(lotRefusalForLine(lot, 'C762-BALL', '2037-03-12')).toBeUndefined();
    expect(lotRefusalForLine({ ...lot, expiresOn: null }, 'C762-BALL', '2099-01-01')).toBe(
      undefined,
    );
  });
  it('refuses another product, a lot not released, one that expires before the due date', () => {
    expect(lotRefusalForLine(lot, 'C762-BLANK', '2030-01-01')).toBe(
      'lot L1 is C762-BALL, not C762-BLANK',
    );
    expect(lotRefusalForLine({ ...lot, status: 'on_hold' }, 'C762-BALL', '2030-01-01')).toBe(
      'lot L1 is on hold',
    );
    expect(lotRefusalForLine({ ...lot, status: 'quarantine' }, 'C762-BALL', '2030-01-01')).toBe(
      'lot L1 is in quarantine, not released by QA',
    );
    expect(lotRefusalForLine(lot, 'C762-BALL', '2037-03-13')).toBe(
      'lot L1 expires on 2037-03-12, before the order is due (2037-03-13)',
    );
  });
});

describe('allocation', () => {
  it('takes crates and pallets first expiry first, then cans for the rest, never more than ordered', () => {
    const result = allocate(
      [
        candidate('CAN-1', 'can', 660, '2037-01-01'),
        candidate('CRT-LATE', 'crate', 1320, '2038-01-01'),
        candidate('CRT-EARLY', 'crate', 1320, '2037-06-01'),
        candidate('PAL-1', 'pallet', 2640, '2037-06-01'),
        candidate('CAN-2', 'can', 660, '2038-01-01'),
      ],
      4620,
    );
    // Whole containers: the earliest expiry, the pallet before the crate of the
    // same lot (4,620 − 2,640 − 1,320 = 660 left); the later crate does not fit.
    // Then the can expiring first.
    expect(result.taken.map((c) => c.serial)).toEqual(['PAL-1', 'CRT-EARLY', 'CAN-1']);
    expect(result).toMatchObject({ allocated: 4620, shortfall: 0, tooLarge: [] });
  });

  it('reports a shortfall, and the containers too large for what is left', () => {
    const result = allocate(
      [candidate('CRT-1', 'crate', 1320, '2037-01-01'), candidate('CAN-1', 'can', 660, null)],
      1000,
    );
    // The crate (1,320) is more than wanted; the can (660) fits: 340 short.
    expect(result.taken.map((c) => c.serial)).toEqual(['CAN-1']);
    expect(result.allocated).toBe(660);
    expect(result.shortfall).toBe(340);
    expect(result.tooLarge.map((c) => c.serial)).toEqual(['CRT-1']);
  });

  it('puts lots that never expire last, and keeps a lot’s containers together', () => {
    const result = allocate(
      [
        candidate('CAN-A2', 'can', 660, '2037-01-01', 'A'),
        candidate('CAN-X', 'can', 660, null, 'X'),
        candidate('CAN-B1', 'can', 660, '2037-01-01', 'B'),
        candidate('CAN-A1', 'can', 660, '2037-01-01', 'A'),
      ],
      1980,
    );
    expect(result.taken.map((c) => c.serial)).toEqual(['CAN-A1', 'CAN-A2', 'CAN-B1']);
  });

  it('takes nothing for nothing wanted, and stops when the order is full', () => {
    expect(allocate([candidate('CAN-1', 'can', 660, null)], 0).taken).toEqual([]);
    const full = allocate(
      [candidate('CAN-1', 'can', 660, null), candidate('CAN-2', 'can', 660, null)],
      660,
    );
    expect(full.taken.map((c) => c.serial)).toEqual(['CAN-1']);
  });
});

describe('dangerous-goods declaration', () => {
  const hazards: Record<string, HazardFacts> = {
    'C762-BALL': {
      unNumber: 'UN0012',
      division: '1.4',
      compatibilityGroup: 'S',
      netExplosivePerUnitKg: 0.0017,
    },
    'C762-TRACER': {
      unNumber: 'UN0012',
      division: '1.4',
      compatibilityGroup: 'S',
      netExplosivePerUnitKg: 0.0018,
    },
    'C762-BLANK': {
      unNumber: 'UN0014',
      division: '1.4',
      compatibilityGroup: 'S',
      netExplosivePerUnitKg: 0.0008,
    },
  };
  const can = (serial: string, material: string, quantity: number): PackageTree => ({
    serial,
    kind: 'can',
    packaging: 'CAN-660',
    lots: [{ lot: `${material}-LOT`, material, quantity, unit: 'each' }],
    units: [],
  });
  const crate = (serial: string, cans: PackageTree[]): PackageTree => ({
    serial,
    kind: 'crate',
    packaging: 'CRATE-1320',
    lots: [],
    units: cans,
  });

  it('gives NEQ = quantity × net explosive per unit, per UN number, with packages and totals', () => {
    const pallet: PackageTree = {
      serial: 'PAL-1',
      kind: 'pallet',
      packaging: null,
      lots: [],
      units: [
        crate('CRT-1', [can('C1', 'C762-BALL', 660), can('C2', 'C762-BALL', 660)]),
        crate('CRT-2', [can('C3', 'C762-BALL', 660), can('C4', 'C762-TRACER', 660)]),
      ],
    };
    const result = dangerousGoods(
      [pallet, can('C5', 'C762-BLANK', 660), crate('CRT-3', [can('C6', 'C762-BALL', 660)])],
      (m) => hazards[m],
    );
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const [ball, blank] = result.value.entries;
    // UN0012: 1,980 ball + 660 tracer in crates 1 and 2 (on the pallet) + 660 ball in crate 3.
    // NEQ 2,640 × 0.0017 + 660 × 0.0018 = 4.488 + 1.188 = 5.676 kg.
    expect(ball).toMatchObject({
      unNumber: 'UN0012',
      properShippingName: 'CARTRIDGES, SMALL ARMS',
      classificationCode: '1.4S',
      packageCount: 3,
      packages: [{ count: 3, kind: 'crate', packaging: 'CRATE-1320' }],
      netExplosiveKg: 5.676,
    });
    expect(ball?.materials).toEqual([
      { material: 'C762-BALL', quantity: 2640, unit: 'each', netExplosiveKg: 4.488 },
      { material: 'C762-TRACER', quantity: 660, unit: 'each', netExplosiveKg: 1.188 },
    ]);
    // UN0014: 660 × 0.0008 = 0.528 kg in one can.
    expect(blank).toMatchObject({
      unNumber: 'UN0014',
      properShippingName: 'CARTRIDGES, SMALL ARMS, BLANK',
      packageCount: 1,
      packages: [{ count: 1, kind: 'can', packaging: 'CAN-660' }],
      netExplosiveKg: 0.528,
    });
    expect(result.value.totals).toEqual({ packages: 4, overpacks: 1, netExplosiveKg: 6.204 });
    expect(describePackages(ball?.packages ?? [])).toBe('3 crates (CRATE-1320)');
  });

  it('counts a pallet as an overpack of what stands on it, anything else as one package', () => {
    const c = crate('CRT-1', [can('C1', 'C762-BALL', 660)]);
    expect(
      packagesOf({ serial: 'P', kind: 'pallet', packaging: null, lots: [], units: [c] }),
    ).toEqual({ overpack: true, packages: [c] });
    expect(packagesOf(c)).toEqual({ overpack: false, packages: [c] });
  });

  it('leaves out materials that are not dangerous goods', () => {
    const result = dangerousGoods([can('C1', 'INERT-DUMMY', 100)], () => undefined);
    expect(result).toEqual({
      ok: true,
      value: { entries: [], totals: { packages: 0, overpacks: 0, netExplosiveKg: 0 } },
    });
  });

  it('refuses a UN number without a verified proper shipping name, or a classification that disagrees', () => {
    const result = dangerousGoods([can('C1', 'X', 10), can('C2', 'Y', 10)], (m) =>
      m === 'X'
        ? { unNumber: 'UN0339', division: '1.4', compatibilityGroup: 'C', netExplosivePerUnitKg: 1 }
        : {
            unNumber: 'UN0012',
            division: '1.4',
            compatibilityGroup: 'C',
            netExplosivePerUnitKg: 1,
          },
    );
    expect(result).toEqual({
      ok: false,
      problems: [
        'X is UN0339, which has no verified proper shipping name in Lotline: the declaration cannot name it',
        'Y is classified 1.4C in the plant file, but UN0012 (CARTRIDGES, SMALL ARMS) is 1.4S',
      ],
    });
  });

  it('rounds NEQ to the ledger’s six decimals', () => {
    expect(netExplosiveKg(3, 0.1)).toBe(0.3);
    expect(netExplosiveKg(1_000_000, 0.00003)).toBe(30);
  });
});
