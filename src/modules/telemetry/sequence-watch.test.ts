// The shared ingest's sequence walk: the stored stream of a node session in
// timestamp order, neighbours shuffled a little by two processes, seq wrapping
// at 255; a seq missing while later messages are there is a gap.
import { describe, expect, it } from 'vitest';
import { walkSequence } from './sequence-watch.js';

const messages = (seqs: number[]) => seqs.map((seq, i) => ({ key: `m${i}`, seq }));

describe('walkSequence', () => {
  it('follows a stream in order across the wrap', () => {
    const walk = walkSequence(254, messages([254, 255, 0, 1]));
    expect(walk).toEqual({ consumed: ['m0', 'm1', 'm2', 'm3'], nextSeq: 2 });
  });

  it('takes neighbours that two processes stored out of order', () => {
    const walk = walkSequence(0, messages([1, 0, 3, 2, 4]));
    expect(walk.missing).toBeUndefined();
    expect(walk.consumed).toEqual(['m1', 'm0', 'm3', 'm2', 'm4']);
    expect(walk.nextSeq).toBe(5);
  });

  it('stops at a seq that is missing while later ones are there', () => {
    const walk = walkSequence(0, messages([0, 1, 3, 4]));
    expect(walk).toEqual({ consumed: ['m0', 'm1'], nextSeq: 2, missing: 2 });
  });

  it('resumes where it stopped once the missing message is stored', () => {
    const walk = walkSequence(2, messages([3, 4, 2]));
    expect(walk).toEqual({ consumed: ['m2', 'm0', 'm1'], nextSeq: 5 });
  });

  it('does not take the same seq one lap later for the missing one', () => {
    const lap = Array.from({ length: 300 }, (_, i) => (i + 3) % 256);
    const walk = walkSequence(2, messages(lap));
    expect(walk.missing).toBe(2);
    expect(walk.consumed).toEqual([]);
  });
});
