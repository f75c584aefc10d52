// Property-based fuzzing of what comes off the broker: the Sparkplug B decoder
// and the host session behind it. Whatever the bytes (random, a valid payload
// cut short or with bits flipped, a flood of metrics, values of the wrong
// type, 64-bit values at their edges) the decoder answers { ok, value } or
// { ok: false, reason } and never throws, and a message it reads never makes
// the host session throw: ingest dead-letters what it cannot use and carries on.
import fc from 'fast-check';
import Long from 'long';
import sparkplugPayload from 'sparkplug-payload';
import protoRoot from 'sparkplug-payload/lib/sparkplugPayloadProto.js';
import { describe, expect, it } from 'vitest';
import { HostSession } from './host-session.js';
import {
  DATA_TYPES,
  DEVICE_MESSAGE_TYPES,
  type Decoded,
  decodePayload,
  encodePayload,
  NODE_MESSAGE_TYPES,
  readMessage,
  type ScalarDataType,
  type SparkplugMetric,
  type SparkplugPayload,
  SparkplugPayloadSchema,
} from './sparkplug.js';

const tahu = sparkplugPayload.get('spBv1.0')!;
const RawPayload = protoRoot.org.eclipse.tahu.protobuf.Payload;
const RUNS = Number(process.env.LOTLINE_FUZZ_RUNS ?? 300);
const SEED = Number(process.env.LOTLINE_FUZZ_SEED ?? 20_250_610);
const settings = { seed: SEED, numRuns: RUNS };

/** A result of the decoder: a well-formed value or a reason, never anything else. */
function expectDecoded<T>(result: Decoded<T>): void {
  if (result.ok) expect(result.value).toBeDefined();
  else {
    expect(typeof result.reason).toBe('string');
    expect(result.reason.length).toBeGreaterThan(0);
  }
}

// -------------------------------------------------------------- arbitraries

const SCALAR_TYPES = DATA_TYPES.filter(
  (t) => !['DataSet', 'Template', 'PropertySet', 'PropertySetList'].includes(t),
) as ScalarDataType[];

const INTEGER_BOUNDS: Partial<Record<ScalarDataType, [number, number]>> = {
  Int8: [-128, 127],
  Int16: [-32_768, 32_767],
  Int32: [-2_147_483_648, 2_147_483_647],
  Int64: [Number.MIN_SAFE_INTEGER, Number.MAX_SAFE_INTEGER],
  UInt8: [0, 255],
  UInt16: [0, 65_535],
  UInt32: [0, 4_294_967_295],
  UInt64: [0, Number.MAX_SAFE_INTEGER],
  DateTime: [0, Number.MAX_SAFE_INTEGER],
};

function metricValue(datatype: ScalarDataType): fc.Arbitrary<SparkplugMetric['value']> {
  const bounds = INTEGER_BOUNDS[datatype];
  if (bounds) return fc.integer({ min: bounds[0], max: bounds[1] }).map((n) => n);
  switch (datatype) {
    case 'Float':
      return fc.float({ noNaN: true, noDefaultInfinity: true }).map((n) => Math.fround(n));
    case 'Double':
      return fc.double({ noNaN: true, noDefaultInfinity: true });
    case 'Boolean':
      return fc.boolean();
    case 'Bytes':
    case 'File':
      return fc.uint8Array({ maxLength: 32 });
    default:
      return fc.string({ maxLength: 40 });
  }
}

const metricArbitrary: fc.Arbitrary<SparkplugMetric> = fc
  .constantFrom(...SCALAR_TYPES)
  .chain((datatype) =>
    fc.record(
      {
        name: fc.string({ minLength: 1, maxLength: 30 }),
        alias: fc.nat({ max: 10_000 }),
        datatype: fc.constant(datatype),
        value: fc.option(metricValue(datatype), { nil: null }),
        timestamp: fc.nat({ max: 4_102_444_800_000 }),
      },
      { requiredKeys: ['name', 'datatype', 'value'] },
    ),
  );

/** Payloads a well-behaved edge node sends. */
const payloadArbitrary: fc.Arbitrary<SparkplugPayload> = fc.record(
  {
    timestamp: fc.nat({ max: 4_102_444_800_000 }),
    seq: fc.nat({ max: 255 }),
    metrics: fc.array(metricArbitrary, { maxLength: 8 }),
  },
  { requiredKeys: ['metrics'] },
);

