// Coverage: how long the stock lasts. For a finished product, against the
// open customer orders in due-date order: the first due date the released
// stock cannot meet, and the days until then. For a component, against the
// work orders not yet made (what their bills of material still need) and
// against the rate the lines have used it over the last 30 days. Pure; the
// service gathers the figures from the modules that own them.

const DAY = 86_400_000;

export interface OrderDemand {
  order: string;
  due: string;
  quantity: number;
}

export interface ProductCoverage {
  product: string;
  released: number;
  quarantine: number;
  onOrder: number;
  /** The first due date the released stock does not cover, or null when it covers every open order. */
  shortOn: string | null;
  /** Days from today to that date (0 when an order is already late); null when covered. */
  daysOfSupply: number | null;
  /** What is missing on the open orders in all. */
  shortfall: number;
}

export function productCoverage(
  product: string,
  stock: { released: number; quarantine: number },
  orders: readonly OrderDemand[],
  today: string,
): ProductCoverage {
  const sorted = [...orders].sort(
    (a, b) => a.due.localeCompare(b.due) || a.order.localeCompare(b.order),
  );
  let cumulative = 0;
  let shortOn: string | null = null;
  for (const o of sorted) {
    cumulative += o.quantity;
    if (shortOn === null && cumulative > stock.released) shortOn = o.due;
  }
  return {
    product,
    released: stock.released,
    quarantine: stock.quarantine,
    onOrder: cumulative,
    shortOn,
    daysOfSupply:
      shortOn === null
        ? null
        : Math.max(0, Math.round((Date.parse(shortOn) - Date.parse(today)) / DAY)),
    shortfall: Math.max(0, cumulative - stock.released),
  };
}

export interface ComponentCoverage {
  material: string;
  unit: string;
  released: number;
  quarantine: number;
  /** What the work orders not yet made still need of it, by their bills of material. */
  openWorkOrderNeed: number;
  /** Average use a day over the last 30 days. */
  dailyUse: number;
  /** Released stock ÷ daily use; null when nothing was used. */
  daysOfSupply: number | null;
  /** Whether the released stock covers the open work orders. */
  coversOpenWorkOrders: boolean;
}

export function componentCoverage(
  material: string,
  unit: string,
  stock: { released: number; quarantine: number },
  openWorkOrderNeed: number,
  usedLast30Days: number,
): ComponentCoverage {
  const dailyUse = usedLast30Days / 30;
  return {
    material,
    unit,
    released: stock.released,
    quarantine: stock.quarantine,
    openWorkOrderNeed,
    dailyUse: Math.round(dailyUse * 1e6) / 1e6,
    daysOfSupply: dailyUse > 0 ? Math.round((stock.released / dailyUse) * 10) / 10 : null,
    coversOpenWorkOrders: stock.released >= openWorkOrderNeed,
  };
}
