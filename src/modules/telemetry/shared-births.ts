// The births of a shared ingest, as every process sees them. A process that
// reads an NBIRTH or DBIRTH stores it (telemetry.edge_births) in the batch
// that stores the birth's rows; the others take it from there into their host
// session (HostSession.adoptBirth), where a newer birth supersedes the one
// held. A process reads, at start, the newest birth of every node and its
// devices' births since, and then, every few hundred milliseconds and when it
// holds a message no birth explains, the births stored since it last looked.
//
// "Stored since" is by the time the row was written, looked at with a margin:
// rows become visible in commit order, not in the order they were written, so
// a birth written just before the last look may commit just after it.
import { sql } from 'drizzle-orm';
import type { Database } from '../../core/db/store.js';
import type { BirthMetricDef, BirthRecord, HostSession } from './host-session.js';
import { edgeBirths } from './schema.js';

// Longer than any batch transaction stays open between writing and committing.
const VISIBILITY_MARGIN_MS = 30_000;

interface BirthRow {
  birth_key: string;
  group_id: string;
  node: string;
  device: string | null;
  bd_seq: number;
  node_birth_key: string;
  seq: number | null;
  born_at: string | Date;
  received_at: string | Date;
  metrics: BirthMetricDef[] | string;
  stored_at: string | Date;
}

function recordOf(row: BirthRow): BirthRecord {
  return {
    birthKey: row.birth_key,
    group: row.group_id,
    node: row.node,
    device: row.device,
    bdSeq: row.bd_seq,
    nodeBirthKey: row.node_birth_key,
    seq: row.seq,
    bornAt: new Date(row.born_at).getTime(),
    receivedAt: new Date(row.received_at).getTime(),
    metrics: typeof row.metrics === 'string' ? JSON.parse(row.metrics) : row.metrics,
  };
}

export class SharedBirths {
  readonly #db: Database;
  readonly #group: string;
  readonly #host: HostSession;
  /** The database's clock at the last look (the rows' stored_at is the database's). */
  #lookedAt: Date | undefined;
  #seen = new Set<string>();

  constructor(db: Database, group: string, host: HostSession) {
    this.#db = db;
    this.#group = group;
    this.#host = host;
  }

  /** Takes the births stored by any process since the last look; returns how many were new to the host. */
  async refresh(): Promise<number> {
    const since = this.#lookedAt;
    const result = (await this.#db.execute(
      since === undefined
        ? // At start: each node's newest NBIRTH, and its devices' newest births since.
          sql`
          WITH nodes AS (
            SELECT DISTINCT ON (node) node, born_at FROM ${edgeBirths}
            WHERE group_id = ${this.#group} AND device IS NULL
            ORDER BY node, born_at DESC, received_at DESC)
          SELECT b.*, clock_timestamp() AS now FROM ${edgeBirths} b JOIN nodes n
            ON b.node = n.node AND b.born_at >= n.born_at
          WHERE b.group_id = ${this.#group}`
        : sql`
          SELECT b.*, clock_timestamp() AS now FROM ${edgeBirths} b
          WHERE b.group_id = ${this.#group}
            AND b.stored_at > ${new Date(since.getTime() - VISIBILITY_MARGIN_MS).toISOString()}`,
    )) as unknown as { rows: (BirthRow & { now: string | Date })[] };
    // NBIRTHs first, then DBIRTHs, each oldest first: a DBIRTH is taken only
    // into a node session that is not newer than it.
    const records = result.rows
      .filter((r) => !this.#seen.has(r.birth_key))
      .map(recordOf)
      .sort(
        (a, b) =>
          Number(a.device !== null) - Number(b.device !== null) ||
          a.bornAt - b.bornAt ||
          a.receivedAt - b.receivedAt,
      );
    let adopted = 0;
    for (const record of records) {
      if (this.#host.adoptBirth(record)) adopted += 1;
    }
    // A key is remembered only while it can still come back within the margin.
    if (this.#seen.size > 10_000) this.#seen = new Set();
    for (const r of result.rows) this.#seen.add(r.birth_key);
    const first = result.rows[0];
    this.#lookedAt = first ? new Date(first.now) : await this.#databaseNow();
    return adopted;
  }

  async #databaseNow(): Promise<Date> {
    const result = (await this.#db.execute(sql`SELECT clock_timestamp() AS now`)) as unknown as {
      rows: { now: string | Date }[];
    };
    return new Date(result.rows[0]?.now ?? Date.now());
  }
}