/** A valid payload's bytes with damage: cut short, bits flipped, bytes spliced in or dropped. */
const damagedBytes: fc.Arbitrary<Uint8Array> = fc
  .tuple(
    payloadArbitrary.map((p) => encodePayload(p)),
    fc.array(
      fc.oneof(
        fc.record({ kind: fc.constant('cut' as const), at: fc.nat() }),
        fc.record({ kind: fc.constant('flip' as const), at: fc.nat(), bit: fc.nat({ max: 7 }) }),
        fc.record({
          kind: fc.constant('insert' as const),
          at: fc.nat(),
          bytes: fc.uint8Array({ minLength: 1, maxLength: 8 }),
        }),
        fc.record({
          kind: fc.constant('drop' as const),
          at: fc.nat(),
          length: fc.integer({ min: 1, max: 8 }),
        }),
      ),
      { minLength: 1, maxLength: 6 },
    ),
  )
  .map(([bytes, edits]) => {
    let out = Uint8Array.from(bytes);
    for (const edit of edits) {
      const at = out.length === 0 ? 0 : edit.at % out.length;
      if (edit.kind === 'cut') out = out.slice(0, at);
      else if (edit.kind === 'flip' && out.length > 0) out[at] = (out[at] ?? 0) ^ (1 << edit.bit);
      else if (edit.kind === 'insert')
        out = Uint8Array.from([...out.slice(0, at), ...edit.bytes, ...out.slice(at)]);
      else if (edit.kind === 'drop')
        out = Uint8Array.from([...out.slice(0, at), ...out.slice(at + edit.length)]);
    }
    return out;
  });

const LONG_EDGES = [
  Long.MAX_VALUE,
  Long.MIN_VALUE,
  Long.MAX_UNSIGNED_VALUE,
  Long.UZERO,
  Long.NEG_ONE,
  Long.fromNumber(Number.MAX_SAFE_INTEGER),
  Long.fromNumber(Number.MIN_SAFE_INTEGER),
  Long.fromString('9007199254740992'),
  Long.fromString('9007199254740993', true),
  Long.fromString('-9007199254740993'),
  Long.fromBits(0, 0x80000000, true),
  Long.fromBits(0xffffffff, 0x001fffff, true),
];
const longEdge = fc.constantFrom(...LONG_EDGES);

/** Protobuf metrics as any sender could write them: any datatype code with any value field. */
const rawMetric = fc.record(
  {
    name: fc.string({ maxLength: 20 }),
    alias: longEdge,
    timestamp: longEdge,
    datatype: fc.oneof(fc.integer({ min: 0, max: 22 }), fc.constantFrom(99, 0xffffffff)),
    isNull: fc.boolean(),
    isHistorical: fc.boolean(),
    value: fc.oneof(
      fc.record({ intValue: fc.nat() }),
      fc.record({ longValue: longEdge }),
      fc.record({ floatValue: fc.float() }),
      fc.record({ doubleValue: fc.double() }),
      fc.record({ booleanValue: fc.boolean() }),
      fc.record({ stringValue: fc.string({ maxLength: 20 }) }),
      fc.record({ bytesValue: fc.uint8Array({ maxLength: 16 }) }),
      fc.constant({}),
    ),
  },
  { requiredKeys: ['value'] },
);

const rawPayloadBytes: fc.Arbitrary<Uint8Array> = fc
  .record(
    {
      timestamp: longEdge,
      seq: longEdge,
      uuid: fc.string({ maxLength: 20 }),
      body: fc.uint8Array({ maxLength: 16 }),
      metrics: fc.array(rawMetric, { maxLength: 6 }),
    },
    { requiredKeys: ['metrics'] },
  )
  .map(({ metrics, ...rest }) =>
    RawPayload.encode(
      RawPayload.create({
        ...rest,
        metrics: metrics.map(({ value, ...m }) => ({ ...m, ...value })),
      }),
    ).finish(),
  );

