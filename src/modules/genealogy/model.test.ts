import { describe, expect, it } from 'vitest';
import {
  apportionUnits,
  componentQuantity,
  contentsAt,
  lotRefusal,
  massBalance,
  packingRefusal,
} from './model.js';

describe('apportioning counts to the lots in the feeders', () => {
  // Primer lot A in the feeder 06:00–07:00, then lot B; counts reported every half hour.
  const t = (hhmm: string) => Date.parse(`2027-03-15T${hhmm}:00Z`);
  const windows = [
    { id: 'A', material: 'PRIMER', from: t('06:00'), to: t('07:00') },
    { id: 'B', material: 'PRIMER', from: t('07:00'), to: null },
    { id: 'C', material: 'CASE', from: t('06:30'), to: null },
  ];
  const counts = [
    { at: t('06:30'), units: 1000 },
    { at: t('07:00'), units: 1020 },
    { at: t('07:30'), units: 750 },
  ];

  it('gives a count reported at the change to the lot that was in the feeder before it', () => {
    const { unitsByLoad, unattributed } = apportionUnits(windows, counts, ['PRIMER', 'CASE']);
    expect(unitsByLoad.get('A')).toBe(2020);
    expect(unitsByLoad.get('B')).toBe(750);
    // The case feeder was loaded only at 06:30: what was counted up to then has no case lot.
    expect(unitsByLoad.get('C')).toBe(1770);
    expect(unattributed.get('CASE')).toBe(1000);
    expect(unattributed.get('PRIMER')).toBe(0);
  });

  it('turns units into BOM quantities, to the ledger’s six decimals', () => {
    // 1.6 kg of propellant per 1,000 cartridges.
    expect(componentQuantity(3530, 1.6, 1000)).toBe(5.648);
    expect(componentQuantity(1, 1.6, 1000)).toBe(0.0016);
    expect(componentQuantity(3, 0.7576, 1000)).toBe(0.002273);
  });
});

describe('what a lot status allows', () => {
  it('consumes and ships only released lots, and says why not', () => {
    expect(lotRefusal({ number: 'L1', status: 'released' }, 'consume')).toBeUndefined();
    expect(lotRefusal({ number: 'L1', status: 'on_hold' }, 'ship')).toEqual({
      code: 'lot_status_forbids_use',
      params: { lot: 'L1', lotUse: 'ship', lotStatus: 'on_hold' },
      text: 'lot L1 may not be shipped: it is on hold',
    });
    expect(lotRefusal({ number: 'L1', status: 'quarantine' }, 'consume')?.text).toMatch(
      /quarantine/,
    );
    expect(lotRefusal({ number: 'L1', status: 'quarantine' }, 'pack')).toBeUndefined();
  });
});

describe('the packaging hierarchy', () => {
  const can = { serial: 'CAN-1', kind: 'can' as const };
  const crate = { serial: '0759…', kind: 'crate' as const };
  const pallet = { serial: '1759…', kind: 'pallet' as const };

  it('packs smaller into larger only', () => {
    expect(packingRefusal(crate, can)).toBeUndefined();
    expect(packingRefusal(pallet, crate)).toBeUndefined();
    expect(packingRefusal(can, crate)?.text).toMatch(/does not go into a can/);
    expect(packingRefusal(crate, crate)?.text).toMatch(/cannot hold itself/);
    expect(packingRefusal(crate, { serial: 'other', kind: 'crate' })?.text).toMatch(
      /does not go into/,
    );
    expect(packingRefusal(can, { kind: 'lot' })).toBeUndefined();
    expect(packingRefusal(pallet, { kind: 'lot' })).toMatchObject({
      code: 'loose_cartridges_not_allowed',
      text: expect.stringMatching(/packets or cans/),
    });
  });

  it('replays the contents of a container at a past moment', () => {
    const records = [
      {
        seq: 1,
        at: 10,
        action: 'ADD' as const,
        parentId: 'crate',
        childUnitId: 'can1',
        childLotId: null,
        quantity: null,
      },
      {
        seq: 2,
        at: 10,
        action: 'ADD' as const,
        parentId: 'crate',
        childUnitId: 'can2',
        childLotId: null,
        quantity: null,
      },
      {
        seq: 3,
        at: 10,
        action: 'ADD' as const,
        parentId: 'can1',
        childUnitId: null,
        childLotId: 'lotX',
        quantity: 660,
      },
      {
        seq: 4,
        at: 20,
        action: 'DELETE' as const,
        parentId: 'crate',
        childUnitId: 'can2',
        childLotId: null,
        quantity: null,
      },
      {
        seq: 5,
        at: 30,
        action: 'DELETE' as const,
        parentId: 'can1',
        childUnitId: null,
        childLotId: 'lotX',
        quantity: 60,
      },
    ];
    expect(contentsAt(records, 5)).toEqual([]);
    expect(contentsAt(records, 15).map((c) => `${c.parentId}>${c.childId}:${c.quantity}`)).toEqual([
      'crate>can1:1',
      'crate>can2:1',
      'can1>lotX:660',
    ]);
    expect(contentsAt(records, 35).map((c) => `${c.parentId}>${c.childId}:${c.quantity}`)).toEqual([
      'crate>can1:1',
      'can1>lotX:600',
    ]);
  });
});

describe('mass balance', () => {
  it('balances when the ledger agrees with the genealogy', () => {
    // 3,000 primers received; 2,020 used (settled), 500 used by a load still running;
    // the line side still holds those 500 in the ledger.
    const balance = massBalance({
      in: 3000,
      consumed: 2020,
      consuming: 500,
      scrapped: 0,
      shipped: 0,
      adjusted: 0,
      ledgerOnHand: 980,
    });
    expect(balance.onHand).toBe(480);
    expect(balance.difference).toBe(0);
    expect(balance.balanced).toBe(true);
  });

  it('shows what does not add up', () => {
    const balance = massBalance({
      in: 100,
      consumed: 30,
      consuming: 0,
      scrapped: 5,
      shipped: 50,
      adjusted: -2,
      ledgerOnHand: 20,
    });
    expect(balance.difference).toBe(-7);
    expect(balance.balanced).toBe(false);
  });
});

describe('shelf life', () => {
  const lot = { number: 'LTL27C400-001', status: 'released' as const, expiresOn: '2027-03-14' };

  it('blocks an expired lot from consumption and shipping, not from packing', () => {
    expect(lotRefusal(lot, 'consume', '2027-03-15')?.text).toBe(
      'lot LTL27C400-001 may not be consumed: it expired on 2027-03-14',
    );
    expect(lotRefusal(lot, 'ship', '2027-03-15')?.text).toMatch(/may not be shipped: it expired/);
    expect(lotRefusal(lot, 'pack', '2027-03-15')).toBeUndefined();
  });

  it('lets a lot be used on its expiry day', () => {
    expect(lotRefusal(lot, 'consume', '2027-03-14')).toBeUndefined();
  });
});
