// EPCIS 2.0 export and import: the standard's examples against the vendored
// GS1 schema, a plant's history of a cartridge lot exported, validated and
// read back unchanged, and what the import refuses from other systems.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  AGGREGATION_BIZ_STEPS,
  type ContainerRef,
  DISPOSITIONS,
  type EpcisDocument,
  fromEpcisDocument,
  type Identity,
  type LotRef,
  OBJECT_BIZ_STEPS,
  type ObjectTraceEvent,
  TRANSFORMATION_BIZ_STEPS,
  type TraceEvent,
  toEpcisDocument,
  validateEpcis,
} from './epcis.js';

const fixture = (name: string): unknown =>
  JSON.parse(readFileSync(new URL(`./epcis/${name}`, import.meta.url), 'utf8'));

const EXAMPLES = [
  'Example_9.6.1-ObjectEvent.jsonld',
  'Example_9.6.2-ObjectEvent.jsonld',
  'Example_9.6.3-AggregationEvent.jsonld',
  'Example_9.6.4-TransformationEvent.jsonld',
] as const;

/** A deep copy of an example with its first event changed. */
function brokenExample(change: (event: Record<string, unknown>) => void): unknown {
  const doc = structuredClone(fixture('Example_9.6.1-ObjectEvent.jsonld')) as {
    epcisBody: { eventList: Record<string, unknown>[] };
  };
  const first = doc.epcisBody.eventList[0];
  if (first === undefined) throw new Error('example without events');
  change(first);
  return doc;
}

const errorsOf = (result: { ok: true } | { ok: false; errors: string[] }): string[] =>
  result.ok ? [] : result.errors;

/** Through text and back, as a document travels. */
const transported = (doc: EpcisDocument): unknown => JSON.parse(JSON.stringify(doc));

// The plant: GS1 company prefix 7591234, site VLN. GTINs and SSCCs below carry
// check digits worked out by hand (GS1 GenSpecs §7.9.1).
const plant: Identity = { companyPrefix: '7591234', site: 'VLN' };
const CARTRIDGE_GTIN = '07591234000100'; // indicator 0, item reference 00010
const CRATE_SSCC = '375912340000000170'; // extension 3, serial reference 000000017
const PALLET_SSCC = '375912340000000316'; // extension 3, serial reference 000000031
const SUPPLIER_PRIMER_GTIN = '04012345123456'; // a supplier's prefix (4012345)

const primer: LotRef = { material: 'PRIMER-SP', lot: 'LTL25C001-003', gtin: SUPPLIER_PRIMER_GTIN };
const propellant: LotRef = { material: 'PROP-BALL-231', lot: 'LTL25C001-004' };
const caseLot: LotRef = { material: 'CASE-9MM', lot: 'LTL25B002-011' };
const bullet: LotRef = { material: 'BULLET-124FMJ', lot: 'LTL25B003-002' };
const cartridges: LotRef = { material: '9MM-FMJ-124', lot: 'LTL25C001-007', gtin: CARTRIDGE_GTIN };

const packet1: ContainerRef = { id: 'PKT-000001', kind: 'packet' };
const packet2: ContainerRef = { id: 'PKT-000002', kind: 'packet' };
const can: ContainerRef = { id: 'CAN-000123', kind: 'can' };
const crate: ContainerRef = { id: 'CRATE-000017', sscc: CRATE_SSCC, kind: 'crate' };
const pallet: ContainerRef = { id: 'PAL-000031', sscc: PALLET_SSCC, kind: 'pallet' };

const at = (local: string) => ({
  at: new Date(`${local}-04:00`).toISOString(),
  timezone: '-04:00',
});

