// Commands and queries of the plant module. Every change to master data —
// a whole plant file or one edited entity — goes through `changePlant`: one
// transaction that validates the whole resulting plant, writes the projection
// and records a revision, or writes nothing.
import { desc, eq, sql } from 'drizzle-orm';
import {
  recordSignature,
  type SignatureStatus,
  signaturesFor,
  type VerifiedSigner,
} from '../../core/audit/signatures.js';
import { recordAudit } from '../../core/audit/trail.js';
import { noteTablesRead } from '../../core/db/change-tracking.js';
import type { Database, Store } from '../../core/db/store.js';
import { conflict, fieldIssue, invalid, notFound } from '../../core/errors.js';
import { type EditableKind, PlantFile } from './model.js';
import { projectPlant } from './projection.js';
import { diffPlants, plantHash } from './revision.js';
import { type RevisionChange, revisions } from './schema.js';
import { validatePlant } from './validate.js';

// Serialises plant changes across processes sharing one PostgreSQL database.
const PLANT_CHANGE_LOCK = 7_201_002;

export interface ChangeMeta {
  /** Where the change came from: `file:plants/reference.yaml`, `api`, `cli`. */
  source: string;
  /** Who changed it (a user name, `system`, `cli:<os user>`); `system` when omitted. */
  actor?: string;
  note?: string;
  /** The electronic signature that approves the change, password already checked. */
  signer?: VerifiedSigner;
}

/** Signatures of plant revisions name them so. */
export const REVISION_ENTITY = 'plant.revision';

export interface PlantRevision {
  number: number;
  hash: string;
  source: string;
  actor: string | null;
  note: string | null;
  loadedAt: string;
  changes: RevisionChange[];
}

export interface ChangeResult {
  changed: boolean;
  revision: PlantRevision;
}

/**
 * Applies `edit` to the current plant (undefined when the store has none) and
 * stores the result if it is valid and differs. `edit` returns an untyped
 * document: it is validated as a whole, as a plant file would be.
 */
