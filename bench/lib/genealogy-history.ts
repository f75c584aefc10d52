// A large genealogy history for the trace benchmark: a company of five
// cartridge plants over two years (ten plant-years), written by COPY straight
// into a migrated PostgreSQL database. At scale 1 it holds about 1.6 million
// lots, 10.8 million genealogy edges and 3.7 million containers (8.8 GB).
//
// The shape follows how the plants work. Supplier lots of cases, primers,
// bullets and packaging are received into a plant's store shortly before a
// line needs them; propellant is first blended in the plant (a blend lot is
// made from two or three supplier lots). Each line makes one product in lots
// of one to two cans; every component material is fed from one or two
// feeders (hoppers), each holding one component lot until it runs dry, so a
// finished lot links to five to twelve component lots and a component lot
// feeds tens of finished lots over days. About 1% of finished lots have part
// of their quantity reworked into a lot of their own (suffix A, an edge from
// finished lot to finished lot). Lots are packed as they are made: cans of one
// lot, crates of two cans, pallets of 48 crates, each packing an aggregation
// event; a full pallet waits in its line's magazine for two to ten weeks, then
// ships to a customer. The ledger holds the receipts, blending and production
// output, a component lot's consumption (one movement, when it runs dry or at
// the end), rework and the shipments; balances say what is left where.
//
// Simplifications, none of which the trace or the recall reads: edges are
// settled and name no feeder load (feeder_loads stays empty), work orders are
// ids and numbers without rows in production.work_orders, there is no plant
// file and no audit entry. Everything is drawn from a seeded generator, so a
// scale gives the same history on every run.
import { once } from 'node:events';
import { finished } from 'node:stream/promises';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { openPostgresStore } from '../../src/core/db/store.js';
import { makeSscc } from '../../src/modules/genealogy/gs1.js';
import { formatLotNumber } from '../../src/modules/genealogy/lot-number.js';

// Bump when the generated history changes, so a kept database is made again.
const GENERATOR_VERSION = 3;
const SEED = 'lotline genealogy history';

const DAY = 86_400_000;
const HOUR = 3_600_000;
/** Local midnight of the first day (the plants keep Caracas time, UTC−4 all year). */
const HISTORY_START = Date.UTC(2024, 10, 1, 4);
const HISTORY_DAYS = 730;
const HISTORY_END = HISTORY_START + HISTORY_DAYS * DAY;
const UTC_OFFSET = -4 * HOUR;
/** Two shifts, 06:00 to 22:00. */
const SHIFT_START = 6 * HOUR;
const WORKING_TIME = 16 * HOUR;

const PLANTS = 5;
const LINES_PER_PLANT = 16;
const MAGAZINES_PER_PLANT = 8;
/**
 * Finished lots a line makes on a working day at scale 1, chosen so that the
 * history holds at least 10 million edges (about 8 per finished lot).
 */
const LOTS_PER_LINE_DAY = 32;
const CRATES_PER_PALLET = 48;
const CANS_PER_CRATE = 2;
const REWORK_SHARE = 0.01;
const SEQUENCE_DIGITS = 5;
const GS1_COMPANY_PREFIX = '7590001';
const CUSTOMERS = ['ARMY', 'NAVY', 'AIR-FORCE', 'NATIONAL-GUARD', 'POLICE', 'EXPORT-01'];

type Category = 'case' | 'primer' | 'propellant' | 'bullet' | 'packaging';

interface ComponentMaterial {
  code: string;
  category: Category;
  unit: 'each' | 'kg';
  /** Per cartridge, in the smallest unit kept (units, or grams of propellant). */
  perRound: number;
  /** A supplier lot's size, in cartridges' worth. */
  lotRounds: readonly [number, number];
  /** Rounding of a supplier lot's quantity (units, or grams: 25 kg drums). */
  lotStep: number;
  suppliers: readonly string[];
  /** Blended in the plant before it is fed (propellant). */
  blend?: { lotRounds: readonly [number, number] };
  station: string;
  shelfLifeDays: number;
}

interface Product {
  code: string;
  canCapacity: number;
  components: readonly ComponentMaterial[];
}

const component = (
  code: string,
  category: Category,
  perRound: number,
  lotRounds: readonly [number, number],
  extra: Partial<ComponentMaterial> = {},
): ComponentMaterial => ({
  code,
  category,
  unit: category === 'propellant' ? 'kg' : 'each',
  perRound,
  lotRounds,
  lotStep: category === 'propellant' ? 25_000 : category === 'packaging' ? 100 : 1_000,
  suppliers: [`SUP-${category.toUpperCase()}-A`, `SUP-${category.toUpperCase()}-B`],
  station: { case: 'S01', primer: 'S02', propellant: 'S03', bullet: 'S04', packaging: 'S08' }[
    category
  ],
  shelfLifeDays: 1825,
  ...extra,
});

const BLEND = { lotRounds: [40_000, 80_000] as const };
const PRIMER_SR = component('PRIMER-SR', 'primer', 1, [30_000, 120_000]);
const PRIMER_LR = component('PRIMER-LR', 'primer', 1, [30_000, 120_000]);
const PRIMER_SP = component('PRIMER-SP', 'primer', 1, [40_000, 150_000]);

const PRODUCTS: readonly Product[] = [
  {
    code: 'CTG-556-M855',
    canCapacity: 1_680,
    components: [
      component('CASE-556', 'case', 1, [25_000, 90_000]),
      PRIMER_SR,
      component('PROP-WC844', 'propellant', 1.65, [60_000, 120_000], { blend: BLEND }),
      component('BULLET-M855', 'bullet', 1, [25_000, 90_000]),
      component('BANDOLEER-556', 'packaging', 1 / 30, [30_000, 90_000]),
    ],
  },
  {
    code: 'CTG-556-M856',
    canCapacity: 1_680,
    components: [
      component('CASE-556', 'case', 1, [25_000, 90_000]),
      PRIMER_SR,
      component('PROP-WC844', 'propellant', 1.65, [60_000, 120_000], { blend: BLEND }),
      component('BULLET-M856', 'bullet', 1, [25_000, 90_000]),
      component('BANDOLEER-556', 'packaging', 1 / 30, [30_000, 90_000]),
    ],
  },
  {
    code: 'CTG-762-M80',
    canCapacity: 880,
    components: [
      component('CASE-762', 'case', 1, [15_000, 50_000]),
      PRIMER_LR,
      component('PROP-WC846', 'propellant', 2.9, [30_000, 70_000], { blend: BLEND }),
      component('BULLET-M80', 'bullet', 1, [15_000, 50_000]),
      component('CARTON-762', 'packaging', 1 / 20, [15_000, 50_000]),
    ],
  },
  {
    code: 'CTG-9MM-M882',
    canCapacity: 2_000,
    components: [
      component('CASE-9MM', 'case', 1, [30_000, 120_000]),
      PRIMER_SP,
      component('PROP-WPR289', 'propellant', 0.35, [100_000, 250_000], { blend: BLEND }),
      component('BULLET-9MM', 'bullet', 1, [30_000, 120_000]),
      component('CARTON-9MM', 'packaging', 1 / 50, [40_000, 120_000]),
    ],
  },
];
/** Which product each line of a plant makes: mostly 5.56 mm ball. */
const LINE_PRODUCTS = [0, 0, 1, 2, 3, 0, 2, 0, 0, 1, 0, 2, 3, 0, 0, 2];
/** Chance that a material is fed from two feeders rather than one, by category. */
const TWO_FEEDERS: Record<Category, number> = {
  case: 0.8,
  primer: 0.6,
  propellant: 0.5,
  bullet: 0.8,
  packaging: 0.4,
};

