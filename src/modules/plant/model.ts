// The plant file: one document that describes a whole plant. The same schema
// parses the YAML file, the HTTP bodies that edit master data and the OpenAPI
// document, so there is one definition of what a valid plant is.
import { z } from 'zod';
import type { FieldIssue } from '../../core/validation.js';
import { COMPATIBILITY_GROUPS, HAZARD_DIVISIONS } from './hazard-codes.js';

export const PLANT_FILE_SCHEMA_VERSION = 1;

export const Code = z
  .string()
  .regex(
    /^[A-Za-z0-9][A-Za-z0-9._-]{0,39}$/,
    'expected a code of 1–40 letters, digits, dots, dashes or underscores',
  );
const Name = z.string().trim().min(1, 'expected a non-empty name').max(200);
const PositiveNumber = z.number().positive();
const NonNegativeNumber = z.number().nonnegative();
const PositiveInt = z.number().int().positive();
const NonNegativeInt = z.number().int().nonnegative();
const IsoDate = z.iso.date();
const ClockTime = z
  .string()
  .regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'expected a time of day as HH:MM (24-hour clock)');
const CountryCode = z.string().regex(/^[A-Z]{2}$/, 'expected an ISO 3166 two-letter country code');

export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

export const Site = z.strictObject({
  code: Code,
  name: Name,
  country: CountryCode,
  timezone: z.string().min(1).describe('IANA time zone of the plant, e.g. America/Caracas'),
  manufacturerCode: z
    .string()
    .regex(/^[A-Z0-9]{2,4}$/, 'expected 2–4 upper-case letters or digits')
    .optional()
    .describe('manufacturer identification code used in lot numbers (MIL-STD-1168)'),
  gs1CompanyPrefix: z
    .string()
    .regex(/^\d{6,12}$/, 'expected a GS1 company prefix of 6–12 digits')
    .optional()
    .describe(
      'GS1 company prefix of the plant, for SSCCs on crates and pallets and EPCIS identifiers',
    ),
  lotNumbering: z
    .strictObject({
      identifier: z
        .string()
        .regex(/^[-A-Z]$/, 'expected "-" or one capital letter')
        .default('-')
        .describe(
          'the character between interfix and sequence (MIL-STD-1168C 4.3: a hyphen or a lot identifier code)',
        ),
      sequenceDigits: z.number().int().min(3).max(5).default(3),
    })
    .default({ identifier: '-', sequenceDigits: 3 })
    .describe('how lot numbers are written (MIL-STD-1168C)'),
});

export const AREA_KINDS = [
  'production',
  'firing_range',
  'storage',
  'receiving',
  'shipping',
] as const;
export const Area = z.strictObject({ code: Code, name: Name, kind: z.enum(AREA_KINDS) });

export const Shift = z.strictObject({
  code: Code,
  name: Name,
  start: ClockTime,
  end: ClockTime.describe('end of the shift; earlier than start means it ends the next day'),
  days: z.array(z.enum(WEEKDAYS)).min(1, 'expected at least one weekday'),
  breakMinutes: NonNegativeInt.default(0).describe('unpaid breaks in which the line stands'),
});