/** A primer lot received, made into cartridges, packed, shipped in part, and held. */
const history: TraceEvent[] = [
  {
    type: 'object',
    eventId: 'evt-0001',
    ...at('2025-03-03T08:12:00'),
    action: 'ADD',
    bizStep: 'receiving',
    disposition: 'non_sellable_other',
    quantities: [{ lot: primer, quantity: 50_000, unit: 'each' }],
    containers: [],
    location: 'MAG-02',
    source: [{ type: 'owning_party', id: 'SUP-CCI' }],
    destination: [
      { type: 'owning_party', id: 'VLN' },
      { type: 'location', id: 'MAG-02' },
    ],
    bizTransactions: [
      { type: 'po', id: 'PO-2025-0042' },
      { type: 'desadv', id: 'DN 88/1' },
    ],
    extension: {
      supplierLot: 'CCI-24-7781',
      certificateRef: 'CoC-7781',
      expiry: '2030-03-31',
      sampleSize: 80,
      sealsIntact: true,
    },
  },
  {
    type: 'object',
    eventId: '3f1c9a52-6b0e-4d6f-9a61-0c2f1e7d8b44',
    ...at('2025-03-03T09:40:00'),
    action: 'ADD',
    bizStep: 'receiving',
    quantities: [{ lot: propellant, quantity: 250, unit: 'kg' }],
    containers: [],
    location: 'MAG-01',
    source: [{ type: 'owning_party', id: 'SUP-ST-MARKS' }],
    extension: { supplierLot: 'SMP 231-0917', certificateRef: 'CoA/2025/0917' },
  },
  {
    type: 'object',
    eventId: 'evt-0003',
    ...at('2025-03-04T07:30:00'),
    action: 'OBSERVE',
    bizStep: 'releasing',
    disposition: 'active',
    quantities: [{ lot: primer, quantity: 50_000, unit: 'each' }],
    containers: [],
    location: 'MAG-02',
  },
  {
    type: 'transformation',
    eventId: 'evt-0004',
    ...at('2025-03-05T14:00:00'),
    transformationId: 'WO-2025-0107',
    bizStep: 'commissioning',
    disposition: 'in_progress',
    inputs: [
      { lot: caseLot, quantity: 12_150, unit: 'each' },
      { lot: primer, quantity: 12_150, unit: 'each' },
      { lot: propellant, quantity: 4.738, unit: 'kg' },
      { lot: bullet, quantity: 12_150, unit: 'each' },
    ],
    outputs: [{ lot: cartridges, quantity: 12_000, unit: 'each' }],
    location: 'L1',
    bizTransactions: [{ type: 'prodorder', id: 'WO-2025-0107' }],
  },
  {
    type: 'aggregation',
    eventId: 'evt-0005',
    ...at('2025-03-05T14:05:00'),
    action: 'ADD',
    bizStep: 'packing',
    parent: packet1,
    childContainers: [],
    childQuantities: [{ lot: cartridges, quantity: 50, unit: 'each' }],
    location: 'L1',
  },
  {
    type: 'aggregation',
    eventId: 'evt-0006',
    ...at('2025-03-05T14:05:30'),
    action: 'ADD',
    bizStep: 'packing',
    parent: packet2,
    childContainers: [],
    childQuantities: [{ lot: cartridges, quantity: 50, unit: 'each' }],
    location: 'L1',
  },
  {
    type: 'aggregation',
    eventId: 'evt-0007',
    ...at('2025-03-05T14:09:00'),
    action: 'ADD',
    bizStep: 'packing',
    parent: can,
    childContainers: [packet1, packet2],
    childQuantities: [],
    location: 'L1-PACK',
  },
  {
    type: 'aggregation',
    eventId: 'evt-0008',
    ...at('2025-03-05T14:30:00'),
    action: 'ADD',
    bizStep: 'packing',
    parent: crate,
    childContainers: [can],
    childQuantities: [],
    location: 'L1-PACK',
  },
  {
    type: 'aggregation',
    eventId: 'evt-0009',
    ...at('2025-03-05T16:00:00'),
    action: 'ADD',
    bizStep: 'packing',
    parent: pallet,
    childContainers: [crate],
    childQuantities: [],
    location: 'WH-A',
  },
  {
    type: 'aggregation',
    eventId: 'evt-0010',
    ...at('2025-03-10T09:15:00'),
    action: 'DELETE',
    bizStep: 'unpacking',
    parent: pallet,
    childContainers: [crate],
    childQuantities: [],
    location: 'WH-A',
  },
  {
    type: 'object',
    eventId: 'evt-0011',
    ...at('2025-03-10T11:00:00'),
    action: 'OBSERVE',
    bizStep: 'shipping',
    disposition: 'in_transit',
    quantities: [],
    containers: [crate],
    location: 'DOCK-1',
    source: [{ type: 'owning_party', id: 'VLN' }],
    destination: [
      { type: 'owning_party', id: 'CUST-0815' },
      { type: 'location', id: 'CUST-0815-DC' },
    ],
    bizTransactions: [
      { type: 'desadv', id: 'ASN-2025-0311' },
      { type: 'inv', id: 'INV-2025-1187' },
    ],
  },
  {
    type: 'object',
    eventId: 'evt-0012',
    ...at('2025-03-12T10:20:00'),
    action: 'OBSERVE',
    bizStep: 'holding',
    disposition: 'non_sellable_other',
    quantities: [{ lot: cartridges, quantity: 11_900, unit: 'each' }],
    containers: [packet1],
    location: 'MAG-03',
    extension: { reason: 'Recall R-2025-004: primer lot LTL25C001-003 suspect' },
  },
];