// ------------------------------------------------------------ randomness

/** sfc32 seeded from a string: a 128-bit state, fast, and the same numbers on every run. */
class Random {
  private a: number;
  private b: number;
  private c: number;
  private d: number;
  private serial = 0;

  constructor(seed: string) {
    let h1 = 1779033703;
    let h2 = 3144134277;
    let h3 = 1013904242;
    let h4 = 2773480762;
    for (let i = 0; i < seed.length; i++) {
      const k = seed.charCodeAt(i);
      h1 = h2 ^ Math.imul(h1 ^ k, 597399067);
      h2 = h3 ^ Math.imul(h2 ^ k, 2869860233);
      h3 = h4 ^ Math.imul(h3 ^ k, 951274213);
      h4 = h1 ^ Math.imul(h4 ^ k, 2716044179);
    }
    this.a = h1 >>> 0;
    this.b = h2 >>> 0;
    this.c = h3 >>> 0;
    this.d = h4 >>> 0;
    for (let i = 0; i < 16; i++) this.next();
  }

  next(): number {
    const t = (((this.a + this.b) | 0) + this.d) | 0;
    this.d = (this.d + 1) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.c = (this.c + t) | 0;
    return t >>> 0;
  }

  float(): number {
    return this.next() / 4294967296;
  }

  between(lo: number, hi: number): number {
    return lo + (hi - lo) * this.float();
  }

  int(lo: number, hi: number): number {
    return lo + Math.floor((hi - lo + 1) * this.float());
  }

  chance(p: number): boolean {
    return this.float() < p;
  }

  pick<T>(list: readonly T[]): T {
    return list[Math.floor(list.length * this.float())] as T;
  }

  /**
   * A version-4-shaped UUID. The first eight digits are a bijection of a
   * counter, so no two are ever equal; the rest are random, so the ids
   * scatter over an index as randomUUID()'s do.
   */
  uuid(): string {
    const head = Math.imul(++this.serial, 0x9e3779b1) >>> 0;
    const b = this.next();
    const c = this.next();
    return (
      hex8(head) +
      '-' +
      hex4(b >>> 16) +
      '-4' +
      hex4(b & 0xfff).slice(1) +
      '-' +
      hex4(0x8000 | ((c >>> 16) & 0x3fff)) +
      '-' +
      hex4(c & 0xffff) +
      hex8(this.next())
    );
  }
}

const hex8 = (n: number) => n.toString(16).padStart(8, '0');
const hex4 = (n: number) => n.toString(16).padStart(4, '0');

// ------------------------------------------------------------ COPY sinks

const iso = (ms: number) => new Date(ms).toISOString();
const NULL = '\\N';
const opt = (value: string | undefined | null) => value ?? NULL;

const TABLES = {
  lots:
    'genealogy.lots (id, number, material, origin, status, held_from, unit, quantity, supplier, ' +
    'supplier_lot, certificate, expires_on, work_order_id, work_order_number, line, rework_of, ' +
    'made_from, made_to, created_at, created_by, version)',
  lotEvents:
    'genealogy.lot_events (seq, id, lot_id, type, at, actor, from_status, to_status, reason, ' +
    'recall_id, detail)',
  edges:
    'genealogy.edges (id, parent_lot_id, child_lot_id, quantity, unit, work_order_id, ' +
    'feeder_load_id, station, from_at, to_at, state)',
  units:
    'genealogy.handling_units (id, serial, kind, sscc, material, location, status, created_at, created_by)',
  contents: 'genealogy.contents (parent_id, child_id, child_kind, quantity)',
  aggregation:
    'genealogy.aggregation_events (seq, id, at, action, parent_id, child_unit_id, child_lot_id, ' +
    'quantity, location, actor)',
  movements:
    'storage.movements (seq, id, kind, at, lot_id, lot_number, material, handling_unit, quantity, from_location, ' +
    'to_location, customer, shipment, work_order_id, reason, actor, recorded_at)',
  balances: 'storage.balances (location, lot_id, lot_number, material, quantity, updated_at)',
} as const;
type TableKey = keyof typeof TABLES;

/** A lot's material code: a component lot's material, a finished lot's product. */
function codeOf(lot: { material?: { code: string }; product?: { code: string } }): string {
  return (lot.material ?? lot.product)?.code ?? '';
}

/** The tables the history fills; their keys and indexes are dropped for the load and made again. */
const LOADED_TABLES = [
  'genealogy.lots',
  'genealogy.lot_events',
  'genealogy.edges',
  'genealogy.handling_units',
  'genealogy.contents',
  'genealogy.aggregation_events',
  'storage.movements',
  'storage.balances',
];

const CHUNK_BYTES = 1 << 20;

/** One COPY … FROM STDIN on a connection of its own, fed lines of COPY text. */
class CopySink {
  rows = 0;
  private buffer = Buffer.allocUnsafe(CHUNK_BYTES);
  private used = 0;
  private blocked = false;
  private failure: Error | undefined;

  private constructor(
    private readonly client: pg.Client,
    private readonly stream: ReturnType<typeof copyFrom>,
  ) {
    stream.on('error', (error: Error) => {
      this.failure ??= error;
    });
  }

  static async open(url: string, table: string): Promise<CopySink> {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    await client.query('set synchronous_commit = off');
    return new CopySink(client, client.query(copyFrom(`COPY ${table} FROM STDIN`)));
  }

  /**
   * One row, a line of ASCII. Each line is copied into a large buffer as it
   * comes: joining a million small strings at a time cost more (in copying
   * and garbage collection) than making them.
   */
  add(line: string): void {
    if (this.used + line.length > CHUNK_BYTES) this.push();
    this.used += this.buffer.write(line, this.used, 'latin1');
    this.rows += 1;
  }

