// Material requirements, net: each component's requirements in date order
// are met from released stock, first expiry first (a lot that has expired by
// the date a requirement falls due cannot meet it), then from the receipts
// expected by then. What nothing meets is a shortage, with the date it
// starts and the requirements — the work orders or products — it stops.
// Pure; the service gathers stock, receipts and requirements.

export interface Requirement {
  material: string;
  /** YYYY-MM-DD: when the material is needed. */
  date: string;
  quantity: number;
  /** What needs it: a work order or a product's planned production. */
  source: string;
}

export interface StockLot {
  material: string;
  lot: string;
  quantity: number;
  expiresOn: string | null;
}

export interface Receipt {
  material: string;
  /** YYYY-MM-DD: when it is expected in the plant. */
  date: string;
  quantity: number;
  supplier: string;
  reference: string;
}

export interface Shortage {
  material: string;
  /** The first date a requirement cannot be met in full. */
  startsOn: string;
  /** What is missing, over all the requirements that cannot be met. */
  quantity: number;
  /** The requirements it stops, in date order, with what is missing of each. */
  stops: { source: string; date: string; missing: number }[];
}

export interface MaterialPlan {
  material: string;
  required: number;
  fromStock: number;
  fromReceipts: number;
  /** Lots that expire before anything uses them. */
  expiredUnused: { lot: string; quantity: number; expiresOn: string }[];
  shortage: Shortage | null;
}

const round = (v: number) => Math.round(v * 1e6) / 1e6;

/** Nets one material's requirements against its stock (first expiry first) and receipts. */
export function netMaterial(
  material: string,
  requirements: readonly Requirement[],
  stock: readonly StockLot[],
  receipts: readonly Receipt[],
): MaterialPlan {
  const lots = stock
    .filter((s) => s.material === material && s.quantity > 0)
    .map((s) => ({ ...s, left: s.quantity }))
    .sort(
      (a, b) =>
        (a.expiresOn ?? '9999-12-31').localeCompare(b.expiresOn ?? '9999-12-31') ||
        a.lot.localeCompare(b.lot),
    );
  const incoming = receipts
    .filter((r) => r.material === material && r.quantity > 0)
    .map((r) => ({ ...r, left: r.quantity }))
    .sort((a, b) => a.date.localeCompare(b.date) || a.reference.localeCompare(b.reference));
  const needs = requirements
    .filter((r) => r.material === material && r.quantity > 0)
    .sort((a, b) => a.date.localeCompare(b.date) || a.source.localeCompare(b.source));
  let fromStock = 0;
  let fromReceipts = 0;
  let required = 0;
  const stops: Shortage['stops'] = [];
  for (const need of needs) {
    required += need.quantity;
    let open = need.quantity;
    for (const lot of lots) {
      if (open <= 0) break;
      if (lot.left <= 0 || (lot.expiresOn !== null && lot.expiresOn < need.date)) continue;
      const take = Math.min(open, lot.left);
      lot.left = round(lot.left - take);
      open = round(open - take);
      fromStock += take;
    }
    for (const receipt of incoming) {
      if (open <= 0) break;
      if (receipt.left <= 0 || receipt.date > need.date) continue;
      const take = Math.min(open, receipt.left);
      receipt.left = round(receipt.left - take);
      open = round(open - take);
      fromReceipts += take;
    }
    if (open > 0) stops.push({ source: need.source, date: need.date, missing: open });
  }
  const lastNeed = needs.at(-1)?.date;
  return {
    material,
    required: round(required),
    fromStock: round(fromStock),
    fromReceipts: round(fromReceipts),
    expiredUnused: lots
      .filter(
        (l) =>
          l.left > 0 && l.expiresOn !== null && lastNeed !== undefined && l.expiresOn < lastNeed,
      )
      .map((l) => ({ lot: l.lot, quantity: l.left, expiresOn: l.expiresOn as string })),
    shortage:
      stops.length === 0
        ? null
        : {
            material,
            startsOn: (stops[0] as { date: string }).date,
            quantity: round(stops.reduce((s, x) => s + x.missing, 0)),
            stops,
          },
  };
}

/** Every material's plan, shortages first by the date they start. */
export function materialRequirements(
  requirements: readonly Requirement[],
  stock: readonly StockLot[],
  receipts: readonly Receipt[],
): MaterialPlan[] {
  const materials = [...new Set(requirements.map((r) => r.material))].sort();
  const plans = materials.map((m) => netMaterial(m, requirements, stock, receipts));
  return plans.sort(
    (a, b) =>
      (a.shortage ? 0 : 1) - (b.shortage ? 0 : 1) ||
      (a.shortage?.startsOn ?? '').localeCompare(b.shortage?.startsOn ?? '') ||
      a.material.localeCompare(b.material),
  );
}

/**
 * The what-if of a supplier that delivers nothing from a date: the same
 * netting without that supplier's receipts from then on, and for each
 * requirement source (a product's production) the first date it runs short.
 */
export function supplierDisruption(
  supplier: string,
  from: string,
  requirements: readonly Requirement[],
  stock: readonly StockLot[],
  receipts: readonly Receipt[],
): { plans: MaterialPlan[]; firstShortBySource: Map<string, string> } {
  const kept = receipts.filter((r) => !(r.supplier === supplier && r.date >= from));
  const plans = materialRequirements(requirements, stock, kept);
  const firstShortBySource = new Map<string, string>();
  for (const plan of plans) {
    for (const stop of plan.shortage?.stops ?? []) {
      const earlier = firstShortBySource.get(stop.source);
      if (!earlier || stop.date < earlier) firstShortBySource.set(stop.source, stop.date);
    }
  }
  return { plans, firstShortBySource };
}
