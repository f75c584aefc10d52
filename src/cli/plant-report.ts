// Plain-text reports of the plant for the terminal.
import type { PlantCapacity, PlantFile, PlantRevision } from '../modules/plant/index.js';

const millions = (n: number) => `${(n / 1e6).toFixed(2)} M`;
const grouped = (n: number) => Math.round(n).toLocaleString('en-US');

export function formatPlant(plant: PlantFile, revision: PlantRevision): string {
  const out: string[] = [];
  out.push(
    `${plant.site.name} (${plant.site.code}, ${plant.site.country}, ${plant.site.timezone})`,
  );
  out.push(
    `plant revision ${revision.number}, loaded ${revision.loadedAt} from ${revision.source}`,
  );
  out.push('');
  for (const line of plant.lines) {
    out.push(`${line.code}  ${line.name}  [calendar ${line.calendar}, area ${line.area}]`);
    out.push(
      `    stations: ${line.stations.map((s) => `${s.code} ${s.ratePerMinute}/min`).join(', ')}`,
    );
    out.push(
      `    products: ${line.products
        .map((p) => `${p.product} ${p.ratePerMinute}/min${p.share ? ` (${p.share * 100} %)` : ''}`)
        .join(', ')}`,
    );
    for (const c of line.changeovers)
      out.push(`    changeover ${c.from} → ${c.to}: ${c.minutes} min`);
  }
  out.push('');
  out.push(
    `${plant.materials.length} materials, ${plant.boms.length} bills of material, ` +
      `${plant.specifications.length} specifications, ${plant.locations.length} locations, ` +
      `${plant.customers.length} customers, ${plant.suppliers.length} suppliers`,
  );
  out.push('');
  return `${out.join('\n')}\n`;
}

export function formatCapacity(capacity: PlantCapacity): string {
  const out: string[] = [];
  out.push(`Rated capacity ${capacity.year}`);
  out.push('line  working days  available min  rate/min  cartridges/year');
  for (const l of capacity.lines) {
    out.push(
      `${l.line.padEnd(6)}${String(l.workingDays).padStart(12)}${grouped(l.availableMinutes).padStart(15)}` +
        `${l.mixRatePerMinute.toFixed(1).padStart(10)}${grouped(l.ratedPerYear).padStart(17)}`,
    );
  }
  out.push(
    `plant${' '.repeat(38)}${grouped(capacity.ratedPerYear).padStart(18)}  (${millions(capacity.ratedPerYear)})`,
  );
  return `${out.join('\n')}\n`;
}