const topicArbitrary: fc.Arbitrary<string> = fc.oneof(
  fc.string({ maxLength: 60 }),
  fc
    .tuple(
      fc.constantFrom('spBv1.0', 'spAv1.0', ''),
      fc.string({ maxLength: 10 }),
      fc.constantFrom(...NODE_MESSAGE_TYPES, ...DEVICE_MESSAGE_TYPES, 'STATE', 'NFOO'),
      fc.string({ maxLength: 10 }),
      fc.option(fc.string({ maxLength: 10 }), { nil: undefined }),
    )
    .map(([ns, group, type, node, device]) =>
      [ns, group, type, node, ...(device === undefined ? [] : [device])].join('/'),
    ),
  fc.constantFrom('spBv1.0/G/NBIRTH/N', 'spBv1.0/G/DDATA/N/D', 'spBv1.0/STATE/host'),
);

const anyBytes: fc.Arbitrary<Uint8Array> = fc.oneof(
  fc.uint8Array({ maxLength: 256 }),
  damagedBytes,
  rawPayloadBytes,
  payloadArbitrary.map((p) => encodePayload(p)),
  fc.jsonValue().map((v) => new TextEncoder().encode(JSON.stringify(v))),
);

// -------------------------------------------------------------- properties

describe('the Sparkplug B decoder, fuzzed', () => {
  it('reads back every payload a well-behaved edge node sends', () => {
    fc.assert(
      fc.property(payloadArbitrary, (payload) => {
        const result = decodePayload(encodePayload(payload));
        expect(result.ok, result.ok ? '' : result.reason).toBe(true);
        if (result.ok) expect(result.value.metrics).toHaveLength(payload.metrics.length);
      }),
      settings,
    );
  });

  it('never throws on random bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 512 }), (bytes) => {
        expectDecoded(decodePayload(bytes));
      }),
      settings,
    );
  });

  it('never throws on truncated, bit-flipped or spliced valid payloads, and what it accepts is valid', () => {
    fc.assert(
      fc.property(damagedBytes, (bytes) => {
        const result = decodePayload(bytes);
        expectDecoded(result);
        if (result.ok) expect(SparkplugPayloadSchema.safeParse(result.value).success).toBe(true);
      }),
      settings,
    );
  });

  it('never throws on any datatype code with any value field, and Long edge values', () => {
    fc.assert(
      fc.property(rawPayloadBytes, (bytes) => {
        const result = decodePayload(bytes);
        expectDecoded(result);
        if (!result.ok) return;
        // Whatever is accepted holds only safe integers: no 64-bit value was rounded.
        const { timestamp, seq, metrics } = result.value;
        for (const n of [timestamp, seq, ...metrics.flatMap((m) => [m.alias, m.timestamp])]) {
          if (n !== undefined) expect(Number.isSafeInteger(n)).toBe(true);
        }
        for (const m of metrics) {
          if (typeof m.value === 'number' && m.datatype && m.datatype in INTEGER_BOUNDS) {
            expect(Number.isSafeInteger(m.value)).toBe(true);
          }
        }
      }),
      settings,
    );
  });

  it('refuses each 64-bit edge value beyond 2^53 by name instead of rounding it', () => {
    for (const edge of LONG_EDGES) {
      const n = edge.unsigned
        ? BigInt(edge.toString())
        : BigInt.asIntN(64, BigInt(edge.toString()));
      const safe = n >= BigInt(Number.MIN_SAFE_INTEGER) && n <= BigInt(Number.MAX_SAFE_INTEGER);
      const bytes = tahu.encodePayload({
        metrics: [{ name: 'edge', type: edge.unsigned ? 'UInt64' : 'Int64', value: edge }],
      });
      const result = decodePayload(bytes);
      const fits = safe && (!edge.unsigned || n >= 0n);
      expect(result.ok, `${edge.toString()}: ${result.ok ? 'accepted' : result.reason}`).toBe(fits);
      if (!result.ok) expect(result.reason).toContain('safe integer');
    }
  });

  // The Tahu codec takes some tens of microseconds a metric, so the count is
  // held at 20,000 (300 kB) to keep the suite quick; the property is the same.
  it('reads a payload of 20,000 metrics without throwing', { timeout: 60_000 }, () => {
    const metrics = Array.from({ length: 20_000 }, (_, i) => ({
      name: `m${i}`,
      type: 'Int32' as const,
      value: i,
    }));
    const result = decodePayload(tahu.encodePayload({ seq: Long.fromNumber(1, true), metrics }));
    expect(result.ok).toBe(true);
    if (result.ok) expect(result.value.metrics).toHaveLength(20_000);
    // Untyped data values take the decoder's second pass over the wire fields.
    const untyped = RawPayload.encode(
      RawPayload.create({
        metrics: Array.from({ length: 20_000 }, (_, i) =>
          i === 19_999 ? { alias: i, datatype: 7 } : { alias: i, intValue: i },
        ),
      }),
    ).finish();
    expectDecoded(decodePayload(untyped));
  });

  it('reads any topic with any bytes without throwing', () => {
    fc.assert(
      fc.property(topicArbitrary, anyBytes, (topic, bytes) => {
        expectDecoded(readMessage(topic, bytes));
      }),
      settings,
    );
  });
});