export const Holiday = z
  .strictObject({
    date: IsoDate.optional().describe('a one-off holiday, e.g. 2027-03-25'),
    annual: z
      .string()
      .regex(/^(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/, 'expected a month and day as MM-DD')
      .optional()
      .describe('a holiday on the same day every year, as MM-DD'),
    name: Name,
  })
  .refine((h) => (h.date === undefined) !== (h.annual === undefined), {
    message: 'expected exactly one of date or annual',
  });

export const Calendar = z.strictObject({
  code: Code,
  name: Name,
  shifts: z.array(Shift).min(1, 'expected at least one shift'),
  holidays: z.array(Holiday).default([]),
});

export const MaintenanceWindow = z.strictObject({
  code: Code,
  lines: z.array(Code).min(1, 'expected at least one line'),
  from: IsoDate.describe('first day of the window'),
  to: IsoDate.describe('last day of the window (inclusive)'),
  reason: Name,
});

export const MATERIAL_KINDS = ['component', 'packaging', 'finished'] as const;
export const MATERIAL_CATEGORIES = [
  'case',
  'primer',
  'propellant',
  'bullet',
  'packaging',
  'cartridge',
  'spare_part',
  'other',
] as const;
export const UNITS = ['each', 'kg', 'g', 'm', 'l'] as const;

export const HazardData = z.strictObject({
  unNumber: z.string().regex(/^UN\d{4}$/, 'expected a UN number such as UN0012'),
  division: z.enum(HAZARD_DIVISIONS),
  compatibilityGroup: z.enum(COMPATIBILITY_GROUPS),
  netExplosivePerUnitKg: NonNegativeNumber.describe(
    'net explosive quantity in one unit of the material, in kilograms',
  ),
});

export const SparePart = z
  .strictObject({
    reorderPoint: NonNegativeNumber.describe(
      'order more when stock on hand plus on order, less what is reserved, falls below this',
    ),
    reorderQuantity: PositiveNumber.optional().describe('the usual quantity of one order'),
  })
  .describe('a spare part for the maintenance of the stations (category spare_part)');

export const Material = z.strictObject({
  code: Code,
  name: Name,
  kind: z.enum(MATERIAL_KINDS),
  category: z.enum(MATERIAL_CATEGORIES),
  unit: z.enum(UNITS),
  shelfLifeDays: PositiveInt.optional(),
  hazard: HazardData.optional(),
  gtin: z
    .string()
    .regex(/^\d{14}$/, 'expected a GTIN-14 of 14 digits')
    .optional()
    .describe('GTIN-14 of the material, for labels and EPCIS'),
  lotInterfixes: z
    .strictObject({
      first: z.number().int().min(0).max(999),
      last: z.number().int().min(0).max(999),
    })
    .refine((b) => b.first <= b.last, { message: 'expected first ≤ last' })
    .optional()
    .describe(
      'the block of lot interfix numbers reserved for this material (MIL-STD-1168C 4.4); materials without one share 1–999',
    ),
  sparePart: SparePart.optional(),
});

export const BomItem = z.strictObject({
  material: Code,
  quantity: PositiveNumber.describe('quantity of the material per basis of finished product'),
  scrapPercent: NonNegativeNumber.max(100).default(0).describe('expected loss at the line'),
});

export const Bom = z.strictObject({
  product: Code,
  basis: PositiveInt.default(1000).describe('number of finished units the quantities are for'),
  items: z.array(BomItem).min(1, 'expected at least one component'),
});

export const DEFECT_CLASSES = ['critical', 'major', 'minor'] as const;
export const INSPECTION_LEVELS = ['I', 'II', 'III', 'S-1', 'S-2', 'S-3', 'S-4'] as const;
// ISO 2859-1 Table 2-A preferred AQL values.
export const AQL_VALUES = [
  0.01, 0.015, 0.025, 0.04, 0.065, 0.1, 0.15, 0.25, 0.4, 0.65, 1, 1.5, 2.5, 4, 6.5, 10, 15, 25, 40,
  65, 100, 150, 250, 400, 650, 1000,
] as const;

export const VariableCharacteristic = z.strictObject({
  code: Code,
  name: Name,
  type: z.literal('variable'),
  unit: z.string().min(1),
  lsl: z.number().optional().describe('lower specification limit'),
  usl: z.number().optional().describe('upper specification limit'),
  nominal: z.number().optional(),
  gaugeMetric: z
    .string()
    .min(1)
    .optional()
    .describe('the inline gauge metric that measures it on the line (e.g. Gauge/OAL), for SPC'),
});

export const AttributeCharacteristic = z.strictObject({
  code: Code,
  name: Name,
  type: z.literal('attribute'),
  defectClass: z.enum(DEFECT_CLASSES),
  aql: z.number().refine((v) => (AQL_VALUES as readonly number[]).includes(v), {
    message: 'expected a preferred AQL value of ISO 2859-1 (e.g. 0.65, 1.0, 2.5)',
  }),
  inspectionLevel: z.enum(INSPECTION_LEVELS).default('II'),
});

export const Characteristic = z.discriminatedUnion('type', [
  VariableCharacteristic,
  AttributeCharacteristic,
]);

export const RANGE_TEST_KINDS = [
  'function_casualty',
  'velocity',
  'dispersion',
  'tracer_trace',
  'blank_function',
  'other',
] as const;
export const RANGE_STATISTICS = [
  'mean',
  'sd',
  'min',
  'max',
  'extreme_spread',
  'mean_radius',
  'failures',
] as const;

export const RangeLimit = z.strictObject({
  statistic: z.enum(RANGE_STATISTICS),
  min: z.number().optional(),
  max: z.number().optional(),
});

export const RangeTest = z.strictObject({
  code: Code,
  name: Name,
  kind: z.enum(RANGE_TEST_KINDS),
  unit: z.string().min(1).optional(),
  sampleSize: PositiveInt.describe('rounds fired for one test'),
  limits: z.array(RangeLimit).min(1, 'expected at least one limit'),
});

export const SPECIFICATION_SCOPES = ['lot_acceptance', 'incoming'] as const;

export const Specification = z.strictObject({
  code: Code,
  name: Name,
  scope: z
    .enum(SPECIFICATION_SCOPES)
    .default('lot_acceptance')
    .describe(
      'lot_acceptance: a finished product lot before release; incoming: a supplier lot of a component on receipt',
    ),
  product: Code.describe(
    'the material the specification is for: a finished product, or for incoming inspection a component',
  ),
  customer: Code.optional().describe('the customer whose specification this is, if any'),
  supplier: Code.optional().describe(
    'incoming inspection: the supplier it applies to (all suppliers when omitted)',
  ),
  revision: z.string().min(1).default('A'),
  characteristics: z.array(Characteristic).default([]),
  rangeTests: z.array(RangeTest).default([]),
});

export const STATION_KINDS = [
  'case_feeding',
  'priming',
  'charging',
  'bullet_seating',
  'crimping_sealing',
  'gauging',
  'inspection',
  'packing',
  'other',
] as const;

// A station is also a maintainable asset: what machine it is and how much
// its failure matters (A: stops the plant's output or touches safety or
// quality, B: stops its line, C: the line works around it for a while).
export const CRITICALITIES = ['A', 'B', 'C'] as const;

export const Equipment = z
  .strictObject({
    make: Name.optional().describe('the manufacturer of the machine'),
    model: z.string().trim().min(1).max(100).optional(),
    serial: z
      .string()
      .trim()
      .min(1)
      .max(100)
      .optional()
      .describe("the manufacturer's serial number"),
    criticality: z
      .enum(CRITICALITIES)
      .optional()
      .describe('A: critical (output, safety or quality), B: stops its line, C: can wait'),
  })
  .describe('the machine behind the station, as a maintainable asset');

export const Station = z.strictObject({
  code: Code,
  name: Name,
  kind: z.enum(STATION_KINDS),
  ratePerMinute: PositiveNumber.describe('nominal rate of the station, units per minute'),
  equipment: Equipment.optional(),
});

export const LineProduct = z.strictObject({
  product: Code,
  ratePerMinute: PositiveNumber.describe('rated output of the line for this product'),
  share: z
    .number()
    .gt(0)
    .max(1)
    .optional()
    .describe('planned share of the line time for this product, for rated capacity'),
});

export const Changeover = z.strictObject({
  from: Code,
  to: Code,
  minutes: NonNegativeInt,
});

export const Line = z.strictObject({
  code: Code,
  name: Name,
  area: Code,
  calendar: Code,
  stations: z.array(Station).min(1, 'expected at least one station'),
  products: z.array(LineProduct).min(1, 'expected at least one product'),
  changeovers: z.array(Changeover).default([]),
  defaultChangeoverMinutes: NonNegativeInt.default(0),
});

export const LOCATION_KINDS = [
  'magazine',
  'component_store',
  'quarantine',
  'shipping',
  'range_store',
  'scrap',
] as const;
export const MAGAZINE_TYPES = ['earth_covered', 'above_ground', 'portable'] as const;

export const Location = z.strictObject({
  code: Code,
  name: Name,
  area: Code,
  kind: z.enum(LOCATION_KINDS),
  parent: Code.optional().describe('the building a bay or stack belongs to'),
  netExplosiveLimitKg: NonNegativeNumber.optional(),
  hazardDivisions: z.array(z.enum(HAZARD_DIVISIONS)).default([]),
  compatibilityGroups: z.array(z.enum(COMPATIBILITY_GROUPS)).default([]),
  magazineType: z.enum(MAGAZINE_TYPES).optional(),
  position: z
    .strictObject({ x: z.number(), y: z.number() })
    .optional()
    .describe('site coordinates in metres, for distance checks'),
});

// The safety officer's part of the plant file: the storage mixing rules and
// quantity-distance factors that override the defaults (which carry only the
// rules verified in public sources), and the exposed sites around the
// magazines. The rules themselves live in modules/storage (hazard.ts,
// quantity-distance.ts); here is only their shape.
const Point = z.strictObject({ x: z.number(), y: z.number() });

export const MixingRule = z.strictObject({
  groups: z
    .array(z.enum(COMPATIBILITY_GROUPS))
    .min(1, 'expected at least one compatibility group')
    .describe('the rule covers every pair of these groups; a single group: the group with itself'),
  allowed: z.boolean().describe('whether the groups may be stored together'),
  maxNetExplosiveKg: PositiveNumber.optional().describe(
    'allowed only while the storage site holds at most this net explosive quantity in all',
  ),
  note: Name.describe('why, and from which chart, regulation or approval'),
});

export const QD_EXPOSURES = [
  'inhabited_building',
  'public_traffic_route',
  'intermagazine',
] as const;

export const QuantityDistanceFactor = z
  .strictObject({
    division: z.enum(HAZARD_DIVISIONS),
    exposure: z.enum(QD_EXPOSURES),
    k: PositiveNumber.optional().describe('D = k·W^(1/3), D in metres and W in kg NEQ'),
    fixedM: PositiveNumber.optional().describe('a fixed distance in metres instead of k'),
    minimumM: PositiveNumber.optional().describe('the distance is never less than this'),
    aboveKg: NonNegativeNumber.optional().describe('applies only when W is above this'),
    upToKg: PositiveNumber.optional().describe('applies only when W is at most this'),
    fromMagazineType: z
      .enum(MAGAZINE_TYPES)
      .optional()
      .describe('intermagazine: only from a magazine of this type'),
    toMagazineType: z
      .enum(MAGAZINE_TYPES)
      .optional()
      .describe('intermagazine: only to a magazine of this type'),
    note: Name.describe('the source of the factor (table, edition, approval)'),
  })
  .refine((f) => (f.k === undefined) !== (f.fixedM === undefined), {
    message: 'expected exactly one of k or fixedM',
  });

export const Exposure = z.discriminatedUnion('kind', [
  z.strictObject({
    code: Code,
    name: Name,
    kind: z.literal('inhabited_building'),
    position: Point.describe('site coordinates in metres, the point nearest the magazines'),
  }),
  z.strictObject({
    code: Code,
    name: Name,
    kind: z.literal('public_traffic_route'),
    path: z
      .array(Point)
      .min(2, 'expected a route of at least two points')
      .describe('the route as a line through these site coordinates in metres'),
  }),
]);

export const Safety = z
  .strictObject({
    mixing: z
      .array(MixingRule)
      .default([])
      .describe('storage compatibility: pairs allowed or forbidden beyond the default matrix'),
    quantityDistance: z
      .strictObject({ factors: z.array(QuantityDistanceFactor).default([]) })
      .optional()
      .describe('factors replacing the defaults for their hazard division and exposure'),
    exposures: z
      .array(Exposure)
      .default([])
      .describe('inhabited buildings and public traffic routes the magazines are sited against'),
  })
  .describe("explosives safety data owned by the plant's safety officer");

export const CUSTOMER_KINDS = [
  'armed_forces',
  'police',
  'government',
  'commercial',
  'other',
] as const;
export const Customer = z.strictObject({
  code: Code,
  name: Name,
  kind: z.enum(CUSTOMER_KINDS),
  country: CountryCode,
});

export const Supplier = z.strictObject({
  code: Code,
  name: Name,
  country: CountryCode,
  imported: z.boolean().default(false),
  leadTimeDays: NonNegativeInt.describe('days from order to receipt at the plant'),
  materials: z.array(Code).default([]),
});

// Why a line stands, as machines and operators report it. A tree, so that a
// Pareto can roll leaves up to their groups (every mechanical breakdown, every
// material shortage); only leaves are reported. The category is the ISO 22400-2
// split of a stop: planned (down time planned ahead, POT − PBT) or unplanned (a
// loss inside planned busy time).
export const DOWNTIME_CATEGORIES = ['planned', 'unplanned'] as const;
export type DowntimeCategory = (typeof DOWNTIME_CATEGORIES)[number];

export interface DowntimeReason {
  code: string;
  name: string;
  category: DowntimeCategory;
  breakdown?: boolean | undefined;
  children?: DowntimeReason[] | undefined;
}

export const DowntimeReason: z.ZodType<DowntimeReason> = z
  .strictObject({
    code: Code,
    name: Name,
    category: z.enum(DOWNTIME_CATEGORIES),
    // The categories split planned from unplanned stops; which unplanned
    // stops are failures of the machine (not a jam the operator clears, a
    // shortage or a full buffer) only the plant can say.
    breakdown: z
      .boolean()
      .optional()
      .describe(
        'a station down for this reason has failed: maintenance opens a request; children inherit it unless they say otherwise',
      ),
    get children() {
      return z
        .array(DowntimeReason)
        .min(1, 'expected at least one reason; leave children out for a reason that is reported')
        .optional()
        .describe('finer reasons; a reason without children is one that is reported');
    },
  })
  .meta({ id: 'DowntimeReason' });

export const ScrapReason = z.strictObject({
  code: Code,
  name: Name,
  stationKind: z
    .enum(STATION_KINDS)
    .optional()
    .describe('the kind of station where this defect is found, if it is found at one kind only'),
});

export const PlantFile = z.strictObject({
  schemaVersion: z.literal(PLANT_FILE_SCHEMA_VERSION),
  site: Site,
  areas: z.array(Area).min(1, 'expected at least one area'),
  calendars: z.array(Calendar).min(1, 'expected at least one calendar'),
  maintenance: z.array(MaintenanceWindow).default([]),
  materials: z.array(Material).min(1, 'expected at least one material'),
  boms: z.array(Bom).default([]),
  specifications: z.array(Specification).default([]),
  lines: z.array(Line).min(1, 'expected at least one line'),
  locations: z.array(Location).default([]),
  customers: z.array(Customer).default([]),
  suppliers: z.array(Supplier).default([]),
  downtimeReasons: z
    .array(DowntimeReason)
    .default([])
    .describe('why a line stands: a tree of reasons, of which the leaves are reported'),
  scrapReasons: z
    .array(ScrapReason)
    .default([])
    .describe('why a cartridge or component is scrapped at the line'),
  safety: Safety.optional(),
});

export type Site = z.infer<typeof Site>;
export type Area = z.infer<typeof Area>;
export type Shift = z.infer<typeof Shift>;
export type Holiday = z.infer<typeof Holiday>;
export type Calendar = z.infer<typeof Calendar>;
export type MaintenanceWindow = z.infer<typeof MaintenanceWindow>;
export type Material = z.infer<typeof Material>;
export type Bom = z.infer<typeof Bom>;
export type RangeTest = z.infer<typeof RangeTest>;
export type Characteristic = z.infer<typeof Characteristic>;
export type Specification = z.infer<typeof Specification>;
export type Station = z.infer<typeof Station>;
export type Equipment = z.infer<typeof Equipment>;
export type Criticality = (typeof CRITICALITIES)[number];
export type SparePart = z.infer<typeof SparePart>;
export type Line = z.infer<typeof Line>;
export type Location = z.infer<typeof Location>;
export type Customer = z.infer<typeof Customer>;
export type Supplier = z.infer<typeof Supplier>;
export type ScrapReason = z.infer<typeof ScrapReason>;
export type MixingRule = z.infer<typeof MixingRule>;
export type QuantityDistanceFactor = z.infer<typeof QuantityDistanceFactor>;
export type QdExposure = (typeof QD_EXPOSURES)[number];
export type Exposure = z.infer<typeof Exposure>;
export type Safety = z.infer<typeof Safety>;
/** A plant as parsed: defaults filled in, not yet cross-checked. */
export type PlantFile = z.infer<typeof PlantFile>;
/** The input shape of a plant file (defaults may be omitted). */
export type PlantFileInput = z.input<typeof PlantFile>;

/**
 * A problem in a plant document, located by its path
 * (`lines[2].stations[0].ratePerMinute`): its English message, and the stable
 * code and params a client words it by in the reader's language.
 */
export type PlantIssue = FieldIssue;

/** The kinds of master data a plant engineer edits one entity at a time. */
export const EDITABLE_KINDS = {
  materials: Material,
  customers: Customer,
  suppliers: Supplier,
  locations: Location,
  lines: Line,
  specifications: Specification,
} as const;
export type EditableKind = keyof typeof EDITABLE_KINDS;