  private push(): void {
    if (this.used === 0) return;
    if (!this.stream.write(this.buffer.subarray(0, this.used))) this.blocked = true;
    this.buffer = Buffer.allocUnsafe(CHUNK_BYTES);
    this.used = 0;
  }

  /** Waits while the server is behind, so the rows in memory stay about a day's. */
  async settle(): Promise<void> {
    if (this.failure) throw this.failure;
    if (this.blocked) {
      await once(this.stream, 'drain');
      this.blocked = false;
    }
  }

  async end(): Promise<void> {
    this.push();
    this.stream.end();
    try {
      await finished(this.stream);
      if (this.failure) throw this.failure;
    } finally {
      await this.client.end();
    }
  }

  async abort(): Promise<void> {
    this.stream.destroy();
    await this.client.end().catch(() => {});
  }
}

// ------------------------------------------------------------ the simulation

interface Plant {
  code: string;
  manufacturer: string;
  /** The plant's last lot number sequence (one series, interfixes 001, 002, … as each fills). */
  lotSequence: number;
  store: string;
  /** Per propellant material: the two feeders of the blending station. */
  blenders: Map<string, Feeder[]>;
  blendOrders: number;
}

interface ComponentLot {
  id: string;
  number: string;
  material: ComponentMaterial;
  plant: Plant;
  origin: 'received' | 'made';
  quantity: number;
  remaining: number;
  createdAt: number;
  releasedAt: number;
  lastUsedAt: number;
  supplier?: string;
  supplierLot?: string;
  workOrderId?: string;
  workOrderNumber?: string;
  line?: string;
}

interface Feeder {
  station: string;
  lot: ComponentLot | undefined;
}

interface FinishedLot {
  id: string;
  number: string;
  product: Product;
  line: Line;
  quantity: number;
  /** Cartridges in the plant's stock (the ledger's balance at the magazine). */
  inPlant: number;
  workOrderId: string | null;
  workOrderNumber: string | null;
  reworkOf: string | null;
  madeFrom: number;
  madeTo: number;
  releasedAt: number;
}

interface Can {
  id: string;
  serial: string;
  createdAt: number;
  lot: FinishedLot;
  quantity: number;
}

interface Crate {
  id: string;
  serial: string;
  createdAt: number;
  cans: Can[];
}

interface Pallet {
  id: string;
  serial: string;
  createdAt: number;
  crates: Crate[];
  line: Line;
}

interface Line {
  plant: Plant;
  code: string;
  product: Product;
  magazine: string;
  feeders: { material: ComponentMaterial; feeders: Feeder[] }[];
  workOrders: number;
  /** Finished lots a working day, fractional below scale 1: the remainder carries over. */
  rate: number;
  carry: number;
  crate: Crate | undefined;
  pallet: Pallet | undefined;
  rework: { lot: FinishedLot; quantity: number; day: number }[];
}

export interface HistoryCounts {
  lots: number;
  edges: number;
  handlingUnits: number;
  contents: number;
  aggregationEvents: number;
  movements: number;
  balances: number;
  lotEvents: number;
}

class History {
  private readonly random = new Random(SEED);
  private readonly plants: Plant[] = [];
  private readonly lines: Line[] = [];
  private readonly pending = new Map<string, FinishedLot>();
  /** Full pallets by the day they ship. */
  private readonly shipping = new Map<number, Pallet[]>();
  private readonly seq = { lotEvents: 0, edges: 0, aggregation: 0, movements: 0, units: 0 };

  constructor(
    private readonly sinks: Record<TableKey, CopySink>,
    scale: number,
  ) {
    for (let p = 0; p < PLANTS; p++) {
      const plant: Plant = {
        code: `P${p + 1}`,
        manufacturer: `LT${String.fromCharCode(65 + p)}`,
        lotSequence: 0,
        store: `P${p + 1}-STORE-1`,
        blenders: new Map(),
        blendOrders: 0,
      };
      this.plants.push(plant);
      for (let l = 0; l < LINES_PER_PLANT; l++) {
        const product = PRODUCTS[LINE_PRODUCTS[l] ?? 0] as Product;
        this.lines.push({
          plant,
          code: `${plant.code}-L${String(l + 1).padStart(2, '0')}`,
          product,
          magazine: `${plant.code}-MAG-${String((l % MAGAZINES_PER_PLANT) + 1).padStart(2, '0')}`,
          feeders: product.components.map((material) => {
            const count = this.random.chance(TWO_FEEDERS[material.category]) ? 2 : 1;
            return {
              material,
              feeders: Array.from({ length: count }, (_, i) => ({
                station: count === 1 ? material.station : `${material.station}-${i + 1}`,
                lot: undefined,
              })),
            };
          }),
          workOrders: 0,
          rate: LOTS_PER_LINE_DAY * scale,
          carry: this.random.float(),
          crate: undefined,
          pallet: undefined,
          rework: [],
        });
      }
    }
  }

  counts(): HistoryCounts {
    const s = this.sinks;
    return {
      lots: s.lots.rows,
      edges: s.edges.rows,
      handlingUnits: s.units.rows,
      contents: s.contents.rows,
      aggregationEvents: s.aggregation.rows,
      movements: s.movements.rows,
      balances: s.balances.rows,
      lotEvents: s.lotEvents.rows,
    };
  }

  /** The (manufacturer, interfix, last sequence) rows that continue each plant's numbering. */
  lotSeries(): { manufacturer: string; interfix: number; lastSequence: number }[] {
    const max = 10 ** SEQUENCE_DIGITS - 1;
    return this.plants.flatMap((plant) => {
      const full = Math.floor(plant.lotSequence / max);
      const rows = Array.from({ length: full }, (_, i) => ({
        manufacturer: plant.manufacturer,
        interfix: i + 1,
        lastSequence: max,
      }));
      const rest = plant.lotSequence % max;
      if (rest > 0)
        rows.push({ manufacturer: plant.manufacturer, interfix: full + 1, lastSequence: rest });
      return rows;
    });
  }

  async run(log: (line: string) => void): Promise<void> {
    const started = performance.now();
    let month = '';
    for (let day = 0; day < HISTORY_DAYS; day++) {
      const midnight = HISTORY_START + day * DAY;
      this.ship(day, midnight);
      if (isWorkingDay(midnight)) {
        for (const line of this.lines) this.workDay(line, day, midnight);
      }
      await Promise.all(Object.values(this.sinks).map((s) => s.settle()));
      const label = iso(midnight + 12 * HOUR).slice(0, 7);
      if (label !== month) {
        month = label;
        const c = this.counts();
        log(
          `genealogy history: ${label}: ${c.edges.toLocaleString('en')} edges, ` +
            `${c.handlingUnits.toLocaleString('en')} containers written ` +
            `(${((performance.now() - started) / 1000).toFixed(0)} s)`,
        );
      }
    }
    this.finish();
  }

