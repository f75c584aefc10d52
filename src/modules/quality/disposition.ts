// QA's signed decision on a lot — release, reject, hold or lift a hold —
// with the evidence it rests on kept as it stood when signed: the lot's
// inspections and their results, its nonconformances and, for a supplier's
// lot released on its certificate, that certificate. A finished lot is
// released only on an accepted acceptance inspection; no lot is released
// while a nonconformance against it is open or decided as scrap. The lot's
// status changes in the genealogy module, in the same transaction.
import { createHash, randomUUID } from 'node:crypto';
import { and, desc, eq } from 'drizzle-orm';
import {
  recordSignature,
  type SignatureMeaning,
  type VerifiedSigner,
} from '../../core/audit/signatures.js';
import { recordAudit } from '../../core/audit/trail.js';
import { canonicalJson } from '../../core/canonical-json.js';
import type { Database } from '../../core/db/store.js';
import {
  type ErrorMessage,
  type ErrorParams,
  errorMessage,
  fieldIssue,
  invalid,
  isLotlineError,
  LotlineError,
} from '../../core/errors.js';
import {
  decideLot,
  findLot,
  type GenealogyContext,
  type Lot,
  type LotDecision,
} from '../genealogy/index.js';
import { listNonconformances, type Nonconformance } from './nonconformances.js';
import type { AlarmDirection, NelsonRule } from './run-rules.js';
import { dispositions, inspections, results } from './schema.js';
import { spcAlarmsDuring } from './spc-data.js';

export const RELEASE_BASES = ['inspection', 'supplier_certificate'] as const;
export type ReleaseBasis = (typeof RELEASE_BASES)[number];

export interface Evidence {
  lot: {
    number: string;
    material: string;
    origin: string;
    status: string;
    quantity: number;
    unit: string;
    supplier: string | null;
    supplierLot: string | null;
    certificate: string | null;
  };
  inspections: {
    number: string;
    specification: string;
    scope: string;
    state: string;
    completedAt: string | null;
    completedBy: string | null;
    lines: { characteristic: string; accepted: boolean; summary: string }[];
  }[];
  nonconformances: Pick<Nonconformance, 'number' | 'title' | 'state' | 'decision'>[];
  /**
   * Nelson alarms on the line's gauge data while the lot was made (a made lot only). Evidence
   * stored before alarms carried their run has only the rule and the English message.
   */
  spcAlarms: {
    metric: string;
    rule: NelsonRule;
    at: string;
    direction?: AlarmDirection;
    run?: number;
    message: string;
  }[];
  /** Why the alarms could not be read, when they could not, in English. */
  spcNote: string | null;
  /**
   * The same note in data, for a client to word: absent in evidence stored before the note had
   * a code (spcNote is then all there is).
   */
  spcNoteMessage?: EvidenceNote | null;
}

/**
 * What a lot's evidence notes beside its SPC alarms, each code with the params its message
 * names: the web app words them (quality:evidenceNotes.<code>, spc-words.test.ts).
 */
export const EVIDENCE_NOTE_PARAMS = {
  /** The alarms could not be read; `cause` is the error's code (its own params beside it). */
  spc_alarms_not_read: ['cause'],
} as const satisfies Record<string, readonly string[]>;

export type EvidenceNoteCode = keyof typeof EVIDENCE_NOTE_PARAMS;
export const EVIDENCE_NOTE_CODES = Object.keys(EVIDENCE_NOTE_PARAMS) as readonly EvidenceNoteCode[];

export interface EvidenceNote {
  code: EvidenceNoteCode;
  params: ErrorParams;
  /** The note in English (as spcNote). */
  text: string;
}

/**
 * Why the alarms could not be read: the error's code as the `cause` (with its params), which a
 * client words in its language inside this note. An error without a code (the gauge values'
 * store failing) is `unavailable`: the alarms are read again with the evidence.
 */