export async function changePlant(
  db: Database,
  edit: (current: PlantFile | undefined) => unknown,
  meta: ChangeMeta,
): Promise<ChangeResult> {
  return db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(${PLANT_CHANGE_LOCK})`);
    const [latest] = await tx.select().from(revisions).orderBy(desc(revisions.number)).limit(1);
    const result = validatePlant(edit(latest?.document));
    if (!result.ok) {
      throw invalid('plant_invalid', 'the plant is not valid ({{problemCount}} problem(s))', {
        problemCount: result.issues.length,
      }).withIssues(result.issues);
    }
    const hash = plantHash(result.plant);
    if (latest && latest.hash === hash) return { changed: false, revision: toRevision(latest) };
    // Only the order of entries moved (say, locations sorted differently):
    // no entity changed, so there is nothing to record.
    const changes = diffPlants(latest?.document, result.plant);
    if (latest && changes.length === 0) return { changed: false, revision: toRevision(latest) };

    await projectPlant(tx, result.plant);
    const [row] = await tx
      .insert(revisions)
      .values({
        hash,
        source: meta.source,
        actor: meta.actor ?? 'system',
        note: meta.note ?? null,
        document: result.plant,
        changes,
      })
      .returning();
    if (!row) throw new Error('inserting a plant revision returned no row');
    const actor = meta.actor ?? 'system';
    await recordAudit(tx, {
      actor,
      action: 'plant.changed',
      entityType: REVISION_ENTITY,
      entityId: String(row.number),
      before: latest ? { revision: latest.number, hash: latest.hash } : null,
      after: { revision: row.number, hash, source: meta.source, note: meta.note ?? null, changes },
    });
    if (meta.signer) {
      await recordSignature(tx, meta.signer, {
        entityType: REVISION_ENTITY,
        entityId: String(row.number),
        contentHash: hash,
      });
    }
    return { changed: true, revision: toRevision(row) };
  });
}

/** Loads a whole plant document (a parsed plant file or an API body). */
export function loadPlant(db: Database, document: unknown, meta: ChangeMeta) {
  return changePlant(db, () => document, meta);
}

export interface CurrentPlant {
  revision: PlantRevision;
  plant: PlantFile;
}

export async function currentPlant(db: Database): Promise<CurrentPlant> {
  const found = await findCurrentPlant(db);
  if (!found) throw notFound('no_plant', 'no plant is loaded yet: load a plant file first');
  return found;
}

// The current plant is read on nearly every request and command; the document
// is parsed from the database only when the latest revision has moved. The
// latest revision's number, hash and load time (its head, one small row) name
// one loaded document exactly, so a command's transaction — a handle of its
// own — finds the plant it already knows.
const knownPlants = new Map<string, CurrentPlant>();
const KNOWN_PLANTS_KEPT = 8;

type RevisionHead = { number: number; hash: string; loadedAt: Date } | undefined;

// The head itself is read on every call, except on a server's store
// (`keepPlantHead`, called by buildApp), which keeps it while it is sure to
// hear of a new revision: this process's own writes through the store's
// watch, another process's through their announcement (migration 0020). It
// is read again when either says the revisions changed, whenever the
// listening connection is down, and at least every HEAD_KEPT_MS — the bound
// should an announcement ever be lost.
const HEAD_TABLES = ['revisions'];
const HEAD_KEPT_MS = 5_000;

interface HeadWatch {
  store: Pick<Store, 'db' | 'changes' | 'hearsOtherProcesses'>;
  kept?: { head: RevisionHead; since: number; at: number };
}
const headWatches = new WeakMap<object, HeadWatch>();

/**
 * What a store's database handle and its transactions' handles share: Drizzle
 * builds a transaction with its database's dialect object. (An internal
 * property; were it gone, each handle would stand for itself and a command's
 * transaction would read the head afresh, as before — head.int.test.ts would
 * say so.)
 */
function handleOwner(db: Database): object {
  return (db as unknown as { dialect?: object }).dialect ?? db;
}

/** Keeps the current revision's head in memory for reads through `store.db` and its transactions. */
export function keepPlantHead(store: Pick<Store, 'db' | 'changes' | 'hearsOtherProcesses'>): void {
  const owner = handleOwner(store.db);
  if (!headWatches.has(owner)) headWatches.set(owner, { store });
  // Opens the listening connection now, so it is up by the first command.
  store.hearsOtherProcesses();
}

async function readHead(db: Database): Promise<RevisionHead> {
  const [head] = await db
    .select({ number: revisions.number, hash: revisions.hash, loadedAt: revisions.loadedAt })
    .from(revisions)
    .orderBy(desc(revisions.number))
    .limit(1);
  return head;
}

async function currentHead(db: Database): Promise<RevisionHead> {
  const watch = headWatches.get(handleOwner(db));
  if (!watch?.store.hearsOtherProcesses()) return readHead(db);
  const { changes } = watch.store;
  const { kept } = watch;
  if (
    kept &&
    performance.now() - kept.at < HEAD_KEPT_MS &&
    changes.unchangedSince(HEAD_TABLES, kept.since)
  ) {
    // A kept answer built on it (core/http/read-cache.ts) must go with a new revision.
    noteTablesRead(HEAD_TABLES);
    return kept.head;
  }
  const since = changes.now();
  const head = await readHead(db);
  // Kept only if nothing changed while it was read and the listener was up
  // throughout; and only when read outside a transaction, which may see a
  // revision of its own that is not committed yet (and may never be).
  if (
    db === watch.store.db &&
    changes.unchangedSince(HEAD_TABLES, since) &&
    watch.store.hearsOtherProcesses()
  ) {
    watch.kept = { head, since, at: performance.now() };
  }
  return head;
}

export async function findCurrentPlant(db: Database): Promise<CurrentPlant | undefined> {
  const head = await currentHead(db);
  if (!head) return undefined;
  const key = `${head.number}|${head.hash}|${head.loadedAt.toISOString()}`;
  const known = knownPlants.get(key);
  if (known) return known;
  const [row] = await db.select().from(revisions).where(eq(revisions.number, head.number));
  if (!row) return undefined;
  const current = { revision: toRevision(row), plant: asCurrentSchema(row.document) };
  knownPlants.set(key, current);
  if (knownPlants.size > KNOWN_PLANTS_KEPT) {
    const oldest = knownPlants.keys().next().value;
    if (oldest !== undefined) knownPlants.delete(oldest);
  }
  return current;
}

export async function listRevisions(db: Database): Promise<PlantRevision[]> {
  const rows = await db
    .select({
      number: revisions.number,
      hash: revisions.hash,
      source: revisions.source,
      actor: revisions.actor,
      note: revisions.note,
      loadedAt: revisions.loadedAt,
      changes: revisions.changes,
    })
    .from(revisions)
    .orderBy(desc(revisions.number));
  return rows.map(toRevision);
}

export interface RevisionDetail extends CurrentPlant {
  /** Whether the stored plant still has the content it was recorded (and signed) with. */
  integrity: { recordedHash: string; currentHash: string; intact: boolean };
  signatures: SignatureStatus[];
}

export async function getRevision(db: Database, number: number): Promise<RevisionDetail> {
  const [row] = await db.select().from(revisions).where(eq(revisions.number, number));
  if (!row) {
    throw notFound('plant_revision_not_found', 'plant revision {{revision}} does not exist', {
      revision: String(number),
    });
  }
  // Hash what is stored now, not what was recorded: a change made behind the
  // application's back shows here and voids the signatures.
  const currentHash = plantHash(row.document);
  return {
    revision: toRevision(row),
    plant: asCurrentSchema(row.document),
    integrity: { recordedHash: row.hash, currentHash, intact: currentHash === row.hash },
    signatures: await signaturesFor(db, REVISION_ENTITY, String(number), currentHash),
  };
}

/** One entity of an editable kind, as an HTTP body carries it (checked with the whole plant). */
export type EntityBody = { code: string } & Record<string, unknown>;

/** Adds one entity of an editable kind; refused if its code is taken. */
export function createEntity(
  db: Database,
  kind: EditableKind,
  entity: EntityBody,
  meta: ChangeMeta,
) {
  return changePlant(
    db,
    (current) => {
      const plant = requirePlant(current);
      const list = plant[kind] as { code: string }[];
      if (list.some((e) => e.code === entity.code)) {
        throw conflict('plant_entity_exists', '{{entityWord}} "{{code}}" already exists', {
          entityWord: singular(kind),
          entityKind: kind,
          code: entity.code,
        });
      }
      return { ...plant, [kind]: [...list, entity] };
    },
    meta,
  );
}

/** Replaces one entity of an editable kind; its code stays what the path says. */
export function replaceEntity(
  db: Database,
  kind: EditableKind,
  code: string,
  entity: EntityBody,
  meta: ChangeMeta,
) {
  if (entity.code !== code) {
    const codes = { bodyCode: entity.code, code };
    throw invalid(
      'plant_entity_code_differs',
      'the body\'s code "{{bodyCode}}" differs from "{{code}}" in the path',
      codes,
    ).withIssues([
      fieldIssue(
        'code',
        'plant_entity_code_differs',
        'expected "{{code}}" (codes are not renamed; retire and add)',
        codes,
      ),
    ]);
  }
  return changePlant(
    db,
    (current) => {
      const plant = requirePlant(current);
      const list = plant[kind] as { code: string }[];
      const index = list.findIndex((e) => e.code === code);
      if (index < 0) {
        throw notFound('plant_entity_not_found', '{{entityWord}} "{{code}}" does not exist', {
          entityWord: singular(kind),
          entityKind: kind,
          code,
        });
      }
      return { ...plant, [kind]: list.map((e, i) => (i === index ? entity : e)) };
    },
    meta,
  );
}

// A revision stored before the plant file gained a section lacks it; reading
// it through today's schema fills the defaults (e.g. an empty reason tree).
function asCurrentSchema(document: PlantFile): PlantFile {
  const parsed = PlantFile.safeParse(document);
  return parsed.success ? parsed.data : document;
}

function requirePlant(current: PlantFile | undefined): PlantFile {
  if (!current) throw notFound('no_plant', 'no plant is loaded yet: load a plant file first');
  return current;
}

const singular = (kind: EditableKind) => kind.replace(/s$/, '');

function toRevision(row: {
  number: number;
  hash: string;
  source: string;
  actor: string | null;
  note: string | null;
  loadedAt: Date;
  changes: RevisionChange[];
}): PlantRevision {
  return {
    number: row.number,
    hash: row.hash,
    source: row.source,
    actor: row.actor,
    note: row.note,
    loadedAt: row.loadedAt.toISOString(),
    changes: row.changes,
  };
}
