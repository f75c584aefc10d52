// Cycle counts: the storekeeper counts what a location holds; every
// difference from the ledger becomes a count-adjustment movement with the
// reason, in one transaction with the storekeeper's signature over the count.
// A complete count also says that a lot the ledger has there but the count
// does not list is gone.
import { createHash } from 'node:crypto';
import { and, eq, gt } from 'drizzle-orm';
import { recordSignature, type VerifiedSigner } from '../../core/audit/signatures.js';
import { recordAudit } from '../../core/audit/trail.js';
import { canonicalJson } from '../../core/canonical-json.js';
import type { Database } from '../../core/db/store.js';
import { fieldIssue, invalid } from '../../core/errors.js';
import { roundQuantity } from '../../core/quantity.js';
import type { PlantFile } from '../plant/index.js';
import { knownLocations, type Movement, recordMovement } from './ledger.js';
import { balances } from './schema.js';

export interface CountLine {
  lotId: string;
  lotNumber: string;
  material: string;
  counted: number;
}

export interface CountInput {
  location: string;
  lines: CountLine[];
  reason: string;
  /** Every lot at the location is listed: one the ledger has there and the count does not is counted as none. */
  complete: boolean;
}

export interface CountResult {
  location: string;
  counted: number;
  /** Lines that matched the ledger. */
  unchanged: number;
  adjustments: (Movement & { before: number; counted: number })[];
  signatureId: string;
}

export async function recordCount(
  db: Database,
  input: CountInput,
  signer: VerifiedSigner,
  plant: PlantFile,
  at: Date,
): Promise<CountResult> {
  if (!knownLocations(plant).has(input.location)) {
    throw invalid('location_unknown', 'location: unknown location "{{location}}"', {
      location: input.location,
    }).withIssues([
      fieldIssue('location', 'location_unknown', 'unknown location', { location: input.location }),
    ]);
  }
  const seen = new Set<string>();
  for (const [i, line] of input.lines.entries()) {
    if (!(line.counted >= 0) || !Number.isFinite(line.counted)) {
      throw invalid('count_negative', 'lines.{{line}}.counted: a count is a number ≥ 0', {
        line: i,
      }).withIssues([
        fieldIssue(
          `lines.${i}.counted`,
          'number_below_minimum',
          'expected a number ≥ {{minimum}}',
          {
            minimum: 0,
          },
        ),
      ]);
    }
    if (seen.has(line.lotId)) {
      throw invalid('count_lot_twice', 'lines.{{line}}.lot: the lot is counted twice', {
        line: i,
      }).withIssues([fieldIssue(`lines.${i}.lot`, 'count_lot_twice', 'counted twice')]);
    }
    seen.add(line.lotId);
  }
  return db.transaction(async (tx) => {
    const held = await tx
      .select()
      .from(balances)
      .where(and(eq(balances.location, input.location), gt(balances.quantity, 0)))
      .for('update');
    const lines = [...input.lines];
    if (input.complete) {
      for (const b of held) {
        if (!seen.has(b.lotId)) {
          lines.push({ lotId: b.lotId, lotNumber: b.lotNumber, material: b.material, counted: 0 });
        }
      }
    }
    const adjustments: CountResult['adjustments'] = [];
    let unchanged = 0;
    for (const line of lines) {
      const before = held.find((b) => b.lotId === line.lotId)?.quantity ?? 0;
      const difference = roundQuantity(line.counted - before);
      if (difference === 0) {
        unchanged += 1;
        continue;
      }
      const movement = await recordMovement(
        tx,
        {
          kind: 'adjustment',
          at,
          lotId: line.lotId,
          lotNumber: line.lotNumber,
          material: line.material,
          quantity: Math.abs(difference),
          ...(difference > 0 ? { to: input.location } : { from: input.location }),
          reason: `cycle count: ${input.reason}`,
          actor: signer.username,
        },
        plant,
      );
      adjustments.push({ ...movement, before, counted: line.counted });
    }
    const content = { location: input.location, at: at.toISOString(), lines, reason: input.reason };
    const signature = await recordSignature(tx, signer, {
      entityType: 'cycle_count',
      entityId: `${input.location}@${at.toISOString()}`,
      contentHash: createHash('sha256').update(canonicalJson(content)).digest('hex'),
    });
    await recordAudit(tx, {
      actor: signer.username,
      action: 'storage.counted',
      entityType: 'location',
      entityId: input.location,
      after: {
        lines: lines.length,
        adjustments: adjustments.map((a) => ({
          lot: a.lotId,
          before: a.before,
          counted: a.counted,
        })),
        reason: input.reason,
      },
    });
    return {
      location: input.location,
      counted: lines.length,
      unchanged,
      adjustments,
      signatureId: signature.id,
    };
  });
}
