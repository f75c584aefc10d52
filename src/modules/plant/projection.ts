// Writes a plant document into the relational tables, inside the caller's
// transaction. Entities others may reference (materials, lines, stations,
// locations, …) are upserted and, when they leave the plant, retired; the
// rows that only describe their parent (shifts, BOM items, line products, …)
// are replaced whole.
import { and, getTableColumns, isNull, sql } from 'drizzle-orm';
import type { PgColumn, PgTable } from 'drizzle-orm/pg-core';
import type { Transaction } from '../../core/db/store.js';
import type { PlantFile } from './model.js';
import * as t from './schema.js';

type Row<T extends PgTable> = T['$inferInsert'];

export async function projectPlant(tx: Transaction, plant: PlantFile): Promise<void> {
  // Children first: they reference the parents retired or updated below.
  for (const table of [
    t.shifts,
    t.holidays,
    t.bomItems,
    t.lineProducts,
    t.changeovers,
    t.maintenanceWindows,
    t.supplierMaterials,
  ]) {
    await tx.delete(table);
  }

  await upsertAndRetire(
    tx,
    t.sites,
    [t.sites.code],
    [
      {
        code: plant.site.code,
        name: plant.site.name,
        country: plant.site.country,
        timezone: plant.site.timezone,
        manufacturerCode: plant.site.manufacturerCode ?? null,
      },
    ],
  );
  await upsertAndRetire(
    tx,
    t.areas,
    [t.areas.code],
    plant.areas.map((a) => ({ code: a.code, name: a.name, kind: a.kind })),
  );
  await upsertAndRetire(
    tx,
    t.calendars,
    [t.calendars.code],
    plant.calendars.map((c) => ({ code: c.code, name: c.name })),
  );
  await upsertAndRetire(
    tx,
    t.materials,
    [t.materials.code],
    plant.materials.map((m) => ({
      code: m.code,
      name: m.name,
      kind: m.kind,
      category: m.category,
      unit: m.unit,
      shelfLifeDays: m.shelfLifeDays ?? null,
      unNumber: m.hazard?.unNumber ?? null,
      hazardDivision: m.hazard?.division ?? null,
      compatibilityGroup: m.hazard?.compatibilityGroup ?? null,
      netExplosivePerUnitKg: m.hazard?.netExplosivePerUnitKg ?? null,
    })),
  );
  await upsertAndRetire(
    tx,
    t.customers,
    [t.customers.code],
    plant.customers.map((c) => ({ code: c.code, name: c.name, kind: c.kind, country: c.country })),
  );
  await upsertAndRetire(
    tx,
    t.suppliers,
    [t.suppliers.code],
    plant.suppliers.map((s) => ({
      code: s.code,
      name: s.name,
      country: s.country,
      imported: s.imported,
      leadTimeDays: s.leadTimeDays,
    })),
  );
  await upsertAndRetire(
    tx,
    t.lines,
    [t.lines.code],
    plant.lines.map((l) => ({
      code: l.code,
      name: l.name,
      areaCode: l.area,
      calendarCode: l.calendar,
      defaultChangeoverMinutes: l.defaultChangeoverMinutes,
    })),
  );
  await upsertAndRetire(
    tx,
    t.stations,
    [t.stations.lineCode, t.stations.code],
    plant.lines.flatMap((l) =>
      l.stations.map((s, i) => ({
        lineCode: l.code,
        code: s.code,
        name: s.name,
        kind: s.kind,
        sequence: i + 1,
        ratePerMinute: s.ratePerMinute,
      })),
    ),
  );
  await upsertAndRetire(
    tx,
    t.specifications,
    [t.specifications.code],
    plant.specifications.map((s) => ({
      code: s.code,
      name: s.name,
      productCode: s.product,
      customerCode: s.customer ?? null,
      revision: s.revision,
    })),
  );
  await upsertAndRetire(
    tx,
    t.characteristics,
    [t.characteristics.specificationCode, t.characteristics.code],
    plant.specifications.flatMap((s) =>
      s.characteristics.map((c) => ({
        specificationCode: s.code,
        code: c.code,
        name: c.name,
        type: c.type,
        unit: c.type === 'variable' ? c.unit : null,
        lsl: c.type === 'variable' ? (c.lsl ?? null) : null,
        usl: c.type === 'variable' ? (c.usl ?? null) : null,
        nominal: c.type === 'variable' ? (c.nominal ?? null) : null,
        defectClass: c.type === 'attribute' ? c.defectClass : null,
        aql: c.type === 'attribute' ? c.aql : null,
        inspectionLevel: c.type === 'attribute' ? c.inspectionLevel : null,
      })),
    ),
  );
  await upsertAndRetire(
    tx,
    t.rangeTests,
    [t.rangeTests.specificationCode, t.rangeTests.code],
    plant.specifications.flatMap((s) =>
      s.rangeTests.map((r) => ({
        specificationCode: s.code,
        code: r.code,
        name: r.name,
        kind: r.kind,
        unit: r.unit ?? null,
        sampleSize: r.sampleSize,
        limits: r.limits,
      })),
    ),
  );
  await upsertAndRetire(
    tx,
    t.locations,
    [t.locations.code],
    plant.locations.map((l) => ({
      code: l.code,
      name: l.name,
      areaCode: l.area,
      kind: l.kind,
      parentCode: l.parent ?? null,
      netExplosiveLimitKg: l.netExplosiveLimitKg ?? null,
      hazardDivisions: l.hazardDivisions,
      compatibilityGroups: l.compatibilityGroups,
      magazineType: l.magazineType ?? null,
      x: l.position?.x ?? null,
      y: l.position?.y ?? null,
    })),
  );

  await insertAll(
    tx,
    t.shifts,
    plant.calendars.flatMap((c) =>
      c.shifts.map((s) => ({
        calendarCode: c.code,
        code: s.code,
        name: s.name,
        startTime: s.start,
        endTime: s.end,
        days: s.days,
        breakMinutes: s.breakMinutes,
      })),
    ),
  );
  await insertAll(
    tx,
    t.holidays,
    plant.calendars.flatMap((c) =>
      c.holidays.map((h, i) => ({
        calendarCode: c.code,
        position: i,
        date: h.date ?? null,
        annual: h.annual ?? null,
        name: h.name,
      })),
    ),
  );
  await insertAll(
    tx,
    t.bomItems,
    plant.boms.flatMap((b) =>
      b.items.map((item) => ({
        productCode: b.product,
        materialCode: item.material,
        basis: b.basis,
        quantity: item.quantity,
        scrapPercent: item.scrapPercent,
      })),
    ),
  );
  await insertAll(
    tx,
    t.lineProducts,
    plant.lines.flatMap((l) =>
      l.products.map((p) => ({
        lineCode: l.code,
        productCode: p.product,
        ratePerMinute: p.ratePerMinute,
        share: p.share ?? null,
      })),
    ),
  );
  await insertAll(
    tx,
    t.changeovers,
    plant.lines.flatMap((l) =>
      l.changeovers.map((c) => ({
        lineCode: l.code,
        fromProduct: c.from,
        toProduct: c.to,
        minutes: c.minutes,
      })),
    ),
  );
  await insertAll(
    tx,
    t.maintenanceWindows,
    plant.maintenance.flatMap((m) =>
      m.lines.map((lineCode) => ({
        code: m.code,
        lineCode,
        fromDate: m.from,
        toDate: m.to,
        reason: m.reason,
      })),
    ),
  );
  await insertAll(
    tx,
    t.supplierMaterials,
    plant.suppliers.flatMap((s) =>
      s.materials.map((materialCode) => ({ supplierCode: s.code, materialCode })),
    ),
  );
}

