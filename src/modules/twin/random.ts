// Seedable uniform random numbers for the digital twin. Each source of randomness in the plant
// model (a station's cycle time, its failures, its repairs…) draws from its own stream, so a
// change to one source's draws leaves every other source's sequence as it was (common random
// numbers when two scenarios are compared), and the same seed replays a run exactly. Pure: no
// clock, no Math.random.
//
// Generator: xoshiro128** 1.1 (Blackman & Vigna, "Scrambled linear pseudorandom number
// generators", ACM TOMS 47(4), 2021; reference code at prng.di.unimi.it). 128 bits of state in
// four 32-bit words, period 2^128 − 1, passes BigCrush; 32-bit integer arithmetic only, which
// JavaScript runs fast (Math.imul, no BigInt on the hot path).
//
// Seeding: the text of (seed, stream) is hashed with 64-bit FNV-1a, and SplitMix64 (Steele, Lea &
// Flood, OOPSLA 2014) expands the hash into the 128-bit state, as Vigna recommends for seeding
// the xoshiro family. BigInt is used here only, once per stream.
import { fieldIssue, invalid } from '../../core/errors.js';

const TWO_POW_26 = 67108864;
const TWO_POW_MINUS_52 = 2 ** -52;
const TWO_POW_MINUS_53 = 2 ** -53;

const MASK_64 = (1n << 64n) - 1n;
const FNV_OFFSET_BASIS_64 = 0xcbf29ce484222325n;
const FNV_PRIME_64 = 0x100000001b3n;
const GOLDEN_GAMMA = 0x9e3779b97f4a7c15n;
// 0xFF never occurs in UTF-8, so it separates the seed's text from the stream's without
// ambiguity: ("a/b", "c") and ("a", "b/c") hash different bytes.
const SEPARATOR = 0xff;

const utf8 = new TextEncoder();

function fnv1a64(bytes: Iterable<number>): bigint {
  let hash = FNV_OFFSET_BASIS_64;
  for (const byte of bytes) hash = ((hash ^ BigInt(byte)) * FNV_PRIME_64) & MASK_64;
  return hash;
}

function splitMix64(x: bigint): bigint {
  let z = x;
  z = ((z ^ (z >> 30n)) * 0xbf58476d1ce4e5b9n) & MASK_64;
  z = ((z ^ (z >> 27n)) * 0x94d049bb133111ebn) & MASK_64;
  return z ^ (z >> 31n);
}

function seedText(value: number | string, what: 'seed' | 'stream'): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  throw invalid(
    'random_seed_invalid',
    'random {{what}} must be a string or a finite number, got {{value}}',
    { what, value: String(value) },
  ).withIssues([fieldIssue(what, 'random_seed_invalid', 'expected a string or a finite number')]);
}

function rotl(x: number, k: number): number {
  return (x << k) | (x >>> (32 - k));
}

/** A seedable uniform generator; independent streams for each source of randomness. */
export class RandomStream {
  // xoshiro128** state, kept as int32 so V8 stores it unboxed.
  private s0 = 0;
  private s1 = 0;
  private s2 = 0;
  private s3 = 0;
  // Marsaglia's polar method yields normals in pairs; the second waits here. It lives in the
  // stream rather than in a distribution object so that a stream's normal draws depend on that
  // stream alone, even when one distribution object is sampled with several streams.
  private spareNormal = 0;
  private hasSpareNormal = false;

  /**
   * The same (seed, stream) always gives the same sequence. A number and its decimal text are
   * the same seed (42 and '42'); a stream of '' differs from no stream.
   */
  constructor(seed: number | string, stream?: number | string) {
    const bytes = [...utf8.encode(seedText(seed, 'seed'))];
    if (stream !== undefined) bytes.push(SEPARATOR, ...utf8.encode(seedText(stream, 'stream')));
    let counter = fnv1a64(bytes);
    counter = (counter + GOLDEN_GAMMA) & MASK_64;
    const first = splitMix64(counter);
    counter = (counter + GOLDEN_GAMMA) & MASK_64;
    const second = splitMix64(counter);
    // SplitMix64's output is a bijection of its counter, so two successive outputs are never
    // both zero: the state is never the all-zero one xoshiro must avoid.
    this.s0 = Number(BigInt.asIntN(32, first));
    this.s1 = Number(BigInt.asIntN(32, first >> 32n));
    this.s2 = Number(BigInt.asIntN(32, second));
    this.s3 = Number(BigInt.asIntN(32, second >> 32n));
  }

  /**
   * A stream that starts from a raw xoshiro128** state (four 32-bit words, not all zero): for
   * checking the generator against its reference output.
   */
  static fromState(s0: number, s1: number, s2: number, s3: number): RandomStream {
    if ((s0 | s1 | s2 | s3 | 0) === 0) {
      throw invalid('random_state_zero', 'xoshiro128** state must not be all zero').withIssues([
        fieldIssue('state', 'random_state_zero', 'must not be all zero'),
      ]);
    }
    const random = new RandomStream(0);
    random.s0 = s0 | 0;
    random.s1 = s1 | 0;
    random.s2 = s2 | 0;
    random.s3 = s3 | 0;
    return random;
  }

  /** The next 32-bit output of xoshiro128**, as an integer in [0, 2^32). */
  nextUint32(): number {
    const s1 = this.s1;
    const result = Math.imul(rotl(Math.imul(s1, 5), 7), 9);
    const t = s1 << 9;
    const s2 = this.s2 ^ this.s0;
    const s3 = this.s3 ^ s1;
    this.s1 = s1 ^ s2;
    this.s0 ^= s3;
    this.s2 = s2 ^ t;
    this.s3 = rotl(s3, 11);
    return result >>> 0;
  }

  /** Uniform on [0, 1) with 53-bit resolution (every multiple of 2^-53); never 1. */
  next(): number {
    const high = this.nextUint32() >>> 5;
    const low = this.nextUint32() >>> 6;
    return (high * TWO_POW_26 + low) * TWO_POW_MINUS_53;
  }

  /** Uniform on (0, 1): never 0 nor 1, so safe for Math.log. The odd multiples of 2^-53. */
  nextOpen(): number {
    const high = this.nextUint32() >>> 6;
    const low = this.nextUint32() >>> 6;
    // (2k + 1)·2^-53 for a 52-bit k: exact in a double, from 2^-53 to 1 − 2^-53.
    return (high * TWO_POW_26 + low + 0.5) * TWO_POW_MINUS_52;
  }

  /** A standard normal deviate (mean 0, sd 1) by Marsaglia's polar method; no allocation. */
  nextNormal(): number {
    if (this.hasSpareNormal) {
      this.hasSpareNormal = false;
      return this.spareNormal;
    }
    let u: number;
    let v: number;
    let s: number;
    do {
      u = 2 * this.next() - 1;
      v = 2 * this.next() - 1;
      s = u * u + v * v;
    } while (s >= 1 || s === 0);
    const factor = Math.sqrt((-2 * Math.log(s)) / s);
    this.spareNormal = v * factor;
    this.hasSpareNormal = true;
    return u * factor;
  }
}

/**
 * The stream of one named source ("L1/CF/cycle", "L1/CF/failure" …) under a seed. Each call gives
 * a fresh stream at its start: the same (seed, name) always yields the same sequence, and no
 * state is shared between calls (so a second replication with the same seed replays the first).
 */
export function streamOf(seed: number | string, name: string): RandomStream {
  return new RandomStream(seed, name);
}