  // -------------------------------------------------------- lots

  private lotNumber(plant: Plant, at: number): string {
    const max = 10 ** SEQUENCE_DIGITS - 1;
    const n = plant.lotSequence++;
    const local = new Date(at + UTC_OFFSET);
    return formatLotNumber(
      {
        manufacturer: plant.manufacturer,
        year: local.getUTCFullYear(),
        month: local.getUTCMonth() + 1,
        interfix: 1 + Math.floor(n / max),
        identifier: '-',
        sequence: (n % max) + 1,
        suffix: '',
      },
      SEQUENCE_DIGITS,
    );
  }

  private lotEvent(
    lotId: string,
    type: string,
    at: number,
    actor: string,
    from: string | null,
    to: string | null,
    reason: string | null = null,
  ): void {
    this.sinks.lotEvents.add(
      `${++this.seq.lotEvents}\t${this.random.uuid()}\t${lotId}\t${type}\t${iso(at)}\t${actor}\t` +
        `${opt(from)}\t${opt(to)}\t${opt(reason)}\t${NULL}\t${NULL}\n`,
    );
  }

  private movement(m: {
    kind: string;
    at: number;
    lotId: string;
    lotNumber: string;
    material: string;
    quantity: string;
    from?: string;
    to?: string;
    unit?: string;
    customer?: string;
    shipment?: string;
    workOrderId?: string | null;
    reason?: string;
    actor: string;
  }): void {
    const at = iso(m.at);
    this.sinks.movements.add(
      `${++this.seq.movements}\t${this.random.uuid()}\t${m.kind}\t${at}\t${m.lotId}\t${m.lotNumber}\t${m.material}\t${m.unit ?? ''}\t` +
        `${m.quantity}\t${opt(m.from)}\t${opt(m.to)}\t${opt(m.customer)}\t${opt(m.shipment)}\t` +
        `${opt(m.workOrderId)}\t${opt(m.reason)}\t${m.actor}\t${at}\n`,
    );
  }

  private balance(
    location: string,
    lot: { id: string; number: string; material?: { code: string }; product?: { code: string } },
    quantity: string,
    at: number,
  ): void {
    this.sinks.balances.add(
      `${location}\t${lot.id}\t${lot.number}\t${codeOf(lot)}\t${quantity}\t${iso(at)}\n`,
    );
  }

  private edge(
    parent: string,
    child: string,
    quantity: string,
    unit: string,
    workOrderId: string | null,
    station: string | null,
    from: number,
    to: number,
  ): void {
    this.sinks.edges.add(
      `${++this.seq.edges}\t${parent}\t${child}\t${quantity}\t${unit}\t${opt(workOrderId)}\t${NULL}\t` +
        `${opt(station)}\t${iso(from)}\t${iso(to)}\tsettled\n`,
    );
  }

  /** A supplier lot received into the store a few days before a line needs it, or a blend made for it. */
  private newComponentLot(plant: Plant, material: ComponentMaterial, at: number): ComponentLot {
    if (material.blend) return this.blend(plant, material, at);
    const r = this.random;
    const receivedAt = at - r.between(3, 20) * DAY;
    const quantity = roundTo(
      r.between(material.lotRounds[0], material.lotRounds[1]) * material.perRound,
      material.lotStep,
    );
    const supplier = r.pick(material.suppliers);
    const lot: ComponentLot = {
      id: r.uuid(),
      number: this.lotNumber(plant, receivedAt),
      material,
      plant,
      origin: 'received',
      quantity,
      remaining: quantity,
      createdAt: receivedAt,
      releasedAt: receivedAt + r.between(1, 2) * DAY,
      lastUsedAt: receivedAt,
      supplier,
      supplierLot: `${supplier.slice(-1)}${iso(receivedAt).slice(2, 4)}-${r.int(10_000, 99_999)}`,
    };
    this.lotEvent(lot.id, 'lot.received', receivedAt, 'bench-stores', null, 'quarantine');
    this.movement({
      kind: 'receipt',
      at: receivedAt,
      lotId: lot.id,
      lotNumber: lot.number,
      material: codeOf(lot),
      quantity: amount(material, quantity),
      to: plant.store,
      actor: 'bench-stores',
    });
    return lot;
  }

  /** A propellant blend: two supplier lots (three when one runs dry) blended into one lot. */
  private blend(plant: Plant, material: ComponentMaterial, at: number): ComponentLot {
    const r = this.random;
    const madeAt = at - r.between(1.5, 3) * DAY;
    const rounds = material.blend?.lotRounds ?? BLEND.lotRounds;
    const quantity = Math.round(r.between(rounds[0], rounds[1]) * material.perRound);
    const order = ++plant.blendOrders;
    const lot: ComponentLot = {
      id: r.uuid(),
      number: this.lotNumber(plant, madeAt),
      material,
      plant,
      origin: 'made',
      quantity,
      remaining: quantity,
      createdAt: madeAt,
      releasedAt: madeAt + r.between(0.5, 1) * DAY,
      lastUsedAt: madeAt,
      workOrderId: r.uuid(),
      workOrderNumber: `WO-${plant.code}-BL-${String(order).padStart(6, '0')}`,
      line: `${plant.code}-BLEND`,
    };
    let blenders = plant.blenders.get(material.code);
    if (!blenders) {
      blenders = [
        { station: 'BLEND-1', lot: undefined },
        { station: 'BLEND-2', lot: undefined },
      ];
      plant.blenders.set(material.code, blenders);
    }
    const supply = { ...material, blend: undefined };
    const first = Math.round(quantity * r.between(0.4, 0.6));
    this.draw(
      plant,
      blenders[0] as Feeder,
      supply,
      first,
      lot.id,
      lot.workOrderId ?? null,
      madeAt,
      madeAt + 4 * HOUR,
    );
    this.draw(
      plant,
      blenders[1] as Feeder,
      supply,
      quantity - first,
      lot.id,
      lot.workOrderId ?? null,
      madeAt,
      madeAt + 4 * HOUR,
    );
    this.lotEvent(lot.id, 'lot.opened', madeAt, 'bench-blending', null, 'quarantine');
    this.movement({
      kind: 'production_output',
      at: madeAt + 4 * HOUR,
      lotId: lot.id,
      lotNumber: lot.number,
      material: codeOf(lot),
      quantity: amount(material, quantity),
      to: plant.store,
      workOrderId: lot.workOrderId ?? null,
      actor: 'bench-blending',
    });
    return lot;
  }

