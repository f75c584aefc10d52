// The shapes the plant API answers with, as the web app reads them. They
// mirror the zod schemas of src/modules/plant (model.ts and routes.ts); the
// OpenAPI document at /api/openapi.json is the contract both follow.

export interface Site {
  code: string;
  name: string;
  country: string;
  timezone: string;
  manufacturerCode?: string;
}

export interface RevisionChange {
  kind: string;
  code: string;
  change: 'added' | 'updated' | 'retired';
}

export interface Revision {
  number: number;
  hash: string;
  source: string;
  actor: string | null;
  note: string | null;
  loadedAt: string;
  changes: RevisionChange[];
}

export interface PlantSummary {
  revision: Revision;
  site: Site;
  counts: Record<string, number>;
}

export interface Station {
  code: string;
  name: string;
  kind: string;
  ratePerMinute: number;
}

export interface LineProduct {
  product: string;
  ratePerMinute: number;
  share?: number;
}

export interface Changeover {
  from: string;
  to: string;
  minutes: number;
}

export interface Line {
  code: string;
  name: string;
  area: string;
  calendar: string;
  stations: Station[];
  products: LineProduct[];
  changeovers: Changeover[];
  defaultChangeoverMinutes: number;
}

export interface ProductCapacity {
  product: string;
  ratePerMinute: number;
  share: number;
  dedicatedPerYear: number;
  plannedPerYear: number;
}

export interface LineCapacity {
  line: string;
  name: string;
  year: number;
  calendar: string;
  workingDays: number;
  shiftMinutes: number;
  breakMinutes: number;
  holidayMinutes: number;
  maintenanceMinutes: number;
  availableMinutes: number;
  mixRatePerMinute: number;
  ratedPerYear: number;
  products: ProductCapacity[];
}

export interface PlantCapacity {
  year: number;
  lines: LineCapacity[];
  ratedPerYear: number;
}

export interface HazardData {
  unNumber: string;
  division: string;
  compatibilityGroup: string;
  netExplosivePerUnitKg: number;
}

export interface Material {
  code: string;
  name: string;
  kind: 'component' | 'packaging' | 'finished';
  category: string;
  unit: string;
  shelfLifeDays?: number;
  hazard?: HazardData;
}

export interface Location {
  code: string;
  name: string;
  area: string;
  kind: string;
  parent?: string;
  netExplosiveLimitKg?: number;
  hazardDivisions: string[];
  compatibilityGroups: string[];
  magazineType?: string;
  position?: { x: number; y: number };
}

export interface Customer {
  code: string;
  name: string;
  kind: string;
  country: string;
}

export interface Supplier {
  code: string;
  name: string;
  country: string;
  imported: boolean;
  leadTimeDays: number;
  materials: string[];
}

export interface VariableCharacteristic {
  code: string;
  name: string;
  type: 'variable';
  unit: string;
  lsl?: number;
  usl?: number;
  nominal?: number;
}

export interface AttributeCharacteristic {
  code: string;
  name: string;
  type: 'attribute';
  defectClass: 'critical' | 'major' | 'minor';
  aql: number;
  inspectionLevel: string;
}

export type Characteristic = VariableCharacteristic | AttributeCharacteristic;

export interface RangeLimit {
  statistic: string;
  min?: number;
  max?: number;
}

export interface RangeTest {
  code: string;
  name: string;
  kind: string;
  unit?: string;
  sampleSize: number;
  limits: RangeLimit[];
}

export interface Specification {
  code: string;
  name: string;
  product: string;
  customer?: string;
  revision: string;
  characteristics: Characteristic[];
  rangeTests: RangeTest[];
}

/** RFC 9457 problem details, as every API error is answered. */
export interface ProblemDetails {
  type?: string;
  title: string;
  status: number;
  detail: string;
  instance?: string;
  code: string;
  errors?: { path: string; message: string }[];
}

export interface ChangeResult {
  changed: boolean;
  revision: Revision;
}

/** An electronic signature on a record, and whether the record still has the signed content. */
export interface SignatureStatus {
  id: string;
  signedAt: string;
  username: string;
  displayName: string;
  meaning: string;
  reason: string | null;
  entityType: string;
  entityId: string;
  contentHash: string;
  valid: boolean;
}

export interface RevisionDetail {
  revision: Revision;
  plant: unknown;
  integrity: { recordedHash: string; currentHash: string; intact: boolean };
  signatures: SignatureStatus[];
}
