// Crate and pallet labels from what the plant knows: the container's SSCC,
// the lot inside (an ammunition container holds one lot), its quantity, the
// dates of the lot and the hazard class of the product.
import type { Database } from '../../core/db/store.js';
import { conflict } from '../../core/errors.js';
import { currentPlant } from '../plant/index.js';
import { type LabelData, labelPdf, labelZpl } from './labels.js';
import { findLot } from './lots.js';
import { type ContentsView, contentsOf } from './packing.js';

const KIND_NAMES: Record<string, string> = {
  packet: 'paquete',
  can: 'lata',
  crate: 'caja',
  pallet: 'paleta',
};

function describeContents(view: ContentsView): string | undefined {
  const counts = new Map<string, number>();
  for (const unit of view.units) counts.set(unit.unit.kind, (counts.get(unit.unit.kind) ?? 0) + 1);
  const parts = [...counts].map(([kind, n]) => `${n} × ${KIND_NAMES[kind] ?? kind}`);
  return parts.length > 0 ? parts.join(', ') : undefined;
}

export async function containerLabelData(
  db: Database,
  serials: readonly string[],
): Promise<LabelData[]> {
  const { plant } = await currentPlant(db);
  const labels: LabelData[] = [];
  for (const serial of serials) {
    const view = await contentsOf(db, serial);
    const unit = view.unit;
    if ((unit.kind !== 'crate' && unit.kind !== 'pallet') || !unit.sscc) {
      throw conflict(
        'not_labelled',
        '{{unit}} is a {{unitKind}}: labels are for crates and pallets',
        {
          unit: serial,
          unitKind: unit.kind,
        },
      );
    }
    if (view.totals.length !== 1) {
      throw view.totals.length === 0
        ? conflict('container_empty', '{{unit}} is empty: pack it before labelling it', {
            unit: serial,
          })
        : conflict(
            'mixed_lots',
            '{{unit}} holds {{lotCount}} lots ({{lots}}); an ammunition container carries one lot',
            { unit: serial, lotCount: view.totals.length, lots: view.totals.map((t) => t.lot) },
          );
    }
    const total = view.totals[0] as ContentsView['totals'][number];
    const lot = await findLot(db, total.lotId);
    const material = plant.materials.find((m) => m.code === lot.material);
    const hazard = material?.hazard;
    const contents = describeContents(view);
    labels.push({
      kind: unit.kind,
      sscc: unit.sscc,
      lot: lot.number,
      ...(material?.gtin ? { gtin: material.gtin } : {}),
      quantity: total.quantity,
      productCode: lot.material,
      productName: material?.name ?? lot.material,
      productionDate: (lot.madeTo ?? lot.madeFrom ?? lot.createdAt).slice(0, 10),
      ...(lot.expiresOn ? { expiryDate: lot.expiresOn } : {}),
      siteName: plant.site.name,
      ...(hazard
        ? {
            hazard: {
              unNumber: hazard.unNumber,
              division: hazard.division,
              compatibilityGroup: hazard.compatibilityGroup,
            },
            netExplosiveKg: Math.round(total.quantity * hazard.netExplosivePerUnitKg * 1000) / 1000,
          }
        : {}),
      ...(contents ? { contents } : {}),
    });
  }
  return labels;
}

export async function containerLabels(
  db: Database,
  serials: readonly string[],
  format: 'pdf' | 'zpl',
): Promise<Buffer | string> {
  const data = await containerLabelData(db, serials);
  return format === 'pdf' ? labelPdf(data) : labelZpl(data);
}
