import { describe, expect, it } from 'vitest';
import type { Location, Material, Supplier } from '../../api/types';
import {
  approvedSuppliers,
  EMPTY_DRAFT,
  locationGroups,
  receiptBody,
  receivableMaterials,
  withMaterial,
} from './receipt';

const material = (code: string, kind: Material['kind']): Material => ({
  code,
  name: code,
  kind,
  category: 'x',
  unit: 'kg',
});

const supplier = (code: string, materials: string[]): Supplier => ({
  code,
  name: code,
  country: 'VE',
  imported: false,
  leadTimeDays: 10,
  materials,
});

const location = (code: string, kind: string): Location => ({
  code,
  name: code,
  area: 'A',
  kind,
  hazardDivisions: [],
  compatibilityGroups: [],
});

const SUPPLIERS = [
  supplier('SUP-POWDER', ['PROP-BALL', 'PROP-BLANK']),
  supplier('SUP-POWDER-2', ['PROP-BALL']),
  supplier('SUP-CASES', ['CASE-762']),
];

describe('the supplier receipt form', () => {
  it('offers what suppliers deliver, not what the plant makes', () => {
    const materials = [
      material('C762-BALL', 'finished'),
      material('PROP-BALL', 'component'),
      material('CAN-660', 'packaging'),
    ];
    expect(receivableMaterials(materials).map((m) => m.code)).toEqual(['PROP-BALL', 'CAN-660']);
  });

  it('offers the suppliers approved for the material, none before one is chosen', () => {
    expect(approvedSuppliers(SUPPLIERS, '')).toEqual([]);
    expect(approvedSuppliers(SUPPLIERS, 'PROP-BALL').map((s) => s.code)).toEqual([
      'SUP-POWDER',
      'SUP-POWDER-2',
    ]);
    expect(approvedSuppliers(SUPPLIERS, 'SEALANT')).toEqual([]);
  });

  it('keeps an approved supplier, picks the only one, or leaves the choice open', () => {
    const chosen = { ...EMPTY_DRAFT, material: 'PROP-BALL', supplier: 'SUP-POWDER' };
    expect(withMaterial(chosen, 'PROP-BLANK', SUPPLIERS).supplier).toBe('SUP-POWDER');
    expect(withMaterial(chosen, 'CASE-762', SUPPLIERS).supplier).toBe('SUP-CASES');
    const other = { ...chosen, supplier: 'SUP-CASES' };
    expect(withMaterial(other, 'PROP-BALL', SUPPLIERS)).toMatchObject({
      material: 'PROP-BALL',
      supplier: '',
    });
  });

  it('lists quarantines first, then stores and magazines, then the rest', () => {
    const groups = locationGroups([
      location('MAG-01', 'magazine'),
      location('DOCK-01', 'shipping'),
      location('ST-CASES', 'component_store'),
      location('QUAR-01', 'quarantine'),
      location('QUAR-02', 'quarantine'),
    ]);
    expect(groups.map((g) => [g.kind, g.locations.map((l) => l.code)])).toEqual([
      ['quarantine', ['QUAR-01', 'QUAR-02']],
      ['component_store', ['ST-CASES']],
      ['magazine', ['MAG-01']],
      ['shipping', ['DOCK-01']],
    ]);
  });

  it('names the first field missing, in the order of the form', () => {
    const full = {
      material: 'PROP-BALL',
      supplier: 'SUP-POWDER',
      supplierLot: ' PSC-1 ',
      certificate: '',
      quantity: '20.5',
      expiresOn: '',
      location: 'QUAR-02',
    };
    expect(receiptBody(EMPTY_DRAFT)).toEqual({ problem: 'material' });
    expect(receiptBody({ ...full, supplier: '' })).toEqual({ problem: 'supplier' });
    expect(receiptBody({ ...full, supplierLot: '  ' })).toEqual({ problem: 'supplierLot' });
    for (const quantity of ['', '0', '-3', 'abc']) {
      expect(receiptBody({ ...full, quantity })).toEqual({ problem: 'quantity' });
    }
    expect(receiptBody({ ...full, location: '' })).toEqual({ problem: 'location' });
  });

  it('sends what was entered, trimmed, and leaves out what was not', () => {
    const draft = {
      material: 'PROP-BALL',
      supplier: 'SUP-POWDER',
      supplierLot: ' PSC-1 ',
      certificate: '  ',
      quantity: '20.5',
      expiresOn: '',
      location: 'QUAR-02',
    };
    expect(receiptBody(draft)).toEqual({
      body: {
        material: 'PROP-BALL',
        supplier: 'SUP-POWDER',
        supplierLot: 'PSC-1',
        quantity: 20.5,
        location: 'QUAR-02',
      },
    });
    expect(
      receiptBody({ ...draft, certificate: ' COA-1 ', expiresOn: '2031-05-31' }),
    ).toMatchObject({ body: { certificate: 'COA-1', expiresOn: '2031-05-31' } });
  });
});
