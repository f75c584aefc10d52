// The what-if of a supplier that stops delivering, read by product: for each
// product, the first requirement that runs short and, for each of them, what
// would keep it going — how much of which material by when, and who else
// supplies it. Pure.
import type { Disruption, MaterialPlan } from '../../api/planning';
import type { Supplier } from '../../api/types';
import { describeSource } from './labels';

export interface MaterialGap {
  material: string;
  /** What is missing of it, over the requirement. */
  missing: number;
  /** When it is first missing. */
  date: string;
  /** The other suppliers of the material. */
  alternatives: string[];
}

export interface SourceImpact {
  source: string;
  /** The first date it runs short. */
  date: string;
  /** Short already without the disruption: the supplier is not the cause. */
  shortAnyway: boolean;
  gaps: MaterialGap[];
}

export interface ProductImpact {
  /** undefined: orders whose product is not known here. */
  product: string | undefined;
  firstShort: string;
  sources: SourceImpact[];
}

const round = (v: number) => Math.round(v * 1e6) / 1e6;

function sourcesShortIn(plans: readonly MaterialPlan[]): Set<string> {
  return new Set(plans.flatMap((p) => p.shortage?.stops.map((s) => s.source) ?? []));
}

/**
 * Groups the what-if by product, earliest shortage first. `baseline` is the
 * requirements plan without the disruption.
 */
export function impactByProduct(
  disruption: Disruption,
  options: {
    baseline?: readonly MaterialPlan[];
    /** The product of a work order (by number) or of an order of the plan (by reference). */
    productOf?: (reference: string) => string | undefined;
    suppliers?: readonly Supplier[];
  } = {},
): ProductImpact[] {
  const already = sourcesShortIn(options.baseline ?? []);
  const gapsOf = new Map<string, Map<string, MaterialGap>>();
  for (const plan of disruption.plans) {
    for (const stop of plan.shortage?.stops ?? []) {
      const gaps = gapsOf.get(stop.source) ?? new Map<string, MaterialGap>();
      gapsOf.set(stop.source, gaps);
      const gap = gaps.get(plan.material);
      if (gap) {
        gap.missing = round(gap.missing + stop.missing);
        if (stop.date < gap.date) gap.date = stop.date;
      } else {
        gaps.set(plan.material, {
          material: plan.material,
          missing: stop.missing,
          date: stop.date,
          alternatives: (options.suppliers ?? [])
            .filter((s) => s.code !== disruption.supplier && s.materials.includes(plan.material))
            .map((s) => s.code),
        });
      }
    }
  }
  const products = new Map<string | undefined, SourceImpact[]>();
  for (const { source, date } of disruption.firstShort) {
    const described = describeSource(source);
    const product =
      described.kind === 'forecast'
        ? described.product
        : options.productOf?.(
            described.kind === 'planned' ? described.reference : described.number,
          );
    const list = products.get(product) ?? [];
    products.set(product, list);
    list.push({
      source,
      date,
      shortAnyway: already.has(source),
      gaps: [...(gapsOf.get(source)?.values() ?? [])].sort(
        (a, b) => a.date.localeCompare(b.date) || a.material.localeCompare(b.material),
      ),
    });
  }
  return [...products]
    .map(([product, sources]) => {
      sources.sort((a, b) => a.date.localeCompare(b.date));
      return { product, sources, firstShort: sources[0]?.date ?? '' };
    })
    .sort(
      (a, b) =>
        a.firstShort.localeCompare(b.firstShort) ||
        (a.product ?? '~').localeCompare(b.product ?? '~'),
    );
}
