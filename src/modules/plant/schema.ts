// The plant module's tables, in their own PostgreSQL schema. `revisions` keeps
// every accepted plant document whole (the record of what changed, when, from
// where); the other tables are its relational projection, which other modules'
// tables reference by code. A master-data row that leaves the plant is retired,
// not deleted, so history that points at it stays intact.
import {
  boolean,
  date,
  doublePrecision,
  integer,
  jsonb,
  pgSchema,
  primaryKey,
  serial,
  text,
  timestamp,
} from 'drizzle-orm/pg-core';
import type { PlantFile, RangeTest } from './model.js';

export const plantSchema = pgSchema('plant');

const retiredAt = () => timestamp('retired_at', { withTimezone: true });

export interface RevisionChange {
  kind: string;
  code: string;
  change: 'added' | 'updated' | 'retired';
}

export const revisions = plantSchema.table('revisions', {
  number: serial('number').primaryKey(),
  hash: text('hash').notNull(),
  source: text('source').notNull(),
  actor: text('actor'),
  note: text('note'),
  loadedAt: timestamp('loaded_at', { withTimezone: true }).notNull().defaultNow(),
  document: jsonb('document').$type<PlantFile>().notNull(),
  changes: jsonb('changes').$type<RevisionChange[]>().notNull(),
});

export const sites = plantSchema.table('sites', {
  code: text('code').primaryKey(),
  name: text('name').notNull(),
  country: text('country').notNull(),
  timezone: text('timezone').notNull(),
  manufacturerCode: text('manufacturer_code'),
  retiredAt: retiredAt(),
});

export const areas = plantSchema.table('areas', {
  code: text('code').primaryKey(),
  name: text('name').notNull(),
  kind: text('kind').notNull(),
  retiredAt: retiredAt(),
});

export const calendars = plantSchema.table('calendars', {
  code: text('code').primaryKey(),
  name: text('name').notNull(),
  retiredAt: retiredAt(),
});

export const shifts = plantSchema.table(
  'shifts',
  {
    calendarCode: text('calendar_code')
      .notNull()
      .references(() => calendars.code),
    code: text('code').notNull(),
    name: text('name').notNull(),
    startTime: text('start_time').notNull(),
    endTime: text('end_time').notNull(),
    days: text('days').array().notNull(),
    breakMinutes: integer('break_minutes').notNull(),
  },
  (t) => [primaryKey({ columns: [t.calendarCode, t.code] })],
);

export const holidays = plantSchema.table(
  'holidays',
  {
    calendarCode: text('calendar_code')
      .notNull()
      .references(() => calendars.code),
    position: integer('position').notNull(),
    date: date('date'),
    annual: text('annual'),
    name: text('name').notNull(),
  },
  (t) => [primaryKey({ columns: [t.calendarCode, t.position] })],
);

export const materials = plantSchema.table('materials', {
  code: text('code').primaryKey(),
  name: text('name').notNull(),
  kind: text('kind').notNull(),
  category: text('category').notNull(),
  unit: text('unit').notNull(),
  shelfLifeDays: integer('shelf_life_days'),
  unNumber: text('un_number'),
  hazardDivision: text('hazard_division'),
  compatibilityGroup: text('compatibility_group'),
  netExplosivePerUnitKg: doublePrecision('net_explosive_per_unit_kg'),
  retiredAt: retiredAt(),
});

export const bomItems = plantSchema.table(
  'bom_items',
  {
    productCode: text('product_code')
      .notNull()
      .references(() => materials.code),
    materialCode: text('material_code')
      .notNull()
      .references(() => materials.code),
    basis: integer('basis').notNull(),
    quantity: doublePrecision('quantity').notNull(),
    scrapPercent: doublePrecision('scrap_percent').notNull(),
  },
  (t) => [primaryKey({ columns: [t.productCode, t.materialCode] })],
);

export const lines = plantSchema.table('lines', {
  code: text('code').primaryKey(),
  name: text('name').notNull(),
  areaCode: text('area_code')
    .notNull()
    .references(() => areas.code),
  calendarCode: text('calendar_code')
    .notNull()
    .references(() => calendars.code),
  defaultChangeoverMinutes: integer('default_changeover_minutes').notNull(),
  retiredAt: retiredAt(),
});

export const stations = plantSchema.table(
  'stations',
  {
    lineCode: text('line_code')
      .notNull()
      .references(() => lines.code),
    code: text('code').notNull(),
    name: text('name').notNull(),
    kind: text('kind').notNull(),
    sequence: integer('sequence').notNull(),
    ratePerMinute: doublePrecision('rate_per_minute').notNull(),
    retiredAt: retiredAt(),
  },
  (t) => [primaryKey({ columns: [t.lineCode, t.code] })],
);