describe('the host session behind the decoder, fuzzed', () => {
  // Messages of one small plant, so that births, data and deaths meet.
  const edgeTopic = fc
    .tuple(
      fc.constantFrom('NBIRTH', 'NDATA', 'NDEATH', 'DBIRTH', 'DDATA', 'DDEATH', 'NCMD'),
      fc.constantFrom('L1', 'L2'),
      fc.constantFrom('CF', 'PK'),
    )
    .map(([type, node, device]) =>
      type.startsWith('D') ? `spBv1.0/G/${type}/${node}/${device}` : `spBv1.0/G/${type}/${node}`,
    );
  const sessionPayload = fc.record(
    {
      timestamp: fc.nat({ max: 4_102_444_800_000 }),
      seq: fc.nat({ max: 255 }),
      metrics: fc.array(
        fc.oneof(
          metricArbitrary,
          fc.record({
            name: fc.constant('bdSeq'),
            datatype: fc.constant('UInt64' as const),
            value: fc.nat({ max: 255 }),
          }),
          fc.record({
            alias: fc.nat({ max: 8 }),
            value: fc.oneof(
              fc.integer(),
              fc.boolean(),
              fc.string({ maxLength: 5 }),
              fc.constant(null),
            ),
          }),
        ),
        { maxLength: 6 },
      ),
    },
    { requiredKeys: ['metrics'] },
  );
  const message = fc.oneof(
    {
      arbitrary: fc.tuple(
        edgeTopic,
        sessionPayload.map((p) => encodePayload(withDatatypes(p))),
      ),
      weight: 4,
    },
    { arbitrary: fc.tuple(edgeTopic, anyBytes), weight: 1 },
    { arbitrary: fc.tuple(topicArbitrary, anyBytes), weight: 1 },
  );

  for (const sharedStream of [false, true]) {
    it(`dead-letters rather than crashes${sharedStream ? ' (shared stream)' : ''}`, () => {
      fc.assert(
        fc.property(
          fc.array(fc.tuple(message, fc.nat({ max: 5_000 })), { maxLength: 40 }),
          (messages) => {
            const host = new HostSession({ sharedStream });
            let now = 1_750_000_000_000;
            let deadLetters = 0;
            for (const [[topic, bytes], elapsed] of messages) {
              now += elapsed;
              // As ingest does: unreadable or untrusted messages become dead letters.
              const read = readMessage(topic, bytes);
              if (!read.ok) {
                deadLetters += 1;
                continue;
              }
              const step = host.receive(read.value, now, `${topic}#${now}`);
              expect(['applied', 'ignored', 'refused']).toContain(step.outcome);
              if (step.outcome === 'refused') {
                deadLetters += 1;
                expect(step.updates).toEqual([]);
              }
              host.overdueRebirths(now);
            }
            expect(deadLetters).toBeLessThanOrEqual(messages.length);
          },
        ),
        { ...settings, numRuns: Math.max(50, Math.floor(RUNS / 3)) },
      );
    });
  }
});

// encodePayload wants a datatype for every metric; alias-only data metrics
// are sent as their raw wire form by the untyped path instead, so give them one here.
function withDatatypes(payload: {
  timestamp?: number;
  seq?: number;
  metrics: Array<Partial<SparkplugMetric> & { value: SparkplugMetric['value'] }>;
}): SparkplugPayload {
  return {
    ...payload,
    metrics: payload.metrics.map((m) => {
      if (m.datatype) return m as SparkplugMetric;
      const v = m.value;
      const datatype: ScalarDataType =
        typeof v === 'boolean'
          ? 'Boolean'
          : typeof v === 'string'
            ? 'String'
            : typeof v === 'number'
              ? 'Int64'
              : 'Int32';
      return { ...m, datatype } as SparkplugMetric;
    }),
  };
}
