// Changes other processes make, heard on PostgreSQL. The store's watch
// (change-tracking.ts) sees only this process's statements; a few tables that
// change rarely and are read on every command — the plant's revisions — also
// announce their changes with NOTIFY from a trigger (migration 0020), and a
// connection of its own listens, so a kept value about them can be trusted
// while that connection is up. When it drops, nothing is heard until it is
// back, so `hearing()` is false and such values are read afresh; once it is
// back, the announcing tables count as changed (what was missed is unknown).
import pg from 'pg';
import type { TableChanges, TableTag } from './table-changes.js';

export const CHANGES_CHANNEL = 'lotline_changes';
/** The tables whose changes are announced on CHANGES_CHANNEL (migration 0020). */
export const ANNOUNCED_TABLES: readonly TableTag[] = ['revisions'];

const RECONNECT_MS = 1_000;

export interface ChangeListener {
  /** True while every announced change reaches `changes`. */
  hearing(): boolean;
  close(): Promise<void>;
}

export function listenForChanges(url: string, changes: TableChanges): ChangeListener {
  let client: pg.Client | undefined;
  let hearing = false;
  let closed = false;
  let retry: NodeJS.Timeout | undefined;

  const lost = (lostClient: pg.Client) => {
    if (client !== lostClient) return;
    hearing = false;
    client = undefined;
    lostClient.end().catch(() => {});
    if (!closed) retry = setTimeout(connect, RECONNECT_MS).unref();
  };

  async function connect(): Promise<void> {
    retry = undefined;
    const next = new pg.Client({ connectionString: url, keepAlive: true });
    client = next;
    next.on('error', () => lost(next));
    next.on('end', () => lost(next));
    next.on('notification', (message) => {
      if (message.channel !== CHANGES_CHANNEL) return;
      const table = message.payload;
      changes.changed(table && ANNOUNCED_TABLES.includes(table) ? [table] : ANNOUNCED_TABLES);
    });
    try {
      await next.connect();
      await next.query(`listen ${CHANGES_CHANNEL}`);
    } catch {
      lost(next);
      return;
    }
    if (client !== next || closed) return;
    // Whatever changed while nobody listened is unknown.
    changes.changed(ANNOUNCED_TABLES);
    hearing = true;
  }

  void connect();
  return {
    hearing: () => hearing,
    close: async () => {
      closed = true;
      hearing = false;
      clearTimeout(retry);
      const last = client;
      client = undefined;
      await last?.end().catch(() => {});
    },
  };
}