const eventsOf = (doc: EpcisDocument) => doc.epcisBody.eventList;

describe('the vendored EPCIS 2.0 schema', () => {
  it.each(EXAMPLES)('accepts the standard’s %s', (name) => {
    expect(validateEpcis(fixture(name))).toEqual({ ok: true });
  });

  it('names the missing eventTime', () => {
    const errors = errorsOf(validateEpcis(brokenExample((e) => delete e.eventTime)));
    expect(errors).toEqual(['epcisBody.eventList[0].eventTime: is required']);
  });

  it('names a bad action with the allowed ones', () => {
    const errors = errorsOf(validateEpcis(brokenExample((e) => (e.action = 'MOVE'))));
    expect(errors).toEqual(['epcisBody.eventList[0].action: must be one of OBSERVE, ADD, DELETE']);
  });

  it('names an unknown bizStep, a field of another event type and a bad time', () => {
    const errors = errorsOf(
      validateEpcis(
        brokenExample((e) => {
          e.bizStep = 'moving';
          e.parentID = 'urn:epc:id:sscc:0614141.1234567890';
          e.eventTime = 'yesterday';
        }),
      ),
    );
    expect(errors).toContainEqual(
      expect.stringMatching(
        /^epcisBody\.eventList\[0\]\.bizStep: must be one of accepting, .*or a URI$/,
      ),
    );
    expect(errors).toContain(
      'epcisBody.eventList[0].parentID: is not a field of this type (nor a URI-named extension)',
    );
    expect(errors).toContain('epcisBody.eventList[0].eventTime: must match format "date-time"');
  });

  it('says what an ObjectEvent without objects needs', () => {
    const errors = errorsOf(validateEpcis(brokenExample((e) => delete e.epcList)));
    expect(errors).toEqual([
      'epcisBody.eventList[0]: needs one of epcList, quantityList, sensorElementList',
    ]);
  });

  it('holds the CBV names Lotline uses', () => {
    const schema = fixture('EPCIS-JSON-Schema.json') as {
      definitions: Record<string, { anyOf: { enum?: string[] }[] }>;
    };
    const names = (definition: string) =>
      schema.definitions[definition]?.anyOf.flatMap((a) => a.enum ?? []) ?? [];
    const bizSteps = [...OBJECT_BIZ_STEPS, ...AGGREGATION_BIZ_STEPS, ...TRANSFORMATION_BIZ_STEPS];
    // releasing has no CBV name: it goes out as a Lotline URI.
    expect(bizSteps.filter((s) => !names('bizStep').includes(s))).toEqual(['releasing']);
    expect([...DISPOSITIONS].sort()).toEqual([...names('disposition')].sort());
  });
});

