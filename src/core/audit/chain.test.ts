// The hash chain of the audit trail: an intact chain verifies, and each way of
// falsifying it afterwards — changing, removing, reordering or relinking an
// entry — is reported at the entry where the chain first breaks.
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { canonicalJson } from '../canonical-json.js';
import { type AuditEntry, canonicalHead, entryHash, GENESIS_HASH, verifyChain } from './chain.js';

/** A chain of `n` entries written as recordAudit writes them. */
function chainOf(n: number): AuditEntry[] {
  const entries: AuditEntry[] = [];
  let prevHash = GENESIS_HASH;
  for (let seq = 1; seq <= n; seq++) {
    const content = {
      seq,
      at: new Date(Date.UTC(2026, 0, 5, 8, 0, seq)).toISOString(),
      actor: seq % 2 ? 'ana' : 'system',
      action: 'plant.changed',
      entityType: 'plant.revision',
      entityId: String(seq),
      before: seq === 1 ? null : { revision: seq - 1 },
      after: { revision: seq, changes: [{ kind: 'line', code: `L${seq}`, change: 'added' }] },
    };
    const entry = { ...content, prevHash, hash: entryHash(content, prevHash) };
    entries.push(entry);
    prevHash = entry.hash;
  }
  return entries;
}

const at = (entries: AuditEntry[], seq: number) => {
  const entry = entries.find((e) => e.seq === seq);
  if (!entry) throw new Error(`no entry ${seq}`);
  return entry;
};

