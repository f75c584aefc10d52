// The floor must lock what the mix's commands lock, or it would measure a
// mix without its hot rows.
import { describe, expect, it } from 'vitest';
import { lockedRow } from './load-floor.js';

describe('the load floor', () => {
  it('locks the work order a scrap is recorded on', () => {
    expect(lockedRow('/api/production/work-orders/0b5e/scrap', { quantity: 1 })).toBe(
      'work-order:0b5e',
    );
  });
  it('locks the crate a move takes, and one series for every receipt', () => {
    expect(
      lockedRow('/api/genealogy/handling-units/move', { serials: ['C-7'], to: 'MAG-02' }),
    ).toBe('crate:C-7');
    expect(lockedRow('/api/genealogy/lots/receipts', { supplierLot: 'X' })).toBe('lot-series');
  });
});
