// EPCIS 2.0 export and import of Lotline's trace events (object, aggregation
// and transformation events) as JSON-LD documents, for the repositories of
// customers and authorities. Pure: the database side picks the events (a time
// window, a lot's genealogy) and maps its rows to TraceEvent and back; this
// module maps and validates against the GS1 schema vendored in ./epcis/.
//
// Identifiers (GS1 Tag Data Standard 2.x, EPC URIs):
//   a lot of a material whose GTIN is under the plant's company prefix
//     urn:epc:class:lgtin:<company prefix>.<indicator><item ref>.<lot>
//   a crate or pallet whose SSCC is under the plant's company prefix
//     urn:epc:id:sscc:<company prefix>.<extension digit><serial ref>
//   anything else, a private URN of the site:
//     urn:lotline:<site>:lot:<material>:<lot>   urn:lotline:<site>:hu:<kind>:<id>
//     urn:lotline:<site>:loc:<code>   :party:<id>   :bt:<id>   :wo:<number>   :event:<id>
//   Each part of a private URN is percent-encoded (encodeURIComponent), so a
//   ':' never occurs inside one and every string comes back as it went.
// A lot or container under someone else's prefix stays private: the split of a
// GTIN or SSCC needs the length of the prefix, which is known only for ours.
//
// What an identifier cannot hold (the material of an LGTIN lot, the Lotline
// serial and kind of an SSCC crate, a GTIN or SSCC that could not be used)
// travels in the event as lotline:lots and lotline:containers; the event's own
// extension fields as lotline:<key>; all under the lotline namespace declared
// in @context. So fromEpcisDocument(toEpcisDocument(events)) gives back the
// same events.
//
// Import of documents from elsewhere: what Lotline cannot record is refused
// with an error naming the field, never dropped: serialised items (SGTIN and
// other instance EPCs), class patterns (idpat), events without eventID or
// quantity, ilmd, sensor data, certification info, error declarations,
// association and transaction events. A foreign LGTIN or SSCC needs its
// Lotline material or container from the document or from the caller's
// resolvers. recordTime is the sender's capture time, not part of the event,
// and is not kept. Foreign extension fields with plain values are kept under
// their expanded IRI.
import { Ajv, type AnySchemaObject, type ErrorObject, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';
import { invalid } from '../../core/errors.js';
import epcisSchema from './epcis/EPCIS-JSON-Schema.json' with { type: 'json' };

// ---------------------------------------------------------------- types ------

export const UNITS = ['each', 'kg', 'g', 'm', 'l'] as const;
export type Unit = (typeof UNITS)[number];

export const CONTAINER_KINDS = ['packet', 'can', 'crate', 'pallet'] as const;
export type ContainerKind = (typeof CONTAINER_KINDS)[number];

/** A lot of a material; gtin: the material's GTIN-14, when it has one. */
export interface LotRef {
  material: string;
  lot: string;
  gtin?: string;
}

export interface Quantity {
  lot: LotRef;
  quantity: number;
  unit: Unit;
}

/** id: Lotline's serial of the container ("CAN-000123"); sscc (18 digits) for crates and pallets. */
export interface ContainerRef {
  id: string;
  sscc?: string;
  kind: ContainerKind;
}

/** 'releasing' (a lot released by QA) has no CBV 2.0 name and goes out as a Lotline URI. */
export const OBJECT_BIZ_STEPS = [
  'commissioning',
  'receiving',
  'shipping',
  'holding',
  'releasing',
  'destroying',
  'inspecting',
] as const;
export type ObjectBizStep = (typeof OBJECT_BIZ_STEPS)[number];

export const AGGREGATION_BIZ_STEPS = ['packing', 'unpacking'] as const;
export type AggregationBizStep = (typeof AGGREGATION_BIZ_STEPS)[number];

/** repairing: rework, whose output lot carries a suffix (MIL-STD-1168C 4.6). */
export const TRANSFORMATION_BIZ_STEPS = ['commissioning', 'repairing'] as const;
export type TransformationBizStep = (typeof TRANSFORMATION_BIZ_STEPS)[number];

/** CBV 2.0 dispositions. */
export const DISPOSITIONS = [
  'active',
  'available',
  'completeness_inferred',
  'completeness_verified',
  'conformant',
  'container_closed',
  'container_open',
  'damaged',
  'destroyed',
  'dispensed',
  'disposed',
  'encoded',
  'expired',
  'in_progress',
  'in_transit',
  'inactive',
  'mismatch_class',
  'mismatch_instance',
  'mismatch_quantity',
  'needs_replacement',
  'no_pedigree_match',
  'non_conformant',
  'non_sellable_other',
  'partially_dispensed',
  'recalled',
  'reserved',
  'retail_sold',
  'returned',
  'sellable_accessible',
  'sellable_not_accessible',
  'stolen',
  'unavailable',
  'unknown',
] as const;
export type Disposition = (typeof DISPOSITIONS)[number];

/** CBV 2.0 source/destination types. */
export const PARTY_TYPES = ['owning_party', 'possessing_party', 'location'] as const;
export type PartyType = (typeof PARTY_TYPES)[number];
/** A supplier or customer (parties) or a place, by Lotline's code. */
export interface PartyRef {
  type: PartyType;
  id: string;
}

/** CBV 2.0 business transaction types. */
export const BIZ_TRANSACTION_TYPES = [
  'bol',
  'cert',
  'desadv',
  'inv',
  'pedigree',
  'po',
  'poc',
  'prodorder',
  'recadv',
  'rma',
  'testprd',
  'testres',
  'upevt',
] as const;
export type BizTransactionType = (typeof BIZ_TRANSACTION_TYPES)[number];
export interface BizTransactionRef {
  type: BizTransactionType;
  id: string;
}

/** Facts the standard fields do not hold: supplierLot, certificateRef, expiry, reason… */
export type Extension = Record<string, string | number | boolean>;

interface TraceEventBase {
  eventId: string;
  /** ISO 8601 instant with offset, e.g. "2025-03-04T14:05:00.000Z". */
  at: string;
  /** The local offset where it happened, e.g. "-04:00". */
  timezone: string;
  /** Plant location code (magazine "MAG-01", line "L1"). */
  location?: string;
  extension?: Extension;
}

export interface ObjectTraceEvent extends TraceEventBase {
  type: 'object';
  action: 'ADD' | 'OBSERVE' | 'DELETE';
  bizStep: ObjectBizStep;
  disposition?: Disposition;
  quantities: Quantity[];
  containers: ContainerRef[];
  source?: PartyRef[];
  destination?: PartyRef[];
  bizTransactions?: BizTransactionRef[];
}

export interface AggregationTraceEvent extends TraceEventBase {
  type: 'aggregation';
  action: 'ADD' | 'DELETE';
  bizStep: AggregationBizStep;
  parent: ContainerRef;
  childContainers: ContainerRef[];
  childQuantities: Quantity[];
}

export interface TransformationTraceEvent extends TraceEventBase {
  type: 'transformation';
  /** The work order number: links the events of one transformation. */
  transformationId?: string;
  bizStep: TransformationBizStep;
  disposition?: Disposition;
  inputs: Quantity[];
  outputs: Quantity[];
  bizTransactions?: BizTransactionRef[];
}

export type TraceEvent = ObjectTraceEvent | AggregationTraceEvent | TransformationTraceEvent;

/** The plant: its GS1 company prefix (6–12 digits), if it has one, and its site code. */
export interface Identity {
  companyPrefix?: string;
  site: string;
}

/** Where a document names a foreign GTIN or SSCC without saying what it is in Lotline. */
export interface EpcisImportOptions {
  /** Lotline's material code of a GTIN (e.g. a supplier's, from the item master). */
  materialForGtin?: (gtin: string) => string | undefined;
  /** Lotline's serial and kind of a container known by its SSCC. */
  containerForSscc?: (sscc: string) => { id: string; kind: ContainerKind } | undefined;
}

// ----------------------------------------------------- EPCIS JSON shapes ------

interface EpcisQuantity {
  epcClass: string;
  quantity?: number;
  uom?: string;
}
interface EpcisSource {
  type: string;
  source: string;
}
interface EpcisDestination {
  type: string;
  destination: string;
}
interface EpcisBizTransaction {
  type?: string;
  bizTransaction: string;
}

/** An event as the EPCIS 2.0 JSON binding writes it; extension fields are URI-named. */
export interface EpcisEvent {
  type: 'ObjectEvent' | 'AggregationEvent' | 'TransformationEvent';
  eventID?: string;
  eventTime: string;
  eventTimeZoneOffset: string;
  action?: string;
  bizStep?: string;
  disposition?: string;
  epcList?: string[];
  quantityList?: EpcisQuantity[];
  parentID?: string;
  childEPCs?: string[];
  childQuantityList?: EpcisQuantity[];
  inputEPCList?: string[];
  inputQuantityList?: EpcisQuantity[];
  outputEPCList?: string[];
  outputQuantityList?: EpcisQuantity[];
  transformationID?: string;
  readPoint?: { id: string };
  bizLocation?: { id: string };
  bizTransactionList?: EpcisBizTransaction[];
  sourceList?: EpcisSource[];
  destinationList?: EpcisDestination[];
  [extension: string]: unknown;
}

export interface EpcisDocument {
  '@context': (string | Record<string, string>)[];
  type: 'EPCISDocument';
  schemaVersion: '2.0';
  creationDate: string;
  epcisBody: { eventList: EpcisEvent[] };
}

export const EPCIS_CONTEXT = 'https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld';
/** Lotline's JSON-LD namespace, declared in @context as the prefix `lotline`. */
export const LOTLINE_NS = 'https://lotline.dev/epcis/';
const CBV_NS = 'https://ref.gs1.org/cbv/';

/** UN/ECE Recommendation 20 codes. */
const UOM: Record<Unit, string> = { each: 'H87', kg: 'KGM', g: 'GRM', m: 'MTR', l: 'LTR' };
/** Also read: EA and C62, Rec 20 codes for a count too; and no uom, which EPCIS reads as a count. */
const UNIT_OF_UOM: Record<string, Unit> = {
  H87: 'each',
  EA: 'each',
  C62: 'each',
  KGM: 'kg',
  GRM: 'g',
  MTR: 'm',
  LTR: 'l',
};

/** Lotline's own business steps, as URIs beside the CBV's (the schema's vocab-other-uri). */
const LOTLINE_BIZ_STEPS: Partial<Record<ObjectBizStep, string>> = {
  releasing: `${LOTLINE_NS}BizStep-releasing`,
};

// Extension keys that carry what identifiers cannot hold; not for the event's own extension.
const LOTS_FIELD = 'lots';
const CONTAINERS_FIELD = 'containers';

// ---------------------------------------------------------- identifiers ------

const pct = encodeURIComponent;

/** GS1 General Specifications §7.9.1: mod-10 check digit, weights 3,1,3… from the right. */
function gs1CheckDigit(digits: string): string {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    sum += Number(digits[digits.length - 1 - i]) * (i % 2 === 0 ? 3 : 1);
  }
  return String((10 - (sum % 10)) % 10);
}