  /**
   * Takes `need` from a feeder between `from` and `to`, one edge per lot it
   * took from; a lot that runs dry is replaced by the next, at the moment it
   * ran dry.
   */
  private draw(
    plant: Plant,
    feeder: Feeder,
    material: ComponentMaterial,
    need: number,
    child: string,
    workOrderId: string | null,
    from: number,
    to: number,
  ): void {
    let left = need;
    let start = from;
    while (left > 0) {
      if (!feeder.lot || feeder.lot.remaining <= 0) {
        feeder.lot = this.newComponentLot(plant, material, start);
      }
      const lot = feeder.lot;
      const take = Math.min(left, lot.remaining);
      left -= take;
      const end = left > 0 ? from + ((to - from) * (need - left)) / need : to;
      lot.remaining -= take;
      lot.lastUsedAt = end;
      this.edge(
        lot.id,
        child,
        amount(material, take),
        material.unit,
        workOrderId,
        feeder.station,
        start,
        end,
      );
      if (lot.remaining <= 0) this.consumed(lot);
      start = end;
    }
  }

  /** A component lot that ran dry: its consumption posted, and the lot written as consumed. */
  private consumed(lot: ComponentLot): void {
    this.movement({
      kind: 'consumption',
      at: lot.lastUsedAt,
      lotId: lot.id,
      lotNumber: lot.number,
      material: codeOf(lot),
      quantity: amount(lot.material, lot.quantity),
      from: lot.plant.store,
      reason: 'used on the lines',
      actor: 'bench-stores',
    });
    this.lotEvent(lot.id, 'lot.consumed', lot.lastUsedAt, 'bench-stores', 'released', 'consumed');
    this.balance(lot.plant.store, lot, amount(lot.material, 0), lot.lastUsedAt);
    this.componentRow(lot, 'consumed');
  }

  private componentRow(lot: ComponentLot, status: 'consumed' | 'released' | 'quarantine'): void {
    if (status !== 'quarantine') {
      this.lotEvent(lot.id, 'lot.released', lot.releasedAt, 'bench-qa', 'quarantine', 'released');
    }
    const version = status === 'consumed' ? 3 : status === 'released' ? 2 : 1;
    const created = iso(lot.createdAt);
    const made = lot.origin === 'made' ? created : NULL;
    this.sinks.lots.add(
      `${lot.id}\t${lot.number}\t${lot.material.code}\t${lot.origin}\t${status}\t${NULL}\t` +
        `${lot.material.unit}\t${amount(lot.material, lot.quantity)}\t${opt(lot.supplier)}\t` +
        `${opt(lot.supplierLot)}\t${lot.supplierLot ? `COA-${lot.supplierLot}` : NULL}\t` +
        `${isoDate(lot.createdAt + lot.material.shelfLifeDays * DAY)}\t${opt(lot.workOrderId)}\t` +
        `${opt(lot.workOrderNumber)}\t${opt(lot.line)}\t${NULL}\t${made}\t${made}\t${created}\t` +
        `${lot.origin === 'made' ? 'bench-blending' : 'bench-stores'}\t${version}\n`,
    );
  }

  // -------------------------------------------------------- production

  private workDay(line: Line, day: number, midnight: number): void {
    const r = this.random;
    const due = line.rework.filter((w) => w.day <= day);
    if (due.length > 0) {
      line.rework = line.rework.filter((w) => w.day > day);
      for (const w of due)
        this.rework(line, w.lot, w.quantity, midnight + SHIFT_START + r.between(0, HOUR));
    }
    line.carry += line.rate;
    const count = Math.floor(line.carry);
    line.carry -= count;
    const slot = WORKING_TIME / Math.max(count, 1);
    for (let i = 0; i < count; i++) {
      const from = midnight + SHIFT_START + i * slot + r.between(0, 0.05) * slot;
      this.makeLot(line, day, from, from + slot * r.between(0.85, 0.95));
    }
  }

  private makeLot(line: Line, day: number, madeFrom: number, madeTo: number): void {
    const r = this.random;
    const { plant, product } = line;
    const quantity = Math.round(r.between(0.9, 1.8) * product.canCapacity);
    const order = ++line.workOrders;
    const lot: FinishedLot = {
      id: r.uuid(),
      number: this.lotNumber(plant, madeFrom),
      product,
      line,
      quantity,
      inPlant: quantity,
      workOrderId: r.uuid(),
      workOrderNumber: `WO-${line.code}-${String(order).padStart(6, '0')}`,
      reworkOf: null,
      madeFrom,
      madeTo,
      releasedAt: madeTo + r.between(3, 7) * DAY,
    };
    for (const { material, feeders } of line.feeders) {
      const total = Math.max(1, Math.round(quantity * material.perRound));
      let left = total;
      for (const [i, feeder] of feeders.entries()) {
        const share =
          i === feeders.length - 1
            ? left
            : Math.round((total / feeders.length) * r.between(0.9, 1.1));
        left -= share;
        if (share > 0)
          this.draw(plant, feeder, material, share, lot.id, lot.workOrderId, madeFrom, madeTo);
      }
    }
    this.lotEvent(lot.id, 'lot.opened', madeFrom, 'bench-operator', null, 'quarantine');
    this.movement({
      kind: 'production_output',
      at: madeTo,
      lotId: lot.id,
      lotNumber: lot.number,
      material: codeOf(lot),
      quantity: String(quantity),
      to: line.magazine,
      workOrderId: lot.workOrderId,
      actor: 'bench-operator',
    });
    this.pending.set(lot.id, lot);
    // Gauging finds a part of the lot to rework; it is set aside before packing.
    let packed = quantity;
    if (r.chance(REWORK_SHARE)) {
      const reworked = Math.max(1, Math.round(quantity * r.between(0.05, 0.2)));
      packed -= reworked;
      line.rework.push({ lot, quantity: reworked, day: day + r.int(1, 4) });
    }
    this.pack(line, lot, packed, madeTo);
  }

