import { readFileSync } from 'node:fs';
import { sql } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { createTestStore, REFERENCE_PLANT } from '../../../test/support/database.js';
import type { Store } from '../../core/db/store.js';
import { isLotlineError } from '../../core/errors.js';
import { loadPlantFile } from './load-file.js';
import type { PlantFileInput } from './model.js';
import { createEntity, currentPlant, listRevisions, loadPlant, replaceEntity } from './service.js';

const referenceDocument = () => parse(readFileSync(REFERENCE_PLANT, 'utf8')) as PlantFileInput;

const count = async (store: Store, table: string) => {
  const result = await store.db.execute(sql.raw(`select count(*)::int as n from ${table}`));
  return (result as unknown as { rows: { n: number }[] }).rows[0]?.n;
};

describe('loading a plant', () => {
  let store: Store;
  beforeEach(async () => {
    store = await createTestStore();
  });
  afterEach(async () => {
    await store.close();
  });

  it('projects the reference plant into the tables', async () => {
    const result = await loadPlantFile(store.db, REFERENCE_PLANT);
    expect(result.changed).toBe(true);
    expect(result.revision.number).toBe(1);
    expect(await count(store, 'plant.lines')).toBe(4);
    expect(await count(store, 'plant.stations')).toBe(28);
    expect(await count(store, 'plant.materials')).toBe(17);
    expect(await count(store, 'plant.line_products')).toBe(6);
    expect(await count(store, 'plant.maintenance_windows')).toBe(8);
  });

  it('changes nothing when the same file is loaded twice', async () => {
    await loadPlantFile(store.db, REFERENCE_PLANT);
    const again = await loadPlantFile(store.db, REFERENCE_PLANT);
    expect(again.changed).toBe(false);
    expect(again.revision.number).toBe(1);
    expect(await listRevisions(store.db)).toHaveLength(1);
  });

  it('records a changed file as a new revision naming what changed', async () => {
    await loadPlantFile(store.db, REFERENCE_PLANT);
    const doc = referenceDocument();
    const l1 = doc.lines.find((l) => l.code === 'L1');
    if (!l1) throw new Error('reference plant has no L1');
    l1.products[0] = { product: 'C762-BALL', ratePerMinute: 90 };
    doc.customers = doc.customers?.filter((c) => c.code !== 'PE-MIR');
    const result = await loadPlant(store.db, doc, { source: 'test', note: 'faster line 1' });
    expect(result.changed).toBe(true);
    expect(result.revision.number).toBe(2);
    expect(result.revision.changes).toEqual([
      { kind: 'line', code: 'L1', change: 'updated' },
      { kind: 'customer', code: 'PE-MIR', change: 'retired' },
    ]);
    const retired = await store.db.execute(
      sql`select retired_at is not null as retired from plant.customers where code = 'PE-MIR'`,
    );
    expect((retired as unknown as { rows: { retired: boolean }[] }).rows[0]?.retired).toBe(true);
    const { plant } = await currentPlant(store.db);
    expect(plant.lines[0]?.products[0]?.ratePerMinute).toBe(90);
  });

  it('writes nothing when the plant is invalid', async () => {
    await loadPlantFile(store.db, REFERENCE_PLANT);
    const doc = referenceDocument();
    doc.lines[0]!.area = 'NOWHERE';
    const error = await loadPlant(store.db, doc, { source: 'test' }).catch((e: unknown) => e);
    expect(isLotlineError(error) && error.issues).toEqual([
      {
        path: 'lines[0].area',
        message: 'unknown area "NOWHERE"',
        code: 'area_unknown',
        params: { area: 'NOWHERE' },
      },
    ]);
    expect(await listRevisions(store.db)).toHaveLength(1);
  });

  it('creates and replaces single entities through the same checks', async () => {
    await loadPlantFile(store.db, REFERENCE_PLANT);
    const customer = {
      code: 'GN-2',
      name: 'Guardia Nacional, Región 2',
      kind: 'armed_forces' as const,
      country: 'VE',
    };
    const created = await createEntity(store.db, 'customers', customer, { source: 'test' });
    expect(created.revision.changes).toEqual([{ kind: 'customer', code: 'GN-2', change: 'added' }]);
    await expect(createEntity(store.db, 'customers', customer, { source: 'test' })).rejects.toThrow(
      /already exists/,
    );
    const replaced = await replaceEntity(
      store.db,
      'customers',
      'GN-2',
      { ...customer, name: 'Guardia Nacional — Región 2' },
      { source: 'test' },
    );
    expect(replaced.revision.changes).toEqual([
      { kind: 'customer', code: 'GN-2', change: 'updated' },
    ]);
    await expect(
      replaceEntity(
        store.db,
        'customers',
        'NOPE',
        { ...customer, code: 'NOPE' },
        { source: 'test' },
      ),
    ).rejects.toThrow(/does not exist/);
  });

  it('serialises concurrent edits without losing one', async () => {
    await loadPlantFile(store.db, REFERENCE_PLANT);
    const customers = Array.from({ length: 6 }, (_, i) => ({
      code: `C-${i}`,
      name: `Customer ${i}`,
      kind: 'police' as const,
      country: 'VE',
    }));
    await Promise.all(
      customers.map((c) => createEntity(store.db, 'customers', c, { source: 'test' })),
    );
    const { plant } = await currentPlant(store.db);
    expect(plant.customers.map((c) => c.code)).toEqual(
      expect.arrayContaining(customers.map((c) => c.code)),
    );
    expect(await listRevisions(store.db)).toHaveLength(7);
  });
});
