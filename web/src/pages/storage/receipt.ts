// The supplier-receipt form's logic, apart from React: what may be received
// from whom, where it may be put, and the body the form sends. The server
// decides again (src/modules/genealogy/lots.ts receiveLot): the form only
// keeps the storekeeper from choices the plant file already rules out.
import type { ReceiptInput } from '../../api/genealogy';
import type { Location, Material, Supplier } from '../../api/types';

/** What the storekeeper has entered so far, as the inputs hold it. */
export interface ReceiptDraft {
  material: string;
  supplier: string;
  supplierLot: string;
  certificate: string;
  quantity: string;
  /** YYYY-MM-DD as a date input holds it, or empty. */
  expiresOn: string;
  location: string;
}

export const EMPTY_DRAFT: ReceiptDraft = {
  material: '',
  supplier: '',
  supplierLot: '',
  certificate: '',
  quantity: '',
  expiresOn: '',
  location: '',
};

/** What comes from suppliers: every material but the plant's own products. */
export const receivableMaterials = (materials: readonly Material[]): Material[] =>
  materials.filter((m) => m.kind !== 'finished');

/** The suppliers the plant file approves for a material; none until one is chosen. */
export const approvedSuppliers = (suppliers: readonly Supplier[], material: string): Supplier[] =>
  material ? suppliers.filter((s) => s.materials.includes(material)) : [];

/**
 * The draft with another material: the supplier stays if approved for it;
 * otherwise the only approved supplier is chosen, or none.
 */
export function withMaterial(
  draft: ReceiptDraft,
  material: string,
  suppliers: readonly Supplier[],
): ReceiptDraft {
  const approved = approvedSuppliers(suppliers, material);
  const supplier = approved.some((s) => s.code === draft.supplier)
    ? draft.supplier
    : approved.length === 1
      ? (approved[0]?.code ?? '')
      : '';
  return { ...draft, material, supplier };
}

/** The order the kinds of location are offered in: a receipt goes to a quarantine first. */
const KIND_ORDER = ['quarantine', 'component_store', 'magazine'];

const kindRank = (kind: string): number => {
  const rank = KIND_ORDER.indexOf(kind);
  return rank === -1 ? KIND_ORDER.length : rank;
};

/** The locations by kind, quarantines first, each kind in the plant file's order. */
export function locationGroups(
  locations: readonly Location[],
): { kind: string; locations: Location[] }[] {
  const kinds = [...new Set(locations.map((l) => l.kind))].sort(
    (a, b) => kindRank(a) - kindRank(b),
  );
  return kinds.map((kind) => ({ kind, locations: locations.filter((l) => l.kind === kind) }));
}

/** A field the storekeeper still has to fill in; each has its words under storage:receipt.problem. */
export type ReceiptProblem = 'material' | 'supplier' | 'supplierLot' | 'quantity' | 'location';

/** The body to send, or the first field still missing or wrong, in the form's order. */
export function receiptBody(
  draft: ReceiptDraft,
): { body: ReceiptInput } | { problem: ReceiptProblem } {
  const supplierLot = draft.supplierLot.trim();
  const certificate = draft.certificate.trim();
  const quantity = Number(draft.quantity);
  if (!draft.material) return { problem: 'material' };
  if (!draft.supplier) return { problem: 'supplier' };
  if (!supplierLot) return { problem: 'supplierLot' };
  if (draft.quantity.trim() === '' || !Number.isFinite(quantity) || quantity <= 0) {
    return { problem: 'quantity' };
  }
  if (!draft.location) return { problem: 'location' };
  return {
    body: {
      material: draft.material,
      supplier: draft.supplier,
      supplierLot,
      ...(certificate ? { certificate } : {}),
      quantity,
      ...(draft.expiresOn ? { expiresOn: draft.expiresOn } : {}),
      location: draft.location,
    },
  };
}