  /** Part of a lot reworked into a lot of its own, with the next suffix (MIL-STD-1168C 4.6). */
  private rework(line: Line, original: FinishedLot, quantity: number, at: number): void {
    const r = this.random;
    const lot: FinishedLot = {
      id: r.uuid(),
      number: `${original.number}A`,
      product: original.product,
      line,
      quantity,
      inPlant: quantity,
      workOrderId: null,
      workOrderNumber: null,
      reworkOf: original.id,
      madeFrom: at,
      madeTo: at,
      releasedAt: at + r.between(2, 5) * DAY,
    };
    this.movement({
      kind: 'consumption',
      at,
      lotId: original.id,
      lotNumber: original.number,
      material: codeOf(original),
      quantity: String(quantity),
      from: line.magazine,
      reason: `rework into ${lot.number}`,
      actor: 'bench-rework',
    });
    original.inPlant -= quantity;
    this.movement({
      kind: 'production_output',
      at,
      lotId: lot.id,
      lotNumber: lot.number,
      material: codeOf(lot),
      quantity: String(quantity),
      to: line.magazine,
      reason: `rework of ${original.number}`,
      actor: 'bench-rework',
    });
    this.edge(original.id, lot.id, String(quantity), 'each', null, null, at, at);
    this.lotEvent(lot.id, 'lot.reworked_from', at, 'bench-rework', null, 'quarantine', 'gauging');
    this.lotEvent(original.id, 'lot.reworked_into', at, 'bench-rework', null, null, 'gauging');
    this.pending.set(lot.id, lot);
    this.pack(line, lot, quantity, at);
    this.settleFinished(original, at);
  }

  // -------------------------------------------------------- packing and shipping

  private unit(kind: 'can' | 'crate' | 'pallet'): { id: string; serial: string } {
    const n = ++this.seq.units;
    const id = this.random.uuid();
    if (kind === 'can') return { id, serial: `CAN-${String(n).padStart(7, '0')}` };
    return { id, serial: makeSscc(kind === 'crate' ? 0 : 1, GS1_COMPANY_PREFIX, n) };
  }

  private aggregate(
    at: number,
    parent: string,
    child: string,
    kind: 'unit' | 'lot',
    quantity: number,
    location: string,
  ): void {
    const q = String(quantity);
    this.sinks.contents.add(`${parent}\t${child}\t${kind}\t${q}\n`);
    this.sinks.aggregation.add(
      `${++this.seq.aggregation}\t${this.random.uuid()}\t${iso(at)}\tADD\t${parent}\t` +
        (kind === 'unit' ? `${child}\t${NULL}\t${NULL}` : `${NULL}\t${child}\t${q}`) +
        `\t${location}\tbench-packer\n`,
    );
  }

  private pack(line: Line, lot: FinishedLot, quantity: number, at: number): void {
    let left = quantity;
    while (left > 0) {
      const inCan = Math.min(left, line.product.canCapacity);
      left -= inCan;
      const can: Can = { ...this.unit('can'), createdAt: at, lot, quantity: inCan };
      this.aggregate(at, can.id, lot.id, 'lot', inCan, line.magazine);
      if (!line.crate) line.crate = { ...this.unit('crate'), createdAt: at, cans: [] };
      const crate = line.crate;
      crate.cans.push(can);
      this.aggregate(at, crate.id, can.id, 'unit', 1, line.magazine);
      if (crate.cans.length < CANS_PER_CRATE) continue;
      line.crate = undefined;
      if (!line.pallet) line.pallet = { ...this.unit('pallet'), createdAt: at, crates: [], line };
      const pallet = line.pallet;
      pallet.crates.push(crate);
      this.aggregate(at, pallet.id, crate.id, 'unit', 1, line.magazine);
      if (pallet.crates.length < CRATES_PER_PALLET) continue;
      line.pallet = undefined;
      const day = Math.floor((at - HISTORY_START) / DAY) + this.random.int(14, 70);
      const due = this.shipping.get(day) ?? [];
      due.push(pallet);
      this.shipping.set(day, due);
    }
  }

  /** The day's full pallets leave, grouped into one shipment per customer. */
  private ship(day: number, midnight: number): void {
    const pallets = this.shipping.get(day);
    if (!pallets) return;
    this.shipping.delete(day);
    const at = midnight + 14 * HOUR;
    const date = iso(midnight + 12 * HOUR)
      .slice(2, 10)
      .replaceAll('-', '');
    for (const pallet of pallets) {
      const c = this.random.int(0, CUSTOMERS.length - 1);
      const customer = CUSTOMERS[c] as string;
      const shipment = `SH-${pallet.line.plant.code}-${date}-${c + 1}`;
      const perLot = new Map<FinishedLot, number>();
      for (const crate of pallet.crates) {
        for (const can of crate.cans)
          perLot.set(can.lot, (perLot.get(can.lot) ?? 0) + can.quantity);
      }
      for (const [lot, quantity] of perLot) {
        this.movement({
          kind: 'shipment',
          at,
          lotId: lot.id,
          lotNumber: lot.number,
          material: codeOf(lot),
          quantity: String(quantity),
          from: pallet.line.magazine,
          unit: pallet.serial,
          customer,
          shipment,
          actor: 'bench-shipping',
        });
        lot.inPlant -= quantity;
      }
      this.unitRows(pallet, null, 'shipped');
      for (const lot of perLot.keys()) this.settleFinished(lot, at);
    }
  }

  private unitRows(pallet: Pallet, location: string | null, status: 'shipped' | 'open'): void {
    const units = this.sinks.units;
    const where = opt(location);
    units.add(
      `${pallet.id}\t${pallet.serial}\tpallet\t${pallet.serial}\tPALLET-EUR\t${where}\t${status}\t` +
        `${iso(pallet.createdAt)}\tbench-packer\n`,
    );
    for (const crate of pallet.crates) this.crateRows(crate, where, status);
  }

  private crateRows(crate: Crate, where: string, status: 'shipped' | 'open'): void {
    const units = this.sinks.units;
    units.add(
      `${crate.id}\t${crate.serial}\tcrate\t${crate.serial}\tCRATE-M2A1\t${where}\t${status}\t` +
        `${iso(crate.createdAt)}\tbench-packer\n`,
    );
    for (const can of crate.cans) {
      units.add(
        `${can.id}\t${can.serial}\tcan\t${NULL}\tCAN-M2A1\t${where}\t${status}\t` +
          `${iso(can.createdAt)}\tbench-packer\n`,
      );
    }
  }

  /** A finished lot with nothing left in the plant is written, shipped. */
  private settleFinished(lot: FinishedLot, at: number): void {
    if (lot.inPlant > 0 || !this.pending.has(lot.id)) return;
    // Rework set aside before packing is still in the plant until it is reworked.
    if (lot.line.rework.some((w) => w.lot === lot)) return;
    this.pending.delete(lot.id);
    this.lotEvent(lot.id, 'lot.shipped', at, 'bench-shipping', null, null);
    this.balance(lot.line.magazine, lot, '0', at);
    this.finishedRow(lot, 'shipped');
  }