export function alarmsNotRead(error: unknown): EvidenceNote {
  const text = `SPC alarms not read: ${error instanceof Error ? error.message : String(error)}`;
  const cause = isLotlineError(error)
    ? { ...error.params, cause: error.code }
    : { cause: 'unavailable' };
  return { code: 'spc_alarms_not_read', params: cause, text };
}

export interface Disposition {
  id: string;
  lot: string;
  decision: LotDecision;
  basis: ReleaseBasis | null;
  reason: string | null;
  signatureId: string;
  evidence: Evidence;
  at: string;
  by: string;
}

/** What QA sees before deciding: the lot, its inspections with their results, its nonconformances. */
export async function evidenceFor(
  db: Database,
  lotKey: string,
  options: { machineGroup?: string } = {},
): Promise<Evidence> {
  const lot = await findLot(db, lotKey);
  let spcAlarms: Evidence['spcAlarms'] = [];
  let spcNoteMessage: EvidenceNote | null = null;
  if (lot.origin === 'made' && lot.line && lot.madeFrom) {
    try {
      spcAlarms = (
        await spcAlarmsDuring(db, {
          line: lot.line,
          from: new Date(lot.madeFrom),
          to: lot.madeTo ? new Date(lot.madeTo) : new Date(),
          ...(options.machineGroup ? { group: options.machineGroup } : {}),
        })
      ).map((a) => ({
        metric: a.metric,
        rule: a.rule,
        at: a.at,
        ...(a.direction ? { direction: a.direction } : {}),
        run: a.run,
        message: a.message,
      }));
    } catch (error) {
      // Evidence is still shown without the alarms; the note says why they are missing.
      spcNoteMessage = alarmsNotRead(error);
    }
  }
  const rows = await db
    .select()
    .from(inspections)
    .where(eq(inspections.lotId, lot.id))
    .orderBy(desc(inspections.openedAt));
  const evidence: Evidence = {
    lot: {
      number: lot.number,
      material: lot.material,
      origin: lot.origin,
      status: lot.status,
      quantity: lot.quantity,
      unit: lot.unit,
      supplier: lot.supplier,
      supplierLot: lot.supplierLot,
      certificate: lot.certificate,
    },
    inspections: [],
    nonconformances: (await listNonconformances(db, { lot: lot.id, limit: 200 })).map((n) => ({
      number: n.number,
      title: n.title,
      state: n.state,
      decision: n.decision,
    })),
    spcAlarms,
    spcNote: spcNoteMessage?.text ?? null,
    spcNoteMessage,
  };
  for (const row of rows) {
    const recorded = await db.select().from(results).where(eq(results.inspectionId, row.id));
    const byCode = new Map(recorded.map((r) => [r.characteristic, r.verdict]));
    evidence.inspections.push({
      number: row.number,
      specification: row.specification,
      scope: row.scope,
      state: row.state,
      completedAt: row.completedAt?.toISOString() ?? null,
      completedBy: row.completedBy,
      lines: row.plan.lines.map((line) => {
        const verdict = byCode.get(line.characteristic);
        return {
          characteristic: line.characteristic,
          accepted: verdict?.accepted ?? false,
          summary: verdict?.summary ?? 'not recorded',
        };
      }),
    });
  }
  return evidence;
}

/** What a disposition's signature means, unless the signer says otherwise. */
export const DISPOSITION_MEANING: Record<LotDecision, SignatureMeaning> = {
  release: 'released',
  reject: 'rejected',
  hold: 'approved',
  release_hold: 'approved',
};

