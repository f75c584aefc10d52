// `lotline storage check`: the quantity-distance check of the magazines, from
// a plant file (or the store's current plant) and, optionally, the stock.
// Without stock each magazine is sited for its net explosive limit, which is
// what a magazine is licensed for; with --stock, for what it holds now.
// Exit code 1 when a distance is short.
import { readFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { z } from 'zod';
import type { Store } from '../core/db/store.js';
import { invalid } from '../core/errors.js';
import { parseWith } from '../core/validation.js';
import {
  currentPlant,
  formatIssue,
  type PlantFile,
  readPlantFile,
} from '../modules/plant/index.js';
import {
  capacityNeq,
  formatKg,
  type NeqByDivision,
  neqByLocation,
  type QdReport,
  qdFactors,
  quantityDistanceReport,
  type StockLine,
  stockLines,
} from '../modules/storage/index.js';

const StockFile = z.array(
  z.strictObject({
    location: z.string().min(1),
    lot: z.string().min(1),
    material: z.string().min(1),
    quantity: z.number().nonnegative(),
  }),
);

const metres = (m: number) =>
  `${m.toLocaleString('en-US', { minimumFractionDigits: 1, maximumFractionDigits: 1 })} m`;
const TARGET_WORDS = {
  inhabited_building: 'inhabited building',
  public_traffic_route: 'public traffic route',
  intermagazine: 'magazine',
} as const;

const GAP_WORDS = {
  inhabited_building: 'inhabited buildings',
  public_traffic_route: 'public traffic routes',
  intermagazine: 'other magazines',
} as const;

/** The report as text for the terminal. */
export function formatQdReport(
  plant: PlantFile,
  report: QdReport,
  basis: string,
  notes: readonly string[] = [],
): string {
  const out: string[] = [];
  const factors = qdFactors(plant);
  const own = factors.filter((f) => f.status === 'plant').length;
  out.push(`Quantity-distance check, ${plant.site.name} (${plant.site.code})`);
  out.push(`W: ${basis}`);
  out.push(
    `factors: ${factors.length - own} default (verified), ${own} from the plant file; ` +
      `${plant.safety?.exposures.length ?? 0} exposure(s) in the plant file`,
  );
  for (const note of notes) out.push(`note: ${note}`);
  for (const m of report.magazines) {
    out.push('');
    const where = m.position ? ` at (${m.position.x}, ${m.position.y})` : ', no position';
    out.push(`${m.code}  ${m.name}  [${m.magazineType ?? 'no type'}${where}]`);
    const held = Object.entries(m.neqKgByDivision)
      .map(([d, kg]) => `HD ${d} ${formatKg(kg ?? 0)} kg`)
      .join(', ');
    if (m.sitings.length === 0) {
      out.push('  empty: no distance required');
      continue;
    }
    out.push(
      `  holds ${held}; sited as ${m.sitings.map((s) => `${s.basis} (${formatKg(s.netExplosiveKg)} kg)`).join('; ')}`,
    );
    for (const c of m.checks) {
      const verdict = c.ok ? 'ok' : `VIOLATION, ${metres(c.requiredM - c.actualM)} short`;
      out.push(
        `  ${c.target.code.padEnd(12)} ${TARGET_WORDS[c.target.kind].padEnd(21)} ` +
          `required ${metres(c.requiredM).padStart(9)}  actual ${metres(c.actualM).padStart(9)}  ` +
          `HD ${c.division} ${c.factor.k !== undefined ? `k ${c.factor.k}` : `fixed ${c.factor.fixedM} m`}` +
          ` (${c.factor.status})  ${verdict}`,
      );
    }
    // One line per division without any rule, rather than one per kind of exposure.
    const noRule = new Map<string, string[]>();
    for (const g of m.gaps) {
      if (g.kind === 'no_rule' && g.division !== undefined && g.exposure !== 'position') {
        noRule.set(g.division, [...(noRule.get(g.division) ?? []), GAP_WORDS[g.exposure]]);
      } else out.push(`  not checked: ${g.reason}`);
    }
    for (const [division, exposures] of noRule) {
      out.push(
        `  not checked: no verified rule for HD ${division} to ${exposures.join(', ')} ` +
          '(factors go in the plant file, safety.quantityDistance)',
      );
    }
  }
  const checked = report.magazines.reduce((n, m) => n + m.checks.length, 0);
  out.push('');
  out.push(
    `${checked} distance(s) checked, ${report.violations.length} violation(s), ` +
      `${report.gaps.length} not checked`,
  );
  for (const v of report.violations) out.push(`VIOLATION: ${v.message}`);
  return `${out.join('\n')}\n`;
}

async function stockFromFile(file: string): Promise<StockLine[]> {
  let document: unknown;
  try {
    document = JSON.parse(await readFile(file, 'utf8'));
  } catch (error) {
    throw invalid('stock_file_not_json', '{{file}}: not a JSON file of stock lines ({{reason}})', {
      file,
      reason: (error as Error).message,
    });
  }
  const parsed = parseWith(StockFile, document);
  if (!parsed.ok) {
    throw invalid(
      'stock_file_invalid',
      '{{file}} is not a list of {location, lot, material, quantity}:\n  {{problems}}',
      { file, problems: parsed.issues.map(formatIssue).join('\n  ') },
    ).withIssues(parsed.issues);
  }
  return parsed.value;
}

export function registerStorageCommands(
  program: Command,
  withStore: (work: (store: Store) => Promise<void>) => Promise<void>,
) {
  const storage = program.command('storage').description('stock and explosives safety');

  storage
    .command('check')
    .description(
      'quantity-distance check of the magazines: required against actual distances (exit 1 on a violation)',
    )
    .argument('[plant-file]', "a plant file to check instead of the store's current plant")
    .option(
      '--stock [file]',
      "site for the stock instead of each magazine's limit: a JSON list of " +
        '{location, lot, material, quantity}, or without a file the stock in the store',
    )
    .option('--json', 'print the report as JSON')
    .action(
      async (file: string | undefined, options: { stock?: string | true; json?: boolean }) => {
        const run = async (store: Store | undefined) => {
          let plant: PlantFile;
          if (file !== undefined) {
            const read = await readPlantFile(file);
            if (!read.ok) {
              throw invalid('plant_file_invalid', '{{file}} is not valid:\n  {{problems}}', {
                file: file,
                problems: read.issues.map(formatIssue).join('\n  '),
                problemCount: read.issues.length,
              }).withIssues(read.issues);
            }
            plant = read.plant;
          } else if (store) {
            plant = (await currentPlant(store.db)).plant;
          } else {
            throw invalid('cli_needs_plant', 'give a plant file, or run where the store is');
          }

          let basis = 'each magazine at its net explosive limit (capacity, what it is sited for)';
          let neq: Map<string, NeqByDivision> = capacityNeq(plant);
          const notes: string[] = [];
          if (options.stock !== undefined) {
            const stock =
              typeof options.stock === 'string'
                ? await stockFromFile(options.stock)
                : store
                  ? await stockLines(store.db)
                  : [];
            const held = neqByLocation(plant, stock);
            neq = held.byLocation;
            basis = `the stock ${typeof options.stock === 'string' ? `in ${options.stock}` : 'in the store'} (${stock.length} line(s))`;
            for (const u of held.unknown) {
              notes.push(
                `lot ${u.lot} at ${u.location} is of material "${u.material}", which the plant file does not list: not counted`,
              );
            }
          }
          const report = quantityDistanceReport(plant, neq);
          process.stdout.write(
            options.json
              ? `${JSON.stringify({ basis, notes, ...report }, null, 2)}\n`
              : formatQdReport(plant, report, basis, notes),
          );
          if (report.violations.length > 0) process.exitCode = 1;
        };
        // A plant file with no stock, or with a stock file, needs no store.
        if (file !== undefined && options.stock !== true) await run(undefined);
        else await withStore(run);
      },
    );
}