  private finishedRow(lot: FinishedLot, status: 'shipped' | 'released' | 'quarantine'): void {
    if (status !== 'quarantine') {
      this.lotEvent(lot.id, 'lot.released', lot.releasedAt, 'bench-qa', 'quarantine', 'released');
    }
    this.sinks.lots.add(
      `${lot.id}\t${lot.number}\t${lot.product.code}\tmade\t${status}\t${NULL}\teach\t${lot.quantity}\t` +
        `${NULL}\t${NULL}\t${NULL}\t${isoDate(lot.madeFrom + 3650 * DAY)}\t${opt(lot.workOrderId)}\t` +
        `${opt(lot.workOrderNumber)}\t${lot.line.code}\t${opt(lot.reworkOf)}\t${iso(lot.madeFrom)}\t` +
        `${iso(lot.madeTo)}\t${iso(lot.madeFrom)}\tbench-operator\t${status === 'quarantine' ? 1 : 2}\n`,
    );
  }

  /** The end of the history: what is still in the plant is written as it stands. */
  private finish(): void {
    const end = HISTORY_END;
    for (const [day, pallets] of this.shipping) {
      if (day < HISTORY_DAYS) throw new Error(`pallets due on day ${day} were not shipped`);
      for (const pallet of pallets) this.unitRows(pallet, pallet.line.magazine, 'open');
    }
    for (const line of this.lines) {
      if (line.pallet) this.unitRows(line.pallet, line.magazine, 'open');
      if (line.crate) this.crateRows(line.crate, line.magazine, 'open');
      // Rework not done by the end stays part of its lot.
      line.rework = [];
    }
    for (const lot of this.pending.values()) {
      this.balance(lot.line.magazine, lot, String(lot.inPlant), end);
      this.finishedRow(lot, lot.releasedAt <= end ? 'released' : 'quarantine');
    }
    this.pending.clear();
    const inFeeders = new Set<ComponentLot>();
    for (const line of this.lines) {
      for (const { feeders } of line.feeders)
        for (const f of feeders) if (f.lot) inFeeders.add(f.lot);
    }
    for (const plant of this.plants) {
      for (const feeders of plant.blenders.values())
        for (const f of feeders) if (f.lot) inFeeders.add(f.lot);
    }
    for (const lot of inFeeders) {
      if (lot.remaining <= 0) continue;
      const used = lot.quantity - lot.remaining;
      if (used > 0) {
        this.movement({
          kind: 'consumption',
          at: lot.lastUsedAt,
          lotId: lot.id,
          lotNumber: lot.number,
          material: codeOf(lot),
          quantity: amount(lot.material, used),
          from: lot.plant.store,
          reason: 'used on the lines',
          actor: 'bench-stores',
        });
      }
      this.balance(lot.plant.store, lot, amount(lot.material, lot.remaining), lot.lastUsedAt);
      this.componentRow(lot, lot.releasedAt <= end ? 'released' : 'quarantine');
    }
  }
}

function roundTo(value: number, step: number): number {
  return Math.max(step, Math.round(value / step) * step);
}

/** A quantity as the ledger writes it: units, or kilograms from grams. */
function amount(material: ComponentMaterial, quantity: number): string {
  return material.unit === 'kg' ? (quantity / 1000).toFixed(3) : String(quantity);
}

const isoDate = (ms: number) => iso(ms + UTC_OFFSET).slice(0, 10);

/** Monday to Friday, but for the plants' holidays. */
function isWorkingDay(midnight: number): boolean {
  const local = new Date(midnight + UTC_OFFSET + 12 * HOUR);
  const weekday = local.getUTCDay();
  if (weekday === 0 || weekday === 6) return false;
  const md = iso(local.getTime()).slice(5, 10);
  return !['01-01', '05-01', '07-05', '12-24', '12-25', '12-31'].includes(md);
}

// ------------------------------------------------------------ the database

async function query<T extends pg.QueryResultRow>(
  url: string,
  text: string,
  values: unknown[] = [],
): Promise<T[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<T>(text, values)).rows;
  } finally {
    await client.end();
  }
}

/** Whether the PostgreSQL server answers. */
export async function postgresAnswers(url: string): Promise<boolean> {
  try {
    const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2_000 });
    await client.connect();
    await client.end();
    return true;
  } catch {
    return false;
  }
}

function databaseUrl(adminUrl: string, name: string): string {
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

interface Definition {
  table: string;
  name: string;
  /** CREATE INDEX …, or the constraint's definition for ALTER TABLE … ADD CONSTRAINT. */
  sql: string;
  kind: 'key' | 'index' | 'foreign';
}

/**
 * Keys, unique constraints, indexes and foreign keys of the loaded tables (and
 * foreign keys pointing at them): dropped while COPY runs, since building an
 * index once over sorted input is many times faster than 10 million random
 * inserts into it, and made again afterwards, which checks every one of them.
 */
async function loadDefinitions(client: pg.Client): Promise<Definition[]> {
  const constraints = await client.query<{
    table: string;
    name: string;
    def: string;
    type: string;
  }>(
    `select c.conrelid::regclass::text as table, c.conname as name,
            pg_get_constraintdef(c.oid) as def, c.contype as type
       from pg_constraint c
      where (c.contype in ('p', 'u') and c.conrelid = any($1::regclass[]))
         or (c.contype = 'f' and (c.conrelid = any($1::regclass[]) or c.confrelid = any($1::regclass[])))`,
    [LOADED_TABLES],
  );
  const indexes = await client.query<{ table: string; name: string; def: string }>(
    `select i.indrelid::regclass::text as table, i.indexrelid::regclass::text as name,
            pg_get_indexdef(i.indexrelid) as def
       from pg_index i
      where i.indrelid = any($1::regclass[])
        and not exists (select 1 from pg_constraint c where c.conindid = i.indexrelid)`,
    [LOADED_TABLES],
  );
  return [
    ...constraints.rows.map((c) => ({
      table: c.table,
      name: c.name,
      sql: c.def,
      kind: c.type === 'f' ? ('foreign' as const) : ('key' as const),
    })),
    ...indexes.rows.map((i) => ({
      table: i.table,
      name: i.name,
      sql: i.def,
      kind: 'index' as const,
    })),
  ];
}

async function dropDefinitions(client: pg.Client, definitions: readonly Definition[]) {
  for (const d of definitions.filter((d) => d.kind === 'foreign')) {
    await client.query(`alter table ${d.table} drop constraint "${d.name}"`);
  }
  for (const d of definitions.filter((d) => d.kind === 'index')) {
    await client.query(`drop index ${d.name}`);
  }
  for (const d of definitions.filter((d) => d.kind === 'key')) {
    await client.query(`alter table ${d.table} drop constraint "${d.name}"`);
  }
}

/** Keys and indexes again, two at a time (the server has cores to spare while one sorts). */
async function restoreDefinitions(
  url: string,
  definitions: readonly Definition[],
  log: (line: string) => void,
) {
  const statements = [
    ...definitions
      .filter((d) => d.kind === 'key')
      .map((d) => `alter table ${d.table} add constraint "${d.name}" ${d.sql}`),
    ...definitions.filter((d) => d.kind === 'index').map((d) => d.sql),
  ];
  const queue = [...statements];
  const worker = async () => {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      await client.query(`set maintenance_work_mem = '1GB'`);
      for (let s = queue.shift(); s !== undefined; s = queue.shift()) {
        const start = performance.now();
        await client.query(s);
        log(
          `genealogy history: ${s.slice(0, 90)}… ${((performance.now() - start) / 1000).toFixed(1)} s`,
        );
      }
    } finally {
      await client.end();
    }
  };
  await Promise.all([worker(), worker()]);
  // Foreign keys last: each is checked against the keys just made.
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(`set maintenance_work_mem = '1GB'`);
    for (const d of definitions.filter((d) => d.kind === 'foreign')) {
      await client.query(`alter table ${d.table} add constraint "${d.name}" ${d.sql}`);
    }
  } finally {
    await client.end();
  }
}