export const lineProducts = plantSchema.table(
  'line_products',
  {
    lineCode: text('line_code')
      .notNull()
      .references(() => lines.code),
    productCode: text('product_code')
      .notNull()
      .references(() => materials.code),
    ratePerMinute: doublePrecision('rate_per_minute').notNull(),
    share: doublePrecision('share'),
  },
  (t) => [primaryKey({ columns: [t.lineCode, t.productCode] })],
);

export const changeovers = plantSchema.table(
  'changeovers',
  {
    lineCode: text('line_code')
      .notNull()
      .references(() => lines.code),
    fromProduct: text('from_product')
      .notNull()
      .references(() => materials.code),
    toProduct: text('to_product')
      .notNull()
      .references(() => materials.code),
    minutes: integer('minutes').notNull(),
  },
  (t) => [primaryKey({ columns: [t.lineCode, t.fromProduct, t.toProduct] })],
);

export const maintenanceWindows = plantSchema.table(
  'maintenance_windows',
  {
    code: text('code').notNull(),
    lineCode: text('line_code')
      .notNull()
      .references(() => lines.code),
    fromDate: date('from_date').notNull(),
    toDate: date('to_date').notNull(),
    reason: text('reason').notNull(),
  },
  (t) => [primaryKey({ columns: [t.code, t.lineCode] })],
);

export const specifications = plantSchema.table('specifications', {
  code: text('code').primaryKey(),
  name: text('name').notNull(),
  productCode: text('product_code')
    .notNull()
    .references(() => materials.code),
  customerCode: text('customer_code').references(() => customers.code),
  revision: text('revision').notNull(),
  retiredAt: retiredAt(),
});

export const characteristics = plantSchema.table(
  'characteristics',
  {
    specificationCode: text('specification_code')
      .notNull()
      .references(() => specifications.code),
    code: text('code').notNull(),
    name: text('name').notNull(),
    type: text('type').notNull(),
    unit: text('unit'),
    lsl: doublePrecision('lsl'),
    usl: doublePrecision('usl'),
    nominal: doublePrecision('nominal'),
    defectClass: text('defect_class'),
    aql: doublePrecision('aql'),
    inspectionLevel: text('inspection_level'),
    retiredAt: retiredAt(),
  },
  (t) => [primaryKey({ columns: [t.specificationCode, t.code] })],
);

export const rangeTests = plantSchema.table(
  'range_tests',
  {
    specificationCode: text('specification_code')
      .notNull()
      .references(() => specifications.code),
    code: text('code').notNull(),
    name: text('name').notNull(),
    kind: text('kind').notNull(),
    unit: text('unit'),
    sampleSize: integer('sample_size').notNull(),
    limits: jsonb('limits').$type<RangeTest['limits']>().notNull(),
    retiredAt: retiredAt(),
  },
  (t) => [primaryKey({ columns: [t.specificationCode, t.code] })],
);

export const locations = plantSchema.table('locations', {
  code: text('code').primaryKey(),
  name: text('name').notNull(),
  areaCode: text('area_code')
    .notNull()
    .references(() => areas.code),
  kind: text('kind').notNull(),
  parentCode: text('parent_code'),
  netExplosiveLimitKg: doublePrecision('net_explosive_limit_kg'),
  hazardDivisions: text('hazard_divisions').array().notNull(),
  compatibilityGroups: text('compatibility_groups').array().notNull(),
  magazineType: text('magazine_type'),
  x: doublePrecision('x'),
  y: doublePrecision('y'),
  retiredAt: retiredAt(),
});

export const customers = plantSchema.table('customers', {
  code: text('code').primaryKey(),
  name: text('name').notNull(),
  kind: text('kind').notNull(),
  country: text('country').notNull(),
  retiredAt: retiredAt(),
});

export const suppliers = plantSchema.table('suppliers', {
  code: text('code').primaryKey(),
  name: text('name').notNull(),
  country: text('country').notNull(),
  imported: boolean('imported').notNull(),
  leadTimeDays: integer('lead_time_days').notNull(),
  retiredAt: retiredAt(),
});

export const supplierMaterials = plantSchema.table(
  'supplier_materials',
  {
    supplierCode: text('supplier_code')
      .notNull()
      .references(() => suppliers.code),
    materialCode: text('material_code')
      .notNull()
      .references(() => materials.code),
  },
  (t) => [primaryKey({ columns: [t.supplierCode, t.materialCode] })],
);
