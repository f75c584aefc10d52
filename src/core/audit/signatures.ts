// Electronic signatures in the manner of 21 CFR Part 11 (§11.50 signature
// manifestation, §11.70 record linking, §11.200 components): the signer
// re-enters the password at the moment of signing; the signature records who,
// when and what it means, and is bound to the record by a hash of its content,
// so a record changed afterwards shows its signature as no longer valid.
import { and, asc, eq } from 'drizzle-orm';
import type { Database, Transaction } from '../db/store.js';
import { signatures } from './schema.js';
import { recordAudit } from './trail.js';

export const SIGNATURE_MEANINGS = [
  'approved',
  'reviewed',
  'released',
  'rejected',
  'closed',
  'written_off',
] as const;
export type SignatureMeaning = (typeof SIGNATURE_MEANINGS)[number];

/** A signer whose password was checked just now, with what the signature means. */
export interface VerifiedSigner {
  userId: string;
  username: string;
  displayName: string;
  meaning: SignatureMeaning;
  reason?: string;
}

export interface SignatureRecord {
  id: string;
  signedAt: string;
  username: string;
  displayName: string;
  meaning: string;
  reason: string | null;
  entityType: string;
  entityId: string;
  contentHash: string;
}

/** Writes the signature in the caller's transaction, with its audit entry. */
export async function recordSignature(
  tx: Transaction,
  signer: VerifiedSigner,
  record: { entityType: string; entityId: string; contentHash: string },
): Promise<SignatureRecord> {
  const [row] = await tx
    .insert(signatures)
    .values({
      signedAt: new Date(),
      userId: signer.userId,
      username: signer.username,
      displayName: signer.displayName,
      meaning: signer.meaning,
      reason: signer.reason ?? null,
      ...record,
    })
    .returning();
  if (!row) throw new Error('inserting a signature returned no row');
  const signature = toRecord(row);
  await recordAudit(tx, {
    actor: signer.username,
    action: 'signature.signed',
    entityType: record.entityType,
    entityId: record.entityId,
    after: signature,
  });
  return signature;
}

export interface SignatureStatus extends SignatureRecord {
  valid: boolean;
}

/** The record's signatures, each valid only while the record's content hash is unchanged. */
export async function signaturesFor(
  db: Database,
  entityType: string,
  entityId: string,
  currentContentHash: string | undefined,
): Promise<SignatureStatus[]> {
  const rows = await db
    .select()
    .from(signatures)
    .where(and(eq(signatures.entityType, entityType), eq(signatures.entityId, entityId)))
    .orderBy(asc(signatures.signedAt));
  return rows.map((row) => ({ ...toRecord(row), valid: row.contentHash === currentContentHash }));
}

function toRecord(row: typeof signatures.$inferSelect): SignatureRecord {
  return {
    id: row.id,
    signedAt: row.signedAt.toISOString(),
    username: row.username,
    displayName: row.displayName,
    meaning: row.meaning,
    reason: row.reason,
    entityType: row.entityType,
    entityId: row.entityId,
    contentHash: row.contentHash,
  };
}