describe('export', () => {
  const doc = toEpcisDocument(history, plant, '2025-03-12T15:00:00.000Z');

  it('writes a document the EPCIS 2.0 schema accepts', () => {
    expect(validateEpcis(transported(doc))).toEqual({ ok: true });
    expect(doc['@context']).toEqual([
      'https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld',
      { lotline: 'https://lotline.dev/epcis/' },
    ]);
    expect(eventsOf(doc).map((e) => e.type)).toEqual([
      'ObjectEvent',
      'ObjectEvent',
      'ObjectEvent',
      'TransformationEvent',
      ...Array(6).fill('AggregationEvent'),
      'ObjectEvent',
      'ObjectEvent',
    ]);
  });

  it('reads back the same events', () => {
    expect(fromEpcisDocument(transported(doc), plant)).toStrictEqual({ ok: true, events: history });
  });

  it('writes the receipt with the supplier’s lot and certificate as Lotline extensions', () => {
    expect(eventsOf(doc)[0]).toEqual({
      type: 'ObjectEvent',
      eventID: 'urn:lotline:VLN:event:evt-0001',
      eventTime: '2025-03-03T12:12:00.000Z',
      eventTimeZoneOffset: '-04:00',
      action: 'ADD',
      bizStep: 'receiving',
      disposition: 'non_sellable_other',
      quantityList: [
        { epcClass: 'urn:lotline:VLN:lot:PRIMER-SP:LTL25C001-003', quantity: 50000, uom: 'H87' },
      ],
      readPoint: { id: 'urn:lotline:VLN:loc:MAG-02' },
      bizLocation: { id: 'urn:lotline:VLN:loc:MAG-02' },
      bizTransactionList: [
        { type: 'po', bizTransaction: 'urn:lotline:VLN:bt:PO-2025-0042' },
        { type: 'desadv', bizTransaction: 'urn:lotline:VLN:bt:DN%2088%2F1' },
      ],
      sourceList: [{ type: 'owning_party', source: 'urn:lotline:VLN:party:SUP-CCI' }],
      destinationList: [
        { type: 'owning_party', destination: 'urn:lotline:VLN:party:VLN' },
        { type: 'location', destination: 'urn:lotline:VLN:loc:MAG-02' },
      ],
      // The supplier's GTIN is under a prefix of unknown length: private URN, GTIN beside it.
      'lotline:lots': [
        {
          'lotline:epcClass': 'urn:lotline:VLN:lot:PRIMER-SP:LTL25C001-003',
          'lotline:gtin': SUPPLIER_PRIMER_GTIN,
        },
      ],
      'lotline:supplierLot': 'CCI-24-7781',
      'lotline:certificateRef': 'CoC-7781',
      'lotline:expiry': '2030-03-31',
      'lotline:sampleSize': 80,
      'lotline:sealsIntact': true,
    });
  });

  it('writes the work order as a transformation with its quantities in UN/ECE Rec 20 units', () => {
    const transformation = eventsOf(doc)[3];
    expect(transformation?.transformationID).toBe('urn:lotline:VLN:wo:WO-2025-0107');
    expect(transformation?.inputQuantityList?.map((q) => [q.quantity, q.uom])).toEqual([
      [12150, 'H87'],
      [12150, 'H87'],
      [4.738, 'KGM'],
      [12150, 'H87'],
    ]);
    expect(transformation?.outputQuantityList).toEqual([
      { epcClass: 'urn:epc:class:lgtin:7591234.000010.LTL25C001-007', quantity: 12000, uom: 'H87' },
    ]);
    expect(transformation?.['lotline:lots']).toContainEqual({
      'lotline:epcClass': 'urn:epc:class:lgtin:7591234.000010.LTL25C001-007',
      'lotline:material': '9MM-FMJ-124',
    });
  });

  it('writes crates and pallets by SSCC, packets and cans by private URN', () => {
    const crateInPallet = eventsOf(doc)[8];
    expect(crateInPallet?.parentID).toBe('urn:epc:id:sscc:7591234.3000000031');
    expect(crateInPallet?.childEPCs).toEqual(['urn:epc:id:sscc:7591234.3000000017']);
    expect(eventsOf(doc)[6]?.childEPCs).toEqual([
      'urn:lotline:VLN:hu:packet:PKT-000001',
      'urn:lotline:VLN:hu:packet:PKT-000002',
    ]);
  });

  it('writes a UUID event id as urn:uuid and releasing as a Lotline business step', () => {
    expect(eventsOf(doc)[1]?.eventID).toBe('urn:uuid:3f1c9a52-6b0e-4d6f-9a61-0c2f1e7d8b44');
    expect(eventsOf(doc)[2]?.bizStep).toBe('https://lotline.dev/epcis/BizStep-releasing');
  });

  it('leaves bizLocation off what has left: the shipment', () => {
    const shipment = eventsOf(doc)[10];
    expect(shipment?.readPoint).toEqual({ id: 'urn:lotline:VLN:loc:DOCK-1' });
    expect(shipment).not.toHaveProperty('bizLocation');
  });

  it('uses only field names of the EPCIS context or the lotline prefix', () => {
    const context = (fixture('epcis-context.jsonld') as { '@context': Record<string, unknown> })[
      '@context'
    ];
    const fields = new Set([
      ...Object.keys(doc),
      ...eventsOf(doc).flatMap((e) => Object.keys(e)),
      ...eventsOf(doc).flatMap((e) =>
        ['quantityList', 'inputQuantityList', 'outputQuantityList', 'childQuantityList'].flatMap(
          (list) => (e[list] as object[] | undefined)?.flatMap((q) => Object.keys(q)) ?? [],
        ),
      ),
    ]);
    const unknown = [...fields].filter((f) => !(f in context) && !f.startsWith('lotline:'));
    expect(unknown).toEqual(['@context']);
  });

  it('refuses two lots under one identifier and extension keys it cannot write', () => {
    const event = history[11] as ObjectTraceEvent;
    const twin: LotRef = { ...cartridges, material: 'OTHER' };
    expect(() =>
      toEpcisDocument(
        [
          {
            ...event,
            quantities: [
              { lot: cartridges, quantity: 1, unit: 'each' },
              { lot: twin, quantity: 1, unit: 'each' },
            ],
          },
        ],
        plant,
        '2025-03-12T15:00:00Z',
      ),
    ).toThrow(/two different lots share the identifier urn:epc:class:lgtin:7591234\.000010/);
    for (const key of ['lots', 'bad key', 'lotline:reason']) {
      expect(() =>
        toEpcisDocument([{ ...event, extension: { [key]: 'x' } }], plant, '2025-03-12T15:00:00Z'),
      ).toThrow(key);
    }
  });

  it('refuses a company prefix that is not 6–12 digits', () => {
    expect(() => toEpcisDocument([], { companyPrefix: '12345', site: 'VLN' }, 'x')).toThrow(
      /6–12 digits/,
    );
  });
});