const hasValidCheckDigit = (digits: string) =>
  gs1CheckDigit(digits.slice(0, -1)) === digits.slice(-1);

// TDS Appendix A: the lot (AI 10) is 1–20 characters of character set 82, and
// in an EPC URI seven of them are percent-escaped.
const CS82_LOT = /^[!"%&'()*+,\-./0-9:;<=>?A-Z_a-z]{1,20}$/;
const EPC_URI_ESCAPES: Record<string, string> = {
  '"': '%22',
  '%': '%25',
  '&': '%26',
  '/': '%2F',
  '<': '%3C',
  '>': '%3E',
  '?': '%3F',
};

/** URIs that name something by themselves (a foreign GLN, a web address) go out unwrapped. */
const ABSOLUTE_URI =
  /^(?:urn:[A-Za-z0-9][A-Za-z0-9-]{0,31}:|https?:\/\/[^/?#]+)[\w\-.~:/?#[\]@!$&'()*+,;=%]*$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

type RefKind = 'loc' | 'party' | 'bt' | 'wo' | 'event';

/** The site's private URNs, and the GS1 ones under its company prefix. */
class Identifiers {
  readonly site: string;
  readonly companyPrefix: string | undefined;
  private readonly base: string;

  constructor(identity: Identity) {
    if (identity.site === '') {
      throw invalid('epcis_site_empty', 'EPCIS identity: the site code is empty');
    }
    if (identity.companyPrefix !== undefined && !/^\d{6,12}$/.test(identity.companyPrefix)) {
      throw invalid(
        'gs1_company_prefix_invalid',
        'EPCIS identity: the GS1 company prefix must be 6–12 digits, not "{{companyPrefix}}"',
        { companyPrefix: identity.companyPrefix },
      );
    }
    this.site = identity.site;
    this.companyPrefix = identity.companyPrefix;
    this.base = `urn:lotline:${encodePart(identity.site)}:`;
  }

  /** A location, party, transaction, work order or event: its own URI, or the site's URN. */
  ref(kind: RefKind, id: string): string {
    const own = `${this.base}${kind}:`;
    if (kind === 'event' && UUID.test(id)) return `urn:uuid:${id}`;
    // Wrapped when it would be read back as something else: our own URN, or urn:uuid.
    const readBackAsOther =
      id.startsWith(own) || (kind === 'event' && id.toLowerCase().startsWith('urn:uuid:'));
    if (ABSOLUTE_URI.test(id) && !readBackAsOther) return id;
    return `${own}${encodePart(id)}`;
  }

  /** The id a ref URI stands for; foreign URIs are their own id. */
  refId(kind: RefKind, uri: string): string {
    const own = `${this.base}${kind}:`;
    if (uri.startsWith(own)) return decodePart(uri.slice(own.length));
    if (kind === 'event') {
      const uuid = uri.slice('urn:uuid:'.length);
      if (uri.toLowerCase().startsWith('urn:uuid:') && UUID.test(uuid)) return uuid;
    }
    return uri;
  }

  /** The EPC class of a lot: an LGTIN where the GS1 keys allow it, else the site's URN. */
  lotClass(lot: LotRef): { uri: string; note?: LotNote } {
    const { gtin } = lot;
    const prefix = this.companyPrefix;
    if (
      gtin !== undefined &&
      prefix !== undefined &&
      /^\d{14}$/.test(gtin) &&
      hasValidCheckDigit(gtin) &&
      gtin.slice(1, 1 + prefix.length) === prefix &&
      CS82_LOT.test(lot.lot)
    ) {
      // GTIN-14 = indicator, company prefix, item reference, check digit (TDS, LGTIN EPC class).
      const indicatorAndItem = gtin[0] + gtin.slice(1 + prefix.length, 13);
      const escapedLot = lot.lot.replace(/["%&/<>?]/g, (c) => EPC_URI_ESCAPES[c] ?? c);
      return {
        uri: `urn:epc:class:lgtin:${prefix}.${indicatorAndItem}.${escapedLot}`,
        note: { material: lot.material },
      };
    }
    const uri = `${this.base}lot:${encodePart(lot.material)}:${encodePart(lot.lot)}`;
    return gtin === undefined ? { uri } : { uri, note: { gtin } };
  }

  /** The EPC of a container: an SSCC where the GS1 key allows it, else the site's URN. */
  containerEpc(container: ContainerRef): { uri: string; note?: ContainerNote } {
    const { sscc } = container;
    const prefix = this.companyPrefix;
    if (
      sscc !== undefined &&
      prefix !== undefined &&
      /^\d{18}$/.test(sscc) &&
      hasValidCheckDigit(sscc) &&
      sscc.slice(1, 1 + prefix.length) === prefix
    ) {
      // SSCC = extension digit, company prefix, serial reference, check digit (TDS, SSCC EPC).
      const serial = sscc[0] + sscc.slice(1 + prefix.length, 17);
      return {
        uri: `urn:epc:id:sscc:${prefix}.${serial}`,
        note: { id: container.id, kind: container.kind },
      };
    }
    const uri = `${this.base}hu:${container.kind}:${encodePart(container.id)}`;
    return sscc === undefined ? { uri } : { uri, note: { sscc } };
  }

  /** The lot an EPC class stands for, or why Lotline cannot map it. */
  lotOf(
    uri: string,
    notes: ReadonlyMap<string, LotNote>,
    options: EpcisImportOptions,
  ): LotRef | string {
    const note = notes.get(uri) ?? {};
    const ownLot = `${this.base}lot:`;
    if (uri.startsWith(ownLot)) {
      const parts = uri.slice(ownLot.length).split(':');
      if (parts.length !== 2) return `${uri} is not a Lotline lot URN (…:lot:<material>:<lot>)`;
      const material = decodePart(parts[0] ?? '');
      const lot = decodePart(parts[1] ?? '');
      return note.gtin === undefined ? { material, lot } : { material, lot, gtin: note.gtin };
    }
    const lgtin = /^urn:epc:class:lgtin:(\d{6,12})\.(\d{1,7})\.(.+)$/.exec(uri);
    if (lgtin) {
      const [, prefix = '', indicatorAndItem = '', escapedLot = ''] = lgtin;
      if (prefix.length + indicatorAndItem.length !== 13) {
        return `${uri}: company prefix and item reference must have 13 digits together`;
      }
      const body = indicatorAndItem[0] + prefix + indicatorAndItem.slice(1);
      const gtin = body + gs1CheckDigit(body);
      const lot = decodePart(escapedLot);
      const material = note.material ?? options.materialForGtin?.(gtin);
      if (material === undefined) {
        return `${uri}: no Lotline material is known for GTIN ${gtin} (give materialForGtin)`;
      }
      return { material, lot, gtin };
    }
    return this.refusal(uri, 'a lot');
  }

  /** The container an EPC stands for, or why Lotline cannot map it. */
  containerOf(
    uri: string,
    notes: ReadonlyMap<string, ContainerNote>,
    options: EpcisImportOptions,
  ): ContainerRef | string {
    const note = notes.get(uri) ?? {};
    const ownHu = `${this.base}hu:`;
    if (uri.startsWith(ownHu)) {
      const parts = uri.slice(ownHu.length).split(':');
      const kind = CONTAINER_KINDS.find((k) => k === parts[0]);
      if (parts.length !== 2 || kind === undefined) {
        return `${uri} is not a Lotline container URN (…:hu:<${CONTAINER_KINDS.join('|')}>:<id>)`;
      }
      const id = decodePart(parts[1] ?? '');
      return note.sscc === undefined ? { id, kind } : { id, sscc: note.sscc, kind };
    }
    const sscc = /^urn:epc:id:sscc:(\d{6,12})\.(\d{5,11})$/.exec(uri);
    if (sscc) {
      const [, prefix = '', serial = ''] = sscc;
      if (prefix.length + serial.length !== 17) {
        return `${uri}: company prefix and serial reference must have 17 digits together`;
      }
      const body = serial[0] + prefix + serial.slice(1);
      const digits = body + gs1CheckDigit(body);
      const known =
        note.id !== undefined && note.kind !== undefined
          ? { id: note.id, kind: note.kind }
          : options.containerForSscc?.(digits);
      if (known === undefined) {
        return `${uri}: no Lotline container is known for SSCC ${digits} (give containerForSscc)`;
      }
      return { id: known.id, sscc: digits, kind: known.kind };
    }
    return this.refusal(uri, 'a container');
  }

  private refusal(uri: string, what: string): string {
    if (/^urn:epc:idpat:/.test(uri)) {
      return `${uri} is a class pattern without a lot; Lotline traces lots, so it cannot be imported`;
    }
    if (/^urn:epc:id:(sgtin|sgln|grai|giai|gsrn|gdti|sgcn|cpi|itip|upui|pgln):/.test(uri)) {
      return `${uri} is a serialised GS1 instance; Lotline traces lots and its own containers, not individual items`;
    }
    const site = /^urn:lotline:([^:]*):/.exec(uri)?.[1];
    if (site !== undefined && `urn:lotline:${site}:` !== this.base) {
      return `${uri} belongs to Lotline site "${decodePart(site)}", not "${this.site}": import it with that site's identity`;
    }
    return `${uri} is not ${what} Lotline can map`;
  }
}

function encodePart(part: string): string {
  try {
    return pct(part);
  } catch {
    throw invalid(
      'epcis_malformed_unicode',
      'EPCIS: "{{value}}" is not well-formed Unicode and cannot be put in a URI',
      { value: part },
    );
  }
}

function decodePart(part: string): string {
  try {
    return decodeURIComponent(part);
  } catch {
    return part;
  }
}

/** lotline:lots entries: what an EPC class cannot hold. */
interface LotNote {
  material?: string;
  gtin?: string;
}
/** lotline:containers entries: what an EPC cannot hold. */
interface ContainerNote {
  id?: string;
  kind?: ContainerKind;
  sscc?: string;
}

// ---------------------------------------------------------------- export ------

/**
 * The events as one EPCIS 2.0 document (JSON-LD), in the order given.
 * Throws `invalid` for input no document can hold faithfully: two different
 * lots or containers under one identifier, or an extension key that is not a
 * plain name or a URI.
 */
export function toEpcisDocument(
  events: readonly TraceEvent[],
  identity: Identity,
  createdAt: string,
): EpcisDocument {
  const ids = new Identifiers(identity);
  return {
    '@context': [EPCIS_CONTEXT, { lotline: LOTLINE_NS }],
    type: 'EPCISDocument',
    schemaVersion: '2.0',
    creationDate: createdAt,
    epcisBody: { eventList: events.map((event) => exportEvent(event, ids)) },
  };
}

/** Collects, per event, the lots and containers named and what their identifiers leave out. */
class EventNotes {
  private readonly lots = new Map<string, { ref: LotRef; note?: LotNote }>();
  private readonly containers = new Map<string, { ref: ContainerRef; note?: ContainerNote }>();

  constructor(private readonly ids: Identifiers) {}

  lot(ref: LotRef): string {
    const { uri, note } = this.ids.lotClass(ref);
    const known = this.lots.get(uri);
    if (known === undefined) this.lots.set(uri, note === undefined ? { ref } : { ref, note });
    else if (!sameFields(known.ref, ref)) {
      throw invalid(
        'epcis_lot_identifier_clash',
        'EPCIS: two different lots share the identifier {{uri}} in one event',
        { uri },
      );
    }
    return uri;
  }

  container(ref: ContainerRef): string {
    const { uri, note } = this.ids.containerEpc(ref);
    const known = this.containers.get(uri);
    if (known === undefined) this.containers.set(uri, note === undefined ? { ref } : { ref, note });
    else if (!sameFields(known.ref, ref)) {
      throw invalid(
        'epcis_container_identifier_clash',
        'EPCIS: two different containers share the identifier {{uri}} in one event',
        { uri },
      );
    }
    return uri;
  }

  quantity(q: Quantity): EpcisQuantity {
    return { epcClass: this.lot(q.lot), quantity: q.quantity, uom: UOM[q.unit] };
  }

  /** lotline:lots and lotline:containers, where there is something to say. */
  fields(): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    const lots = [...this.lots].flatMap(([uri, { note }]) =>
      note === undefined ? [] : [{ 'lotline:epcClass': uri, ...lotlineKeys(note) }],
    );
    const containers = [...this.containers].flatMap(([uri, { note }]) =>
      note === undefined ? [] : [{ 'lotline:epc': uri, ...lotlineKeys(note) }],
    );
    if (lots.length > 0) out[`lotline:${LOTS_FIELD}`] = lots;
    if (containers.length > 0) out[`lotline:${CONTAINERS_FIELD}`] = containers;
    return out;
  }
}

function sameFields(a: object, b: object): boolean {
  const entries = (o: object) =>
    Object.entries(o)
      .filter(([, v]) => v !== undefined)
      .sort(([x], [y]) => x.localeCompare(y));
  return JSON.stringify(entries(a)) === JSON.stringify(entries(b));
}

function lotlineKeys(note: object): Record<string, unknown> {
  return Object.fromEntries(Object.entries(note).map(([k, v]) => [`lotline:${k}`, v]));
}

function exportEvent(event: TraceEvent, ids: Identifiers): EpcisEvent {
  const notes = new EventNotes(ids);
  const location =
    event.location === undefined ? undefined : { id: ids.ref('loc', event.location) };
  const head = {
    eventID: ids.ref('event', event.eventId),
    eventTime: event.at,
    eventTimeZoneOffset: event.timezone,
  };
  let out: EpcisEvent;
  switch (event.type) {
    case 'object': {
      // bizLocation is where the goods are after the event (EPCIS 2.0, the
      // "where" dimension): none once shipped, destroyed or deleted.
      const staysAtLocation =
        event.action !== 'DELETE' && event.bizStep !== 'shipping' && event.bizStep !== 'destroying';
      out = {
        type: 'ObjectEvent',
        ...head,
        action: event.action,
        bizStep: LOTLINE_BIZ_STEPS[event.bizStep] ?? event.bizStep,
        ...(event.disposition === undefined ? {} : { disposition: event.disposition }),
        // An ObjectEvent needs an epcList (may be empty) or a non-empty quantityList.
        ...(event.containers.length > 0 || event.quantities.length === 0
          ? { epcList: event.containers.map((c) => notes.container(c)) }
          : {}),
        ...(event.quantities.length > 0
          ? { quantityList: event.quantities.map((q) => notes.quantity(q)) }
          : {}),
        ...(location === undefined ? {} : { readPoint: location }),
        ...(location !== undefined && staysAtLocation ? { bizLocation: location } : {}),
        ...bizTransactionsOut(event.bizTransactions, ids),
        ...(event.source === undefined
          ? {}
          : {
              sourceList: event.source.map((s) => ({
                type: s.type,
                source: ids.ref(partyKind(s.type), s.id),
              })),
            }),
        ...(event.destination === undefined
          ? {}
          : {
              destinationList: event.destination.map((d) => ({
                type: d.type,
                destination: ids.ref(partyKind(d.type), d.id),
              })),
            }),
      };
      break;
    }
    case 'aggregation':
      out = {
        type: 'AggregationEvent',
        ...head,
        action: event.action,
        bizStep: event.bizStep,
        parentID: notes.container(event.parent),
        ...(event.childContainers.length > 0
          ? { childEPCs: event.childContainers.map((c) => notes.container(c)) }
          : {}),
        ...(event.childQuantities.length > 0
          ? { childQuantityList: event.childQuantities.map((q) => notes.quantity(q)) }
          : {}),
        ...(location === undefined ? {} : { readPoint: location }),
        ...(location !== undefined && event.action === 'ADD' ? { bizLocation: location } : {}),
      };
      break;
    case 'transformation':
      out = {
        type: 'TransformationEvent',
        ...head,
        ...(event.transformationId === undefined
          ? {}
          : { transformationID: ids.ref('wo', event.transformationId) }),
        bizStep: event.bizStep,
        ...(event.disposition === undefined ? {} : { disposition: event.disposition }),
        ...(event.inputs.length > 0
          ? { inputQuantityList: event.inputs.map((q) => notes.quantity(q)) }
          : {}),
        ...(event.outputs.length > 0
          ? { outputQuantityList: event.outputs.map((q) => notes.quantity(q)) }
          : {}),
        ...(location === undefined ? {} : { readPoint: location, bizLocation: location }),
        ...bizTransactionsOut(event.bizTransactions, ids),
      };
      break;
    default:
      return unreachable(event);
  }
  return { ...out, ...notes.fields(), ...extensionOut(event.extension) };
}

function bizTransactionsOut(
  transactions: readonly BizTransactionRef[] | undefined,
  ids: Identifiers,
): { bizTransactionList?: EpcisBizTransaction[] } {
  if (transactions === undefined) return {};
  return {
    bizTransactionList: transactions.map((t) => ({
      type: t.type,
      bizTransaction: ids.ref('bt', t.id),
    })),
  };
}

const partyKind = (type: PartyType): RefKind => (type === 'location' ? 'loc' : 'party');

const PLAIN_KEY = /^[A-Za-z_][\w.-]*$/;

/** Plain keys become lotline:<key>; URI keys (from foreign documents) stay as they are. */
function extensionOut(extension: Extension | undefined): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(extension ?? {})) {
    if (PLAIN_KEY.test(key)) {
      if (key === LOTS_FIELD || key === CONTAINERS_FIELD) {
        throw invalid(
          'epcis_extension_reserved',
          'EPCIS: the extension key "{{key}}" is Lotline\'s own; use another name',
          { key },
        );
      }
      out[`lotline:${key}`] = value;
    } else if (
      /^[A-Za-z][\w+.-]*:[^\s"<>\\^`{|}]+$/.test(key) &&
      !key.startsWith('lotline:') &&
      !key.startsWith(LOTLINE_NS)
    ) {
      out[key] = value;
    } else {
      throw invalid(
        'epcis_extension_key_invalid',
        'EPCIS: the extension key "{{key}}" is neither a plain name nor a URI',
        { key },
      );
    }
  }
  return out;
}

function unreachable(value: never): never {
  throw new Error(`unexpected ${JSON.stringify(value)}`);
}

// ---------------------------------------------------------------- import ------

export type EpcisImport = { ok: true; events: TraceEvent[] } | { ok: false; errors: string[] };

/**
 * The trace events of an EPCIS 2.0 document: all of them, or the errors of
 * every event that Lotline cannot take as it is (each naming the field).
 */
export function fromEpcisDocument(
  doc: unknown,
  identity: Identity,
  options: EpcisImportOptions = {},
): EpcisImport {
  const ids = new Identifiers(identity);
  // The schema also takes a bare event or a query document, which are not for import; and
  // for a value without a type its if/then layers report every type's requirements.
  const type = typeof doc === 'object' && doc !== null && 'type' in doc ? doc.type : undefined;
  if (type !== 'EPCISDocument') {
    const found = type === undefined ? 'no type' : JSON.stringify(type);
    return { ok: false, errors: [`type: expected "EPCISDocument", found ${found}`] };
  }
  const valid = validateEpcis(doc);
  if (!valid.ok) return valid;
  const document = doc as EpcisDocument;
  const prefixes = prefixesOf(document['@context'], DEFAULT_PREFIXES);
  const errors: string[] = [];
  const events: TraceEvent[] = [];
  document.epcisBody.eventList.forEach((raw, i) => {
    const reader = new EventReader(raw, `epcisBody.eventList[${i}]`, ids, options, prefixes);
    const event = reader.read();
    if (event !== undefined && reader.errors.length === 0) events.push(event);
    errors.push(...reader.errors);
  });
  return errors.length > 0 ? { ok: false, errors } : { ok: true, events };
}

/**
 * Prefixes known without fetching a context: the EPCIS context's own (it is
 * @protected, so documents cannot redefine them) and Lotline's, which a
 * document may still redefine.
 */
const DEFAULT_PREFIXES: ReadonlyMap<string, string> = new Map([
  ['epcis', 'https://ref.gs1.org/epcis/'],
  ['cbv', CBV_NS],
  ['gs1', 'https://gs1.org/voc/'],
  ['lotline', LOTLINE_NS],
]);

/** Prefix → IRI of a JSON-LD @context (the string entries of its objects). */
function prefixesOf(context: unknown, base: ReadonlyMap<string, string> = new Map()) {
  const prefixes = new Map(base);
  const list = Array.isArray(context) ? context : [context];
  for (const entry of list) {
    if (typeof entry !== 'object' || entry === null) continue;
    for (const [term, value] of Object.entries(entry)) {
      const iri =
        typeof value === 'string'
          ? value
          : typeof value === 'object' && value !== null && '@id' in value
            ? value['@id']
            : undefined;
      if (typeof iri === 'string' && /^[a-z][\w+.-]*:/i.test(iri)) prefixes.set(term, iri);
    }
  }
  return prefixes;
}

/** Fields of each event type that Lotline maps. */
const COMMON_FIELDS = ['@context', 'type', 'eventID', 'eventTime', 'eventTimeZoneOffset'];
const MAPPED_FIELDS: Record<EpcisEvent['type'], readonly string[]> = {
  ObjectEvent: [
    ...COMMON_FIELDS,
    'action',
    'bizStep',
    'disposition',
    'epcList',
    'quantityList',
    'readPoint',
    'bizLocation',
    'bizTransactionList',
    'sourceList',
    'destinationList',
  ],
  AggregationEvent: [
    ...COMMON_FIELDS,
    'action',
    'bizStep',
    'parentID',
    'childEPCs',
    'childQuantityList',
    'readPoint',
    'bizLocation',
  ],
  TransformationEvent: [
    ...COMMON_FIELDS,
    'transformationID',
    'bizStep',
    'disposition',
    'inputEPCList',
    'inputQuantityList',
    'outputEPCList',
    'outputQuantityList',
    'readPoint',
    'bizLocation',
    'bizTransactionList',
  ],
};
/**
 * Every standard event field. One outside its event type's mapping is refused
 * rather than dropped (an empty list aside); recordTime alone is ignored.
 */
const STANDARD_FIELDS = new Set([
  'recordTime',
  'certificationInfo',
  'errorDeclaration',
  'persistentDisposition',
  'sensorElementList',
  'ilmd',
  'action',
  'bizStep',
  'disposition',
  'epcList',
  'quantityList',
  'readPoint',
  'bizLocation',
  'bizTransactionList',
  'sourceList',
  'destinationList',
  'parentID',
  'childEPCs',
  'childQuantityList',
  'inputEPCList',
  'inputQuantityList',
  'outputEPCList',
  'outputQuantityList',
  'transformationID',
]);

/** Reads one schema-valid event, collecting every error with its path. */
class EventReader {
  readonly errors: string[] = [];
  private readonly event: EpcisEvent;
  private readonly prefixes: ReadonlyMap<string, string>;
  private readonly lotNotes = new Map<string, LotNote>();
  private readonly containerNotes = new Map<string, ContainerNote>();
  private readonly extension: Extension = {};

  constructor(
    raw: EpcisEvent,
    private readonly path: string,
    private readonly ids: Identifiers,
    private readonly options: EpcisImportOptions,
    prefixes: ReadonlyMap<string, string>,
  ) {
    this.event = raw;
    this.prefixes = prefixesOf(raw['@context'], prefixes);
  }

  read(): TraceEvent | undefined {
    const e = this.event;
    const type: string = e.type;
    if (type !== 'ObjectEvent' && type !== 'AggregationEvent' && type !== 'TransformationEvent') {
      this.fail(
        'type',
        `Lotline records object, aggregation and transformation events, not ${type}`,
      );
      return undefined;
    }
    this.readOtherFields(MAPPED_FIELDS[e.type]);
    if (e.eventID === undefined) this.fail('eventID', 'is required: Lotline keys events by it');
    const base: TraceEventBase = {
      eventId: this.ids.refId('event', e.eventID ?? ''),
      at: e.eventTime,
      timezone: e.eventTimeZoneOffset,
    };
    const place = e.readPoint ?? e.bizLocation;
    if (place !== undefined) base.location = this.ids.refId('loc', place.id);
    if (Object.keys(this.extension).length > 0) base.extension = this.extension;

    switch (e.type) {
      case 'ObjectEvent': {
        const action = this.oneOf('action', e.action, ['ADD', 'OBSERVE', 'DELETE'] as const);
        const bizStep = this.vocabulary('bizStep', e.bizStep, 'BizStep-', OBJECT_BIZ_STEPS);
        const disposition = this.optionalVocabulary('disposition', 'Disp-', DISPOSITIONS);
        const event: ObjectTraceEvent = {
          type: 'object',
          ...base,
          action: action ?? 'OBSERVE',
          bizStep: bizStep ?? 'commissioning',
          ...(disposition === undefined ? {} : { disposition }),
          quantities: this.quantities('quantityList', e.quantityList),
          containers: this.containers('epcList', e.epcList),
        };
        const source = this.parties('sourceList', e.sourceList, (s) => [s.type, s.source]);
        if (source !== undefined) event.source = source;
        const destination = this.parties('destinationList', e.destinationList, (d) => [
          d.type,
          d.destination,
        ]);
        if (destination !== undefined) event.destination = destination;
        const bizTransactions = this.bizTransactions(e.bizTransactionList);
        if (bizTransactions !== undefined) event.bizTransactions = bizTransactions;
        return event;
      }
      case 'AggregationEvent': {
        const action = this.oneOf('action', e.action, ['ADD', 'DELETE'] as const);
        const bizStep = this.vocabulary('bizStep', e.bizStep, 'BizStep-', AGGREGATION_BIZ_STEPS);
        if (e.parentID === undefined) this.fail('parentID', 'is required: the container packed');
        const parent = this.container('parentID', e.parentID ?? '');
        if (parent === undefined) return undefined;
        return {
          type: 'aggregation',
          ...base,
          action: action ?? 'ADD',
          bizStep: bizStep ?? 'packing',
          parent,
          childContainers: this.containers('childEPCs', e.childEPCs),
          childQuantities: this.quantities('childQuantityList', e.childQuantityList),
        };
      }
      case 'TransformationEvent': {
        for (const field of ['inputEPCList', 'outputEPCList'] as const) {
          for (const [j, epc] of (e[field] ?? []).entries()) {
            this.fail(
              `${field}[${j}]`,
              `${epc}: Lotline's transformations take and make lots (quantity lists), not instances`,
            );
          }
        }
        const bizStep = this.vocabulary('bizStep', e.bizStep, 'BizStep-', TRANSFORMATION_BIZ_STEPS);
        const disposition = this.optionalVocabulary('disposition', 'Disp-', DISPOSITIONS);
        const event: TransformationTraceEvent = {
          type: 'transformation',
          ...base,
          ...(e.transformationID === undefined
            ? {}
            : { transformationId: this.ids.refId('wo', e.transformationID) }),
          bizStep: bizStep ?? 'commissioning',
          ...(disposition === undefined ? {} : { disposition }),
          inputs: this.quantities('inputQuantityList', e.inputQuantityList),
          outputs: this.quantities('outputQuantityList', e.outputQuantityList),
        };
        const bizTransactions = this.bizTransactions(e.bizTransactionList);
        if (bizTransactions !== undefined) event.bizTransactions = bizTransactions;
        return event;
      }
      default:
        return unreachable(e.type);
    }
  }

  private fail(field: string, message: string): void {
    this.errors.push(`${this.path}.${field}: ${message}`);
  }

  /** Standard fields outside the type's mapping, Lotline's notes, and extensions. */
  private readOtherFields(mapped: readonly string[]): void {
    for (const [key, value] of Object.entries(this.event)) {
      if (mapped.includes(key) || key === 'recordTime') continue;
      if (STANDARD_FIELDS.has(key)) {
        if (Array.isArray(value) && value.length === 0) continue;
        this.fail(
          key,
          `Lotline has no place for ${key} on ${this.event.type}; refused, not dropped`,
        );
        continue;
      }
      const iri = this.expand(key);
      const local = iri.startsWith(LOTLINE_NS) ? iri.slice(LOTLINE_NS.length) : undefined;
      if (local === LOTS_FIELD) this.readLotNotes(key, value);
      else if (local === CONTAINERS_FIELD) this.readContainerNotes(key, value);
      else if (
        typeof value === 'string' ||
        typeof value === 'number' ||
        typeof value === 'boolean'
      ) {
        this.extension[local ?? iri] = value;
      } else {
        this.fail(
          key,
          'an extension field with a structured value; Lotline keeps plain values only',
        );
      }
    }
  }

  /** A compact IRI (prefix:rest) by the document's @context; other keys as written. */
  private expand(key: string): string {
    const colon = key.indexOf(':');
    if (colon < 0) return key;
    const prefix = this.prefixes.get(key.slice(0, colon));
    const rest = key.slice(colon + 1);
    return prefix === undefined || rest.startsWith('//') ? key : prefix + rest;
  }

  private lotlineFields(value: unknown): Map<string, unknown> | undefined {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
    const fields = new Map<string, unknown>();
    for (const [key, v] of Object.entries(value)) {
      const iri = this.expand(key);
      if (iri.startsWith(LOTLINE_NS)) fields.set(iri.slice(LOTLINE_NS.length), v);
    }
    return fields;
  }

  private readLotNotes(key: string, value: unknown): void {
    const entries = Array.isArray(value) ? value : [undefined];
    entries.forEach((entry, j) => {
      const fields = this.lotlineFields(entry);
      const uri = fields?.get('epcClass');
      const material = fields?.get('material');
      const gtin = fields?.get('gtin');
      if (
        typeof uri !== 'string' ||
        !(material === undefined || typeof material === 'string') ||
        !(gtin === undefined || typeof gtin === 'string')
      ) {
        this.fail(`${key}[${j}]`, 'expected {lotline:epcClass, lotline:material?, lotline:gtin?}');
        return;
      }
      this.lotNotes.set(uri, {
        ...(material === undefined ? {} : { material }),
        ...(gtin === undefined ? {} : { gtin }),
      });
    });
  }

  private readContainerNotes(key: string, value: unknown): void {
    const entries = Array.isArray(value) ? value : [undefined];
    entries.forEach((entry, j) => {
      const fields = this.lotlineFields(entry);
      const uri = fields?.get('epc');
      const id = fields?.get('id');
      const kind = fields?.get('kind');
      const sscc = fields?.get('sscc');
      const knownKind = CONTAINER_KINDS.find((k) => k === kind);
      if (
        typeof uri !== 'string' ||
        !(id === undefined || typeof id === 'string') ||
        !(kind === undefined || knownKind !== undefined) ||
        !(sscc === undefined || typeof sscc === 'string')
      ) {
        this.fail(
          `${key}[${j}]`,
          `expected {lotline:epc, lotline:id?, lotline:kind? (${CONTAINER_KINDS.join(', ')}), lotline:sscc?}`,
        );
        return;
      }
      this.containerNotes.set(uri, {
        ...(id === undefined ? {} : { id }),
        ...(knownKind === undefined ? {} : { kind: knownKind }),
        ...(sscc === undefined ? {} : { sscc }),
      });
    });
  }

  private oneOf<T extends string>(
    field: string,
    value: string | undefined,
    allowed: readonly T[],
  ): T | undefined {
    const found = allowed.find((a) => a === value);
    if (found === undefined) {
      this.fail(field, `${String(value)}: Lotline records ${allowed.join(', ')} here`);
    }
    return found;
  }

  /** A CBV name, its full CBV URI, or one of Lotline's URIs, as the short name. */
  private vocabulary<T extends string>(
    field: string,
    value: string | undefined,
    cbvPrefix: string,
    allowed: readonly T[],
  ): T | undefined {
    if (value === undefined) {
      this.fail(field, 'is required');
      return undefined;
    }
    const iri = this.expand(value);
    const lotline = Object.entries(LOTLINE_BIZ_STEPS).find(([, uri]) => uri === iri)?.[0];
    const name = iri.startsWith(CBV_NS + cbvPrefix)
      ? iri.slice(CBV_NS.length + cbvPrefix.length)
      : (lotline ?? value);
    return this.oneOf(field, name, allowed);
  }

  private optionalVocabulary<T extends string>(
    field: 'disposition',
    cbvPrefix: string,
    allowed: readonly T[],
  ): T | undefined {
    const value = this.event[field];
    return value === undefined ? undefined : this.vocabulary(field, value, cbvPrefix, allowed);
  }

  private quantities(field: string, list: readonly EpcisQuantity[] | undefined): Quantity[] {
    const out: Quantity[] = [];
    (list ?? []).forEach((q, j) => {
      const at = `${field}[${j}]`;
      const lot = this.ids.lotOf(q.epcClass, this.lotNotes, this.options);
      if (typeof lot === 'string') this.fail(`${at}.epcClass`, lot);
      if (q.quantity === undefined) {
        this.fail(`${at}.quantity`, 'is required: Lotline records how much of a lot');
      }
      const unit = q.uom === undefined ? 'each' : UNIT_OF_UOM[q.uom];
      if (unit === undefined) {
        this.fail(
          `${at}.uom`,
          `${String(q.uom)} is not a unit Lotline keeps (${Object.keys(UNIT_OF_UOM).join(', ')})`,
        );
      }
      if (typeof lot !== 'string' && q.quantity !== undefined && unit !== undefined) {
        out.push({ lot, quantity: q.quantity, unit });
      }
    });
    return out;
  }

  private container(field: string, epc: string): ContainerRef | undefined {
    const container = this.ids.containerOf(epc, this.containerNotes, this.options);
    if (typeof container === 'string') {
      this.fail(field, container);
      return undefined;
    }
    return container;
  }

  private containers(field: string, list: readonly string[] | undefined): ContainerRef[] {
    return (list ?? []).flatMap((epc, j) => this.container(`${field}[${j}]`, epc) ?? []);
  }

  private parties<T>(
    field: string,
    list: readonly T[] | undefined,
    parts: (entry: T) => [string, string],
  ): PartyRef[] | undefined {
    if (list === undefined) return undefined;
    return list.flatMap((entry, j) => {
      const [rawType, uri] = parts(entry);
      const type = this.vocabulary(`${field}[${j}].type`, rawType, 'SDT-', PARTY_TYPES);
      return type === undefined ? [] : [{ type, id: this.ids.refId(partyKind(type), uri) }];
    });
  }

  private bizTransactions(
    list: readonly EpcisBizTransaction[] | undefined,
  ): BizTransactionRef[] | undefined {
    if (list === undefined) return undefined;
    return list.flatMap((t, j) => {
      const type = this.vocabulary(
        `bizTransactionList[${j}].type`,
        t.type,
        'BTT-',
        BIZ_TRANSACTION_TYPES,
      );
      return type === undefined ? [] : [{ type, id: this.ids.refId('bt', t.bizTransaction) }];
    });
  }
}

// ------------------------------------------------------------ validation ------

let validator: ValidateFunction | undefined;

/** The GS1 schema, compiled on first use (some tens of milliseconds) and kept. */
function epcisValidator(): ValidateFunction {
  if (validator === undefined) {
    // Strict, except strictRequired: the GS1 schema requires `transformationID`
    // in an anyOf branch of TransformationEvent that does not itself declare
    // the property (a sibling allOf part does), which is valid JSON Schema but
    // refused by Ajv's strictRequired check. Every other strict check is on.
    const ajv = new Ajv({ strict: true, strictRequired: false, allErrors: true });
    // ajv-formats is CommonJS; its plugin is the module's `default` export.
    addFormatsModule.default(ajv);
    validator = ajv.compile(epcisSchema as AnySchemaObject);
  }
  return validator;
}

const MAX_ERRORS = 50;

/** Validates against the EPCIS 2.0 JSON schema; errors name the JSON path (`epcisBody.eventList[0].action`). */
export function validateEpcis(doc: unknown): { ok: true } | { ok: false; errors: string[] } {
  const validate = epcisValidator();
  if (validate(doc)) return { ok: true };
  const errors = readableErrors(validate.errors ?? []);
  if (errors.length > MAX_ERRORS) {
    const more = errors.length - MAX_ERRORS;
    return { ok: false, errors: [...errors.slice(0, MAX_ERRORS), `… and ${more} more`] };
  }
  return { ok: false, errors };
}

const COMBINATORS = new Set(['anyOf', 'oneOf', 'allOf', 'if']);

/**
 * Ajv's errors as one line per path. The schema's if/then and anyOf layers
 * make several raw errors per mistake; the specific ones are kept and merged.
 */
function readableErrors(raw: readonly ErrorObject[]): string[] {
  const byPath = new Map<string, ErrorObject[]>();
  const add = (path: string, error: ErrorObject) => {
    byPath.set(path, [...(byPath.get(path) ?? []), error]);
  };
  for (const error of raw) {
    // Details of a propertyNames failure: the failure itself names the property.
    if (error.propertyName !== undefined) continue;
    if (error.keyword === 'required' && !error.schemaPath.includes('/anyOf/')) {
      add(pointerJoin(error.instancePath, String(error.params.missingProperty)), error);
    } else if (error.keyword === 'propertyNames') {
      add(pointerJoin(error.instancePath, String(error.params.propertyName)), error);
    } else add(error.instancePath, error);
  }
  const paths = [...byPath.keys()];
  const lines: string[] = [];
  for (const [path, errors] of byPath) {
    const specific = errors.filter((e) => !COMBINATORS.has(e.keyword));
    if (specific.length === 0) {
      // Explained by errors deeper down, or nothing to say but that no shape fits.
      if (paths.some((p) => p !== path && p.startsWith(`${path}/`))) continue;
      if (errors.every((e) => e.keyword === 'if')) continue;
      lines.push(`${displayPath(path)}: matches none of the shapes the schema allows here`);
      continue;
    }
    lines.push(`${displayPath(path)}: ${describe(specific)}`);
  }
  return lines;
}

function describe(errors: readonly ErrorObject[]): string {
  const enums = errors.filter((e) => e.keyword === 'enum');
  if (enums.length > 0) {
    const values = [...new Set(enums.flatMap((e) => e.params.allowedValues as unknown[]))];
    const listed =
      values.length > 12
        ? `${values.slice(0, 12).join(', ')}, … (${values.length} names)`
        : values.join(', ');
    const orUri = errors.some((e) => e.keyword === 'format' && e.params.format === 'uri');
    return `must be one of ${listed}${orUri ? ', or a URI' : ''}`;
  }
  const messages = new Set<string>();
  const eitherRequired: string[] = [];
  for (const e of errors) {
    if (e.keyword === 'required' && e.schemaPath.includes('/anyOf/')) {
      eitherRequired.push(String(e.params.missingProperty));
    } else if (e.keyword === 'required') messages.add('is required');
    else if (e.keyword === 'propertyNames') {
      messages.add('is not a field of this type (nor a URI-named extension)');
    } else if (e.keyword === 'not') messages.add('is not allowed here');
    else messages.add(e.message ?? e.keyword);
  }
  if (eitherRequired.length > 0) {
    messages.add(`needs one of ${[...new Set(eitherRequired)].join(', ')}`);
  }
  return [...messages].join('; ');
}

function pointerJoin(pointer: string, key: string): string {
  return `${pointer}/${key.replaceAll('~', '~0').replaceAll('/', '~1')}`;
}

/** JSON pointer → `epcisBody.eventList[0].action`. */
function displayPath(pointer: string): string {
  if (pointer === '') return '(document)';
  let out = '';
  for (const raw of pointer.slice(1).split('/')) {
    const segment = raw.replaceAll('~1', '/').replaceAll('~0', '~');
    if (/^\d+$/.test(segment)) out += `[${segment}]`;
    else out += out === '' ? segment : `.${segment}`;
  }
  return out;
}