/** Writes the whole history into the migrated, empty database at `url`. */
async function generate(
  url: string,
  scale: number,
  log: (line: string) => void,
): Promise<HistoryCounts> {
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  let counts: HistoryCounts;
  try {
    const definitions = await loadDefinitions(admin);
    await dropDefinitions(admin, definitions);
    const sinks = {} as Record<TableKey, CopySink>;
    try {
      for (const [key, table] of Object.entries(TABLES) as [TableKey, string][]) {
        sinks[key] = await CopySink.open(url, table);
      }
    } catch (error) {
      await Promise.all(Object.values(sinks).map((s) => s.abort()));
      throw error;
    }
    const history = new History(sinks, scale);
    try {
      await history.run(log);
    } catch (error) {
      await Promise.all(Object.values(sinks).map((s) => s.abort()));
      throw error;
    }
    const copyStart = performance.now();
    await Promise.all(Object.values(sinks).map((s) => s.end()));
    counts = history.counts();
    log(
      `genealogy history: COPY finished (${((performance.now() - copyStart) / 1000).toFixed(1)} s after the last row)`,
    );
    for (const s of history.lotSeries()) {
      await admin.query(
        'insert into genealogy.lot_series (manufacturer, interfix, last_sequence) values ($1, $2, $3)',
        [s.manufacturer, s.interfix, s.lastSequence],
      );
    }
    // The serial columns continue after the ids written here.
    for (const [table, column] of [
      ['genealogy.edges', 'id'],
      ['genealogy.lot_events', 'seq'],
      ['genealogy.aggregation_events', 'seq'],
      ['storage.movements', 'seq'],
    ] as const) {
      await admin.query(
        `select setval(pg_get_serial_sequence('${table}', '${column}'), coalesce((select max(${column}) from ${table}), 1))`,
      );
    }
    await admin.query(`select setval('genealogy.handling_unit_serials', $1)`, [
      Math.max(1, counts.handlingUnits),
    ]);
    const indexStart = performance.now();
    await restoreDefinitions(url, definitions, log);
    log(
      `genealogy history: keys and indexes made (${((performance.now() - indexStart) / 1000).toFixed(1)} s)`,
    );
  } finally {
    await admin.end();
  }
  // Sets the hint bits and visibility map a live database has, and the planner's statistics.
  const vacuumStart = performance.now();
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(`set maintenance_work_mem = '1GB'`);
    await client.query(
      'vacuum (analyze) genealogy.lots, genealogy.edges, genealogy.handling_units, genealogy.contents, genealogy.aggregation_events, genealogy.lot_events, storage.movements, storage.balances',
    );
  } finally {
    await client.end();
  }
  log(
    `genealogy history: vacuum and analyze (${((performance.now() - vacuumStart) / 1000).toFixed(1)} s)`,
  );
  return counts;
}

export interface GenealogyDatabase {
  name: string;
  url: string;
  /** Seconds the history took to write, or undefined when a kept one was used. */
  generationSeconds: number | undefined;
  kept: boolean;
  /** Drops the database unless it is kept. */
  close(): Promise<void>;
}

/**
 * The history at `scale` in a database on the server at `adminUrl`: a new one,
 * dropped on close, or — when `keep` names one — that database, made once and
 * used again while it holds the history of the same scale and generator.
 */
export async function openGenealogyHistory(
  adminUrl: string,
  options: { scale: number; keep?: string | undefined; log: (line: string) => void },
): Promise<GenealogyDatabase> {
  const { scale, keep, log } = options;
  if (keep !== undefined && !/^[a-z_][a-z0-9_]{0,62}$/.test(keep)) {
    throw new Error(`LOTLINE_BENCH_GENEALOGY_KEEP: "${keep}" is not a plain database name`);
  }
  const name = keep ?? `lotline_bench_genealogy_${process.pid}`;
  const url = databaseUrl(adminUrl, name);
  const marker = `lotline genealogy history v${GENERATOR_VERSION} scale ${scale}: complete`;
  if (keep) {
    const [found] = await query<{ comment: string | null }>(
      adminUrl,
      `select shobj_description(oid, 'pg_database') as comment from pg_database where datname = $1`,
      [name],
    );
    if (found?.comment === marker) {
      // Migrations added since are applied on top, as on a live plant.
      const store = await openPostgresStore(url, 2);
      try {
        await store.migrate();
      } finally {
        await store.close();
      }
      log(`genealogy history: using the kept database ${name} (${marker})`);
      return { name, url, generationSeconds: undefined, kept: true, close: async () => {} };
    }
  }
  await query(adminUrl, `drop database if exists ${name} with (force)`);
  await query(adminUrl, `create database ${name}`);
  const drop = () => query(adminUrl, `drop database if exists ${name} with (force)`).then(() => {});
  try {
    const store = await openPostgresStore(url, 2);
    try {
      await store.migrate();
    } finally {
      await store.close();
    }
    const start = performance.now();
    log(`genealogy history: writing scale ${scale} into ${name} …`);
    const counts = await generate(url, scale, log);
    const generationSeconds = (performance.now() - start) / 1000;
    log(
      `genealogy history: ${counts.lots.toLocaleString('en')} lots, ${counts.edges.toLocaleString('en')} edges, ` +
        `${counts.handlingUnits.toLocaleString('en')} containers in ${generationSeconds.toFixed(0)} s`,
    );
    if (keep) await query(adminUrl, `comment on database ${name} is '${marker}'`);
    return {
      name,
      url,
      generationSeconds,
      kept: keep !== undefined,
      close: keep ? async () => {} : drop,
    };
  } catch (error) {
    await drop().catch(() => {});
    throw error;
  }
}