describe('identifiers', () => {
  const roundTrip = (events: TraceEvent[], identity: Identity) => {
    const doc = toEpcisDocument(events, identity, '2025-03-12T15:00:00Z');
    expect(validateEpcis(transported(doc))).toEqual({ ok: true });
    expect(fromEpcisDocument(transported(doc), identity)).toStrictEqual({ ok: true, events });
    return doc;
  };

  const holding = (lots: LotRef[], containers: ContainerRef[]): ObjectTraceEvent => ({
    type: 'object',
    eventId: 'evt-1',
    at: '2025-03-12T14:20:00.000Z',
    timezone: '-04:00',
    action: 'OBSERVE',
    bizStep: 'holding',
    quantities: lots.map((lot) => ({ lot, quantity: 1, unit: 'each' })),
    containers,
  });

  it('without a company prefix: every lot and container private, GTIN and SSCC kept beside', () => {
    const doc = roundTrip(history, { site: 'VLN' });
    const identifiers = JSON.stringify(doc);
    expect(identifiers).not.toContain('urn:epc:');
    expect(eventsOf(doc)[8]?.parentID).toBe('urn:lotline:VLN:hu:pallet:PAL-000031');
    expect(eventsOf(doc)[8]?.['lotline:containers']).toContainEqual({
      'lotline:epc': 'urn:lotline:VLN:hu:pallet:PAL-000031',
      'lotline:sscc': PALLET_SSCC,
    });
  });

  it('a lot number with URI-reserved characters in an LGTIN (TDS escapes)', () => {
    const lot: LotRef = { material: '9MM', lot: 'A/B?C%D"E&<F>:1', gtin: CARTRIDGE_GTIN };
    const doc = roundTrip([holding([lot], [])], plant);
    expect(eventsOf(doc)[0]?.quantityList?.[0]?.epcClass).toBe(
      'urn:epc:class:lgtin:7591234.000010.A%2FB%3FC%25D%22E%26%3CF%3E:1',
    );
  });

  it('lots and containers a GS1 key cannot carry: private URNs, percent-encoded', () => {
    const lots: LotRef[] = [
      // '#' and spaces are not in GS1 character set 82; 21 characters are too long for AI (10).
      { material: 'PROP/BALL 231', lot: 'Lot #7: ñandú', gtin: CARTRIDGE_GTIN },
      { material: '9MM', lot: 'L'.repeat(21), gtin: CARTRIDGE_GTIN },
      // A GTIN whose check digit is wrong is kept, not corrected.
      { material: '9MM', lot: 'LTL25C001-007', gtin: '07591234000101' },
      { material: 'm:1', lot: '%41:b' },
    ];
    const containers: ContainerRef[] = [
      { id: 'CAN 12/3:4', kind: 'can' },
      { id: 'CRATE-9', sscc: '375912340000000171', kind: 'crate' },
      { id: 'CRATE-10', sscc: '406141411234567890', kind: 'crate' },
    ];
    const doc = roundTrip([holding(lots, containers)], plant);
    const event = eventsOf(doc)[0];
    expect(event?.quantityList?.map((q) => q.epcClass)).toEqual([
      'urn:lotline:VLN:lot:PROP%2FBALL%20231:Lot%20%237%3A%20%C3%B1and%C3%BA',
      `urn:lotline:VLN:lot:9MM:${'L'.repeat(21)}`,
      'urn:lotline:VLN:lot:9MM:LTL25C001-007',
      'urn:lotline:VLN:lot:m%3A1:%2541%3Ab',
    ]);
    expect(event?.epcList).toEqual([
      'urn:lotline:VLN:hu:can:CAN%2012%2F3%3A4',
      'urn:lotline:VLN:hu:crate:CRATE-9',
      'urn:lotline:VLN:hu:crate:CRATE-10',
    ]);
  });

  it('ids that are URIs already stay so, and ids that look like Lotline’s own come back', () => {
    const event: TraceEvent = {
      ...holding([], []),
      eventId: 'urn:uuid:3f1c9a52-6b0e-4d6f-9a61-0c2f1e7d8b44',
      location: 'urn:epc:id:sgln:7591234.00001.0',
      extension: { 'https://example.com/voc/temperature': 21.5 },
    };
    const shipped: TraceEvent = {
      ...holding([], []),
      eventId: 'urn:lotline:VLN:event:x',
      location: 'urn:lotline:VLN:loc:MAG-01',
      source: [{ type: 'possessing_party', id: 'https://carrier.example/parties/42' }],
    };
    const doc = roundTrip([event, shipped], plant);
    expect(eventsOf(doc)[0]?.readPoint).toEqual({ id: 'urn:epc:id:sgln:7591234.00001.0' });
    expect(eventsOf(doc)[1]?.eventID).toBe('urn:lotline:VLN:event:urn%3Alotline%3AVLN%3Aevent%3Ax');
    expect(eventsOf(doc)[1]?.sourceList).toEqual([
      { type: 'possessing_party', source: 'https://carrier.example/parties/42' },
    ]);
  });

  it('an empty aggregation DELETE (unpack everything) and an object event without objects', () => {
    roundTrip(
      [
        {
          type: 'aggregation',
          eventId: 'evt-2',
          at: '2025-03-12T14:20:00.000Z',
          timezone: '-04:00',
          action: 'DELETE',
          bizStep: 'unpacking',
          parent: pallet,
          childContainers: [],
          childQuantities: [],
        },
        holding([], []),
      ],
      plant,
    );
  });
});