describe('entryHash', () => {
  it('is a SHA-256 hex digest that covers the link to the entry before', () => {
    const [first] = chainOf(1);
    expect(first?.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(entryHash(first!, GENESIS_HASH)).toBe(first?.hash);
    expect(entryHash(first!, 'f'.repeat(64))).not.toBe(first?.hash);
  });

  it('does not depend on the order of keys in before and after', () => {
    const [first] = chainOf(1);
    // jsonb does not keep key order, so the hash must not depend on it.
    const one = { ...first!, after: { revision: 1, note: 'x' } };
    const other = { ...first!, after: { note: 'x', revision: 1 } };
    expect(entryHash(one, GENESIS_HASH)).toBe(entryHash(other, GENESIS_HASH));
  });

  it('is the hash of the link and the whole entry as canonical JSON, as chains written before were', () => {
    for (const entry of chainOf(4)) {
      const { prevHash, hash: _hash, ...content } = entry;
      const whole = createHash('sha256')
        .update(`${prevHash}\n${canonicalJson(content)}`)
        .digest('hex');
      expect(entryHash(entry, prevHash)).toBe(whole);
    }
  });

  it('has a canonical head that the sequence number and a brace complete', () => {
    const entry = {
      ...chainOf(1)[0]!,
      seq: 123_456,
      actor: 'José Pérez',
      after: { note: 'ñ "q"' },
    };
    const { prevHash: _p, hash: _h, ...content } = entry;
    expect(`${canonicalHead(content)}123456}`).toBe(canonicalJson(content));
    expect(canonicalHead(content).endsWith('"seq":')).toBe(true);
  });

  it('treats a missing before or after as null, as the database stores it', () => {
    const [first] = chainOf(1);
    const withUndefined = { ...first!, before: undefined };
    expect(entryHash(withUndefined, GENESIS_HASH)).toBe(first?.hash);
  });
});

describe('verifyChain', () => {
  it('accepts an intact chain, counting its entries and returning the last hash', () => {
    const entries = chainOf(6);
    expect(verifyChain(entries)).toEqual({ ok: true, entries: 6, lastHash: entries[5]?.hash });
  });

  it('accepts an empty chain', () => {
    expect(verifyChain([])).toEqual({ ok: true, entries: 0, lastHash: GENESIS_HASH });
  });

  it('continues a chain from a given hash (verification in batches)', () => {
    const entries = chainOf(6);
    const tail = entries.slice(3);
    expect(verifyChain(tail, entries[2]?.hash)).toMatchObject({ ok: true, entries: 3 });
    expect(verifyChain(tail)).toMatchObject({ ok: false, brokenAt: 4 });
  });

  it.each([
    ['actor', (e: AuditEntry) => ({ ...e, actor: 'mallory' })],
    ['after', (e: AuditEntry) => ({ ...e, after: { revision: 4, changes: [] } })],
    ['before', (e: AuditEntry) => ({ ...e, before: null })],
    ['time', (e: AuditEntry) => ({ ...e, at: '2026-01-05T08:00:59.000Z' })],
    ['action', (e: AuditEntry) => ({ ...e, action: 'plant.viewed' })],
    ['entity', (e: AuditEntry) => ({ ...e, entityId: '40' })],
  ])('finds an entry whose %s was changed, at that entry', (_field, tamper) => {
    const entries = chainOf(6).map((e) => (e.seq === 4 ? tamper(e) : e));
    expect(verifyChain(entries)).toEqual({
      ok: false,
      entries: 4,
      brokenAt: 4,
      reason: 'entry 4 was changed after it was written (its hash does not match its content)',
    });
  });

  it('finds a changed entry whose hash was recomputed: the next entry no longer links to it', () => {
    const entries = chainOf(6);
    const forged = { ...at(entries, 3), actor: 'mallory' };
    forged.hash = entryHash(forged, forged.prevHash);
    const verdict = verifyChain(entries.map((e) => (e.seq === 3 ? forged : e)));
    expect(verdict).toEqual({
      ok: false,
      entries: 4,
      brokenAt: 4,
      reason: 'entry 4 does not link to the entry before it',
    });
  });

  it('finds a removed entry, naming the missing one', () => {
    const entries = chainOf(6).filter((e) => e.seq !== 3);
    expect(verifyChain(entries)).toEqual({
      ok: false,
      entries: 3,
      brokenAt: 4,
      reason: 'entry 3 is missing (found 4 after 2)',
    });
  });

  it('finds a removed first entry: the chain does not start from the genesis hash', () => {
    const entries = chainOf(3).slice(1);
    expect(verifyChain(entries)).toMatchObject({ ok: false, brokenAt: 2 });
  });

  it('finds entries put out of order', () => {
    const entries = chainOf(6);
    const swapped = [entries[0]!, entries[2]!, entries[1]!, ...entries.slice(3)];
    expect(verifyChain(swapped)).toEqual({
      ok: false,
      entries: 2,
      brokenAt: 3,
      reason: 'entry 2 is missing (found 3 after 1)',
    });
  });

  it('finds two entries whose contents swapped places under the same sequence numbers', () => {
    const entries = chainOf(6);
    const second = at(entries, 2);
    const third = at(entries, 3);
    // Everything but the sequence number moves: each entry keeps a valid own hash.
    const moved = entries.map((e) =>
      e.seq === 2 ? { ...third, seq: 2 } : e.seq === 3 ? { ...second, seq: 3 } : e,
    );
    expect(verifyChain(moved)).toMatchObject({ ok: false, brokenAt: 2 });
  });

  it('finds an entry with a wrong link to the one before, at that entry', () => {
    const entries = chainOf(6).map((e) =>
      e.seq === 5 ? { ...e, prevHash: at(chainOf(6), 3).hash } : e,
    );
    expect(verifyChain(entries)).toEqual({
      ok: false,
      entries: 5,
      brokenAt: 5,
      reason: 'entry 5 does not link to the entry before it',
    });
  });

  it('finds an inserted entry, even one with a consistent hash of its own', () => {
    const entries = chainOf(4);
    const second = at(entries, 2);
    const content = { ...second, seq: 3, actor: 'mallory' };
    const inserted = { ...content, prevHash: second.hash, hash: entryHash(content, second.hash) };
    // The forger renumbers the rest, but cannot re-link them without rewriting every hash.
    const rest = entries.slice(2).map((e) => ({ ...e, seq: e.seq + 1 }));
    const verdict = verifyChain([entries[0]!, second, inserted, ...rest]);
    expect(verdict).toMatchObject({ ok: false, brokenAt: 4 });
  });
});