function releaseRefusal(
  lot: Lot,
  evidence: Evidence,
  basis: ReleaseBasis,
): ErrorMessage | undefined {
  const blocking = evidence.nonconformances.filter(
    (n) =>
      n.state === 'open' ||
      n.state === 'investigating' ||
      (n.state === 'decided' && n.decision === 'scrap'),
  );
  if (blocking.length > 0) {
    return errorMessage(
      'release_blocked_by_nonconformance',
      'lot {{lot}} has nonconformance {{nonconformances}} still open or decided as scrap',
      { lot: lot.number, nonconformances: blocking.map((n) => n.number) },
    );
  }
  if (basis === 'supplier_certificate') {
    if (lot.origin !== 'received') {
      return errorMessage(
        'release_made_lot_on_certificate',
        'lot {{lot}} was made in the plant: it is released on its acceptance inspection',
        { lot: lot.number },
      );
    }
    if (!lot.certificate) {
      return errorMessage(
        'release_without_certificate',
        'lot {{lot}} came with no certificate of conformance to release it on',
        { lot: lot.number },
      );
    }
    return undefined;
  }
  const latest = evidence.inspections.find((i) => i.state !== 'open');
  if (!latest) {
    return errorMessage(
      'release_without_inspection',
      'lot {{lot}} has no completed inspection to release it on',
      { lot: lot.number },
    );
  }
  if (latest.state !== 'accepted') {
    return errorMessage(
      'release_inspection_not_accepted',
      'the latest inspection of lot {{lot}} ({{inspection}}) was {{inspectionState}}',
      { lot: lot.number, inspection: latest.number, inspectionState: latest.state },
    );
  }
  return undefined;
}

export async function disposeLot(
  context: GenealogyContext,
  input: { lot: string; decision: LotDecision; basis?: ReleaseBasis; reason?: string },
  signer: VerifiedSigner,
): Promise<Disposition> {
  return context.db.transaction(async (tx) => {
    const lot = await findLot(tx, input.lot);
    const evidence = await evidenceFor(
      tx,
      lot.id,
      context.machineGroup ? { machineGroup: context.machineGroup } : {},
    );
    const basis = input.decision === 'release' ? (input.basis ?? 'inspection') : null;
    if (basis) {
      const refusal = releaseRefusal(lot, evidence, basis);
      if (refusal) throw new LotlineError('conflict', refusal);
    }
    if ((input.decision === 'reject' || input.decision === 'hold') && !input.reason) {
      throw invalid('decision_needs_reason', 'a {{decision}} says why: give a reason', {
        decision: input.decision,
      }).withIssues([fieldIssue('reason', 'field_required', 'required')]);
    }
    const at = context.clock();
    await decideLot(tx, lot.id, input.decision, {
      at,
      actor: signer.username,
      ...(input.reason ? { reason: input.reason } : {}),
    });
    const id = randomUUID();
    const content = {
      lot: lot.number,
      decision: input.decision,
      basis,
      reason: input.reason ?? null,
      evidence,
    };
    const signature = await recordSignature(tx, signer, {
      entityType: 'lot_disposition',
      entityId: id,
      contentHash: createHash('sha256').update(canonicalJson(content)).digest('hex'),
    });
    await tx.insert(dispositions).values({
      id,
      lotId: lot.id,
      lotNumber: lot.number,
      decision: input.decision,
      basis,
      reason: input.reason ?? null,
      signatureId: signature.id,
      evidence: evidence as unknown as Record<string, unknown>,
      at,
      by: signer.username,
    });
    await recordAudit(tx, {
      actor: signer.username,
      action: `lot.disposition.${input.decision}`,
      entityType: 'lot',
      entityId: lot.number,
      after: { decision: input.decision, basis, reason: input.reason ?? null },
    });
    return {
      id,
      lot: lot.number,
      decision: input.decision,
      basis,
      reason: input.reason ?? null,
      signatureId: signature.id,
      evidence,
      at: at.toISOString(),
      by: signer.username,
    };
  });
}

export async function dispositionsOf(db: Database, lotKey: string): Promise<Disposition[]> {
  const lot = await findLot(db, lotKey);
  const rows = await db
    .select()
    .from(dispositions)
    .where(and(eq(dispositions.lotId, lot.id)))
    .orderBy(desc(dispositions.at));
  return rows.map((r) => ({
    id: r.id,
    lot: r.lotNumber,
    decision: r.decision as LotDecision,
    basis: r.basis as ReleaseBasis | null,
    reason: r.reason,
    signatureId: r.signatureId,
    evidence: r.evidence as unknown as Evidence,
    at: r.at.toISOString(),
    by: r.by,
  }));
}