describe('import', () => {
  const eventErrors = (name: string, options = {}) =>
    errorsOf(fromEpcisDocument(fixture(name), plant, options) as { ok: false; errors: string[] });

  it('refuses 9.6.1: serialised trade items (SGTIN) are not lots', () => {
    const result = fromEpcisDocument(fixture('Example_9.6.1-ObjectEvent.jsonld'), plant);
    expect(result.ok).toBe(false);
    expect(eventErrors('Example_9.6.1-ObjectEvent.jsonld')).toEqual([
      'epcisBody.eventList[0].epcList[0]: urn:epc:id:sgtin:0614141.107346.2017 is a serialised GS1 instance; Lotline traces lots and its own containers, not individual items',
      'epcisBody.eventList[0].epcList[1]: urn:epc:id:sgtin:0614141.107346.2018 is a serialised GS1 instance; Lotline traces lots and its own containers, not individual items',
      'epcisBody.eventList[1].epcList[0]: urn:epc:id:sgtin:0614141.107346.2018 is a serialised GS1 instance; Lotline traces lots and its own containers, not individual items',
    ]);
  });

  it('refuses 9.6.2 while the supplier’s GTIN has no Lotline material', () => {
    expect(eventErrors('Example_9.6.2-ObjectEvent.jsonld')).toEqual([
      'epcisBody.eventList[0].quantityList[0].epcClass: urn:epc:class:lgtin:4012345.012345.998877: no Lotline material is known for GTIN 04012345123456 (give materialForGtin)',
    ]);
  });

  it('reads 9.6.2 with the item master’s material, keeping foreign ids and extensions', () => {
    const materialForGtin = (gtin: string) =>
      gtin === '04012345123456' ? 'PROP-BALL-231' : undefined;
    const result = fromEpcisDocument(fixture('Example_9.6.2-ObjectEvent.jsonld'), plant, {
      materialForGtin,
    });
    expect(result).toStrictEqual({
      ok: true,
      events: [
        {
          type: 'object',
          eventId:
            'ni:///sha-256;a98f08ae6ac4de3482054314d637c07010b448d3802dccb028a06aafcc6a4b10?ver=CBV2.0',
          at: '2013-06-08T14:58:56.591Z',
          timezone: '+02:00',
          // readPoint; the bizLocation (…00888.0) differs and is not kept.
          location: 'urn:epc:id:sgln:0614141.00777.0',
          extension: {
            'http://ns.example.com/epcis/myField': 'Example of a vendor/user extension',
          },
          action: 'OBSERVE',
          bizStep: 'receiving',
          disposition: 'in_progress',
          quantities: [
            {
              lot: { material: 'PROP-BALL-231', lot: '998877', gtin: '04012345123456' },
              quantity: 200,
              unit: 'kg',
            },
          ],
          containers: [],
          source: [
            { type: 'possessing_party', id: 'urn:epc:id:sgln:4012345.00001.0' },
            { type: 'location', id: 'urn:epc:id:sgln:4012345.00225.0' },
          ],
          destination: [
            { type: 'owning_party', id: 'urn:epc:id:sgln:0614141.00001.0' },
            { type: 'location', id: 'urn:epc:id:sgln:0614141.00777.0' },
          ],
        },
      ],
    });
    // What was read from elsewhere goes out again as a valid document.
    if (!result.ok) return;
    expect(validateEpcis(toEpcisDocument(result.events, plant, '2025-03-12T15:00:00Z'))).toEqual({
      ok: true,
    });
  });

  it('refuses 9.6.3: an observed aggregation of serialised items on receipt', () => {
    const containerForSscc = () => ({ id: 'PAL-X', kind: 'pallet' as const });
    expect(eventErrors('Example_9.6.3-AggregationEvent.jsonld', { containerForSscc })).toEqual([
      'epcisBody.eventList[0].disposition: Lotline has no place for disposition on AggregationEvent; refused, not dropped',
      'epcisBody.eventList[0].action: OBSERVE: Lotline records ADD, DELETE here',
      'epcisBody.eventList[0].bizStep: receiving: Lotline records packing, unpacking here',
      'epcisBody.eventList[0].childEPCs[0]: urn:epc:id:sgtin:0614141.107346.2017 is a serialised GS1 instance; Lotline traces lots and its own containers, not individual items',
      'epcisBody.eventList[0].childEPCs[1]: urn:epc:id:sgtin:0614141.107346.2018 is a serialised GS1 instance; Lotline traces lots and its own containers, not individual items',
      'epcisBody.eventList[0].childQuantityList[0].epcClass: urn:epc:idpat:sgtin:4012345.098765.* is a class pattern without a lot; Lotline traces lots, so it cannot be imported',
      'epcisBody.eventList[0].childQuantityList[1].epcClass: urn:epc:class:lgtin:4012345.012345.998877: no Lotline material is known for GTIN 04012345123456 (give materialForGtin)',
    ]);
  });

  it('refuses 9.6.4: serialised inputs and outputs, a class pattern, ilmd', () => {
    const errors = eventErrors('Example_9.6.4-TransformationEvent.jsonld');
    expect(errors).toContain(
      "epcisBody.eventList[0].inputEPCList[0]: urn:epc:id:sgtin:4012345.011122.25: Lotline's transformations take and make lots (quantity lists), not instances",
    );
    expect(errors).toContain(
      'epcisBody.eventList[0].ilmd: Lotline has no place for ilmd on TransformationEvent; refused, not dropped',
    );
    expect(errors).toContainEqual(
      expect.stringMatching(
        /inputQuantityList\[2\]\.epcClass: urn:epc:idpat:sgtin:.* class pattern/,
      ),
    );
    // 2 serialised inputs, 4 serialised outputs, 1 pattern, 2 LGTINs without material, ilmd.
    expect(errors).toHaveLength(10);
  });

  it('rejects a document that fails the schema, with the schema’s errors', () => {
    const result = fromEpcisDocument(
      brokenExample((e) => delete e.eventTime),
      plant,
    );
    expect(result).toEqual({
      ok: false,
      errors: ['epcisBody.eventList[0].eventTime: is required'],
    });
    expect(fromEpcisDocument({ hello: 'world' }, plant)).toEqual({
      ok: false,
      errors: ['type: expected "EPCISDocument", found no type'],
    });
  });

  it('takes documents, not bare events', () => {
    const event = {
      ...eventsOf(toEpcisDocument([history[2] as TraceEvent], plant, '2025-03-12T15:00:00Z'))[0],
      '@context': ['https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld'],
    };
    expect(validateEpcis(event)).toEqual({ ok: true });
    expect(fromEpcisDocument(event, plant)).toEqual({
      ok: false,
      errors: ['type: expected "EPCISDocument", found "ObjectEvent"'],
    });
  });

  it('refuses another site’s private identifiers, units it does not keep and missing event ids', () => {
    const doc = toEpcisDocument([history[11] as TraceEvent], plant, '2025-03-12T15:00:00Z');
    const event = eventsOf(doc)[0];
    if (event?.quantityList?.[0] === undefined) throw new Error('no quantity');
    event.quantityList[0].uom = 'LBR';
    event.epcList = ['urn:lotline:MRD:hu:packet:PKT-000001'];
    delete event.eventID;
    expect(errorsOf(fromEpcisDocument(transported(doc), plant))).toEqual([
      'epcisBody.eventList[0].eventID: is required: Lotline keys events by it',
      'epcisBody.eventList[0].quantityList[0].uom: LBR is not a unit Lotline keeps (H87, EA, C62, KGM, GRM, MTR, LTR)',
      'epcisBody.eventList[0].epcList[0]: urn:lotline:MRD:hu:packet:PKT-000001 belongs to Lotline site "MRD", not "VLN": import it with that site\'s identity',
    ]);
  });

  it('reads CBV vocabulary written as full URIs and Lotline fields under another prefix', () => {
    const doc = toEpcisDocument([history[0] as TraceEvent], plant, '2025-03-12T15:00:00Z');
    const event = eventsOf(doc)[0] as Record<string, unknown>;
    event.bizStep = 'https://ref.gs1.org/cbv/BizStep-receiving';
    event.disposition = 'https://ref.gs1.org/cbv/Disp-non_sellable_other';
    for (const [key, value] of Object.entries(event)) {
      if (!key.startsWith('lotline:')) continue;
      delete event[key];
      event[`https://lotline.dev/epcis/${key.slice('lotline:'.length)}`] = value;
    }
    expect(fromEpcisDocument(transported(doc), plant)).toStrictEqual({
      ok: true,
      events: [history[0]],
    });
  });
});
