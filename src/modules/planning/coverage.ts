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

export interface ForecastDemand {
  /** The Monday the forecast week starts on. */
  week: string;
  quantity: number;
}

export interface ProductCoverage {
  product: string;
  released: number;
  quarantine: number;
  onOrder: number;
  /** Forecast not yet taken up by orders, over the weeks forecast. */
  forecast: number;
  /** The first due date the released stock does not cover, or null when it covers every open order. */
  shortOn: string | null;
  /** Days from today to that date (0 when an order is already late); null when covered. */
  daysOfSupply: number | null;
  /** What is missing on the open orders in all. */
  shortfall: number;
}

/** The Monday of the week a date falls in (ISO weeks start on Monday). */
export function weekOf(date: string): string {
  const d = new Date(`${date}T00:00:00Z`);
  const back = (d.getUTCDay() + 6) % 7;
  return new Date(d.getTime() - back * DAY).toISOString().slice(0, 10);
}

/**
 * When the released stock runs short. Without a forecast, order by order in
 * due-date order: the first due date it cannot meet. With one, week by week:
 * each week's demand is the larger of its forecast and its orders (orders
 * take up the forecast of their week, as a master schedule counts them),
 * and the stock runs short at the start of the first week it cannot cover —
 * or at an order's own due date when that week's orders are the demand.
 */
export function productCoverage(
  product: string,
  stock: { released: number; quarantine: number },
  orders: readonly OrderDemand[],
  today: string,
  forecasts: readonly ForecastDemand[] = [],
): ProductCoverage {
  const sorted = [...orders].sort(
    (a, b) => a.due.localeCompare(b.due) || a.order.localeCompare(b.order),
  );
  const onOrder = sorted.reduce((sum, o) => sum + o.quantity, 0);
  let shortOn: string | null = null;
  let demand = 0;
  let forecastLeft = 0;
  if (forecasts.length === 0) {
    for (const o of sorted) {
      demand += o.quantity;
      if (shortOn === null && demand > stock.released) shortOn = o.due;
    }
  } else {
    const thisWeek = weekOf(today);
    const weeks = new Map<string, { forecast: number; orders: OrderDemand[] }>();
    const bucket = (week: string) => {
      const key = week < thisWeek ? thisWeek : week;
      const entry = weeks.get(key) ?? { forecast: 0, orders: [] };
      weeks.set(key, entry);
      return entry;
    };
    for (const f of forecasts)
      if (weekOf(f.week) >= thisWeek) bucket(weekOf(f.week)).forecast += f.quantity;
    for (const o of sorted) bucket(weekOf(o.due)).orders.push(o);
    for (const [week, entry] of [...weeks].sort(([a], [b]) => a.localeCompare(b))) {
      const ordered = entry.orders.reduce((sum, o) => sum + o.quantity, 0);
      forecastLeft += Math.max(0, entry.forecast - ordered);
      if (entry.forecast > ordered) {
        demand += entry.forecast;
        if (shortOn === null && demand > stock.released) shortOn = week < today ? today : week;
      } else {
        for (const o of entry.orders) {
          demand += o.quantity;
          if (shortOn === null && demand > stock.released) shortOn = o.due;
        }
      }
    }
  }
  return {
    product,
    released: stock.released,
    quarantine: stock.quarantine,
    onOrder,
    forecast: forecastLeft,
    shortOn,
    daysOfSupply:
      shortOn === null
        ? null
        : Math.max(0, Math.round((Date.parse(shortOn) - Date.parse(today)) / DAY)),
    shortfall: Math.max(0, demand - stock.released),
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