interface Retirable extends PgTable {
  retiredAt: PgColumn;
}

async function upsertAndRetire<T extends Retirable>(
  tx: Transaction,
  table: T,
  keys: PgColumn[],
  rows: Row<T>[],
): Promise<void> {
  const keyNames = new Set(keys.map((k) => k.name));
  const update: Record<string, unknown> = {};
  for (const [property, column] of Object.entries(getTableColumns(table))) {
    if (keyNames.has(column.name)) continue;
    update[property] = column === table.retiredAt ? null : sql.raw(`excluded."${column.name}"`);
  }
  if (rows.length > 0) {
    await tx
      .insert(table)
      .values(rows)
      .onConflictDoUpdate({ target: keys, set: update as never });
  }
  // Retire what the new plant no longer has; a composite key compares as a row.
  const keyTuple = sql.join(keys, sql`, `);
  const present = rows.map((row) => {
    const values = keys.map((k) => {
      const property = Object.entries(getTableColumns(table)).find(([, c]) => c === k)?.[0];
      return sql`${(row as Record<string, unknown>)[property ?? '']}`;
    });
    return sql`(${sql.join(values, sql`, `)})`;
  });
  const stillPresent =
    present.length === 0 ? sql`true` : sql`(${keyTuple}) not in (${sql.join(present, sql`, `)})`;
  await tx
    .update(table)
    .set({ retiredAt: sql`now()` } as never)
    .where(and(isNull(table.retiredAt), stillPresent));
}

async function insertAll<T extends PgTable>(tx: Transaction, table: T, rows: Row<T>[]) {
  if (rows.length > 0) await tx.insert(table).values(rows);
}
