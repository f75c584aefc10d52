// The Sparkplug B wire format: topics both ways, payloads round trip with
// every 64-bit field back as a plain number, values past 2^53 refused, and
// no bytes — however mangled — make decoding throw.
import Long from 'long';
import sparkplugPayload from 'sparkplug-payload';
import protoRoot from 'sparkplug-payload/lib/sparkplugPayloadProto.js';
import { describe, expect, it } from 'vitest';
import { randomSource } from './simulator/random.js';
import {
  decodePayload,
  encodePayload,
  formatTopic,
  groupSubscription,
  parseTopic,
  readMessage,
  type SparkplugPayload,
  toSafeInteger,
} from './sparkplug.js';

const tahu = sparkplugPayload.get('spBv1.0')!;
const RawPayload = protoRoot.org.eclipse.tahu.protobuf.Payload;

function decoded(bytes: Uint8Array): SparkplugPayload {
  const result = decodePayload(bytes);
  if (!result.ok) throw new Error(result.reason);
  return result.value;
}

function refusal(bytes: Uint8Array): string {
  const result = decodePayload(bytes);
  if (result.ok) throw new Error('expected the payload to be refused');
  return result.reason;
}

describe('topics', () => {
  it('reads edge node, device and host topics', () => {
    expect(parseTopic('spBv1.0/PLT-01/NBIRTH/L1')).toEqual({
      ok: true,
      value: { type: 'NBIRTH', group: 'PLT-01', node: 'L1' },
    });
    expect(parseTopic('spBv1.0/PLT-01/DDATA/L1/CF')).toEqual({
      ok: true,
      value: { type: 'DDATA', group: 'PLT-01', node: 'L1', device: 'CF' },
    });
    expect(parseTopic('spBv1.0/STATE/lotline-1')).toEqual({
      ok: true,
      value: { type: 'STATE', host: 'lotline-1' },
    });
    for (const type of ['NDATA', 'NDEATH', 'NCMD'] as const) {
      expect(parseTopic(`spBv1.0/G/${type}/N`)).toMatchObject({ ok: true, value: { type } });
    }
    for (const type of ['DBIRTH', 'DDEATH', 'DCMD'] as const) {
      expect(parseTopic(`spBv1.0/G/${type}/N/D`)).toMatchObject({ ok: true, value: { type } });
    }
  });

  it.each([
    ['spAv1.0/G/NDATA/N', 'namespace'],
    ['spBv1.0/G/NDATA', 'shape'],
    ['spBv1.0/G/DDATA/N/D/extra', 'shape'],
    ['spBv1.0/G/NDATA/N/D', 'takes no device id'],
    ['spBv1.0/G/DDATA/N', 'needs a device id'],
    ['spBv1.0/G/NFOO/N', 'unknown message type "NFOO"'],
    ['spBv1.0//NDATA/N', 'group id is empty'],
    ['spBv1.0/G/NDATA/', 'edge node id is empty'],
    ['spBv1.0/G/DDATA/N/', 'device id is empty'],
    ['spBv1.0/G+/NDATA/N', "contains '/', '+' or '#'"],
    ['spBv1.0/STATE/', 'host id is empty'],
  ])('refuses %s', (topic, reason) => {
    const result = parseTopic(topic);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.reason).toContain(reason);
  });

  it('reads a topic once: the same frozen answer, or the same refusal, every time after', () => {
    const first = parseTopic('spBv1.0/PLT-01/DDATA/L2/PK');
    const again = parseTopic('spBv1.0/PLT-01/DDATA/L2/PK');
    expect(again).toBe(first);
    expect(Object.isFrozen(first)).toBe(true);
    if (first.ok) expect(Object.isFrozen(first.value)).toBe(true);
    const refused = parseTopic('spBv1.0/G/NFOO/N');
    expect(parseTopic('spBv1.0/G/NFOO/N')).toEqual(refused);
    expect(refused.ok).toBe(false);
  });

  it('keeps reading right past the most topics it keeps', () => {
    for (let i = 0; i < 10_050; i++) {
      expect(parseTopic(`spBv1.0/G/DDATA/N${i}/D`)).toMatchObject({
        ok: true,
        value: { node: `N${i}`, device: 'D' },
      });
    }
    expect(parseTopic('spBv1.0/G/DDATA/N3/D')).toMatchObject({ ok: true, value: { node: 'N3' } });
  });

  it('formats what it reads', () => {
    for (const topic of [
      'spBv1.0/G/NBIRTH/L1',
      'spBv1.0/G/DDATA/L1/CF',
      'spBv1.0/G/NCMD/L1',
      'spBv1.0/STATE/host',
    ]) {
      const parsed = parseTopic(topic);
      if (!parsed.ok) throw new Error(parsed.reason);
      expect(formatTopic(parsed.value)).toBe(topic);
    }
    expect(groupSubscription('PLT-01')).toBe('spBv1.0/PLT-01/#');
  });

  it('will not form a topic from an id with a wildcard', () => {
    expect(() => formatTopic({ type: 'NDATA', group: 'G', node: 'L#1' })).toThrow(/L#1/);
    expect(() => groupSubscription('a/b')).toThrow();
  });
});

describe('payloads', () => {
  const ts = 1_805_083_200_123;

  it('round-trips every scalar datatype, with 64-bit fields as numbers', () => {
    const payload: SparkplugPayload = {
      timestamp: ts,
      seq: 255,
      metrics: [
        { name: 'i8', alias: 1, datatype: 'Int8', value: -128, timestamp: ts },
        { name: 'i16', alias: 2, datatype: 'Int16', value: -32_768, timestamp: ts },
        { name: 'i32', alias: 3, datatype: 'Int32', value: -2_147_483_648, timestamp: ts },
        { name: 'i64', alias: 4, datatype: 'Int64', value: -(2 ** 53 - 1), timestamp: ts },
        { name: 'u8', alias: 5, datatype: 'UInt8', value: 255, timestamp: ts },
        { name: 'u16', alias: 6, datatype: 'UInt16', value: 65_535, timestamp: ts },
        { name: 'u32', alias: 7, datatype: 'UInt32', value: 4_294_967_295, timestamp: ts },
        { name: 'u64', alias: 8, datatype: 'UInt64', value: 2 ** 53 - 1, timestamp: ts },
        { name: 'f', alias: 9, datatype: 'Float', value: Math.fround(123.45), timestamp: ts },
        { name: 'd', alias: 10, datatype: 'Double', value: 55.751234567, timestamp: ts },
        { name: 'b', alias: 11, datatype: 'Boolean', value: true, timestamp: ts },
        { name: 's', alias: 12, datatype: 'String', value: 'running', timestamp: ts },
        { name: 'dt', alias: 13, datatype: 'DateTime', value: ts, timestamp: ts },
        { name: 't', alias: 14, datatype: 'Text', value: 'línea 1', timestamp: ts },
        {
          name: 'uuid',
          alias: 15,
          datatype: 'UUID',
          value: '0b5f6c1e-6d1c-4c3a-9d2e-2f1f0b9d4a11',
          timestamp: ts,
        },
        { name: 'bytes', alias: 17, datatype: 'Bytes', value: new Uint8Array([0, 1, 255]) },
        { name: 'nothing', alias: 18, datatype: 'String', value: null },
        { alias: 19, datatype: 'UInt64', value: 7, isHistorical: true, isTransient: true },
      ],
    };
    const back = decoded(encodePayload(payload));
    expect(back.timestamp).toBe(ts);
    expect(back.seq).toBe(255);
    for (const [i, metric] of back.metrics.entries()) {
      const sent = payload.metrics[i]!;
      if (sent.value instanceof Uint8Array) {
        expect([...(metric.value as Uint8Array)]).toEqual([...sent.value]);
        expect({ ...metric, value: null }).toEqual({ ...sent, value: null });
      } else expect(metric).toEqual(sent);
      for (const field of ['alias', 'timestamp'] as const) {
        if (metric[field] !== undefined) expect(typeof metric[field]).toBe('number');
      }
    }
  });

  it('turns the Longs of the Tahu codec into numbers', () => {
    // What sparkplug-payload itself returns: Longs everywhere a uint64 lives.
    const bytes = tahu.encodePayload({
      timestamp: Long.fromNumber(ts, true),
      seq: Long.fromNumber(17, true),
      metrics: [
        {
          name: 'Counts/Good',
          alias: Long.fromNumber(300, true),
          type: 'UInt64',
          value: Long.fromString('123456789012', true),
          timestamp: Long.fromNumber(ts, true),
        },
        { name: 'delta', type: 'Int64', value: Long.fromNumber(-5) },
      ],
    });
    const raw = tahu.decodePayload(bytes);
    expect(Long.isLong(raw.timestamp)).toBe(true);
    expect(Long.isLong(raw.metrics?.[0]?.value)).toBe(true);
    expect(decoded(bytes)).toEqual({
      timestamp: ts,
      seq: 17,
      metrics: [
        {
          name: 'Counts/Good',
          alias: 300,
          datatype: 'UInt64',
          value: 123_456_789_012,
          timestamp: ts,
        },
        { name: 'delta', datatype: 'Int64', value: -5 },
      ],
    });
  });

  it('refuses 64-bit values beyond the safe integer range instead of rounding them', () => {
    const unsafe = Long.fromString('9007199254740993', true); // 2^53 + 1
    const value = tahu.encodePayload({ metrics: [{ name: 'big', type: 'UInt64', value: unsafe }] });
    expect(refusal(value)).toBe(
      'metric "big" value: 9007199254740993 is beyond the safe integer range of JavaScript',
    );
    const negative = tahu.encodePayload({
      metrics: [{ name: 'low', type: 'Int64', value: Long.fromString('-9007199254740993') }],
    });
    expect(refusal(negative)).toContain('-9007199254740993 is beyond the safe integer range');
    const max = tahu.encodePayload({
      metrics: [{ name: 'max', type: 'UInt64', value: Long.MAX_UNSIGNED_VALUE }],
    });
    expect(refusal(max)).toContain('18446744073709551615');
    const timestamp = tahu.encodePayload({ timestamp: Long.MAX_UNSIGNED_VALUE, metrics: [] });
    expect(refusal(timestamp)).toContain('timestamp');
    const alias = tahu.encodePayload({
      metrics: [{ alias: Long.fromString('9007199254740992', true), type: 'Boolean', value: true }],
    });
    expect(refusal(alias)).toContain('alias');
  });

  it('accepts the largest safe values exactly', () => {
    expect(toSafeInteger(Long.fromNumber(Number.MAX_SAFE_INTEGER, true), 'x')).toEqual({
      ok: true,
      value: Number.MAX_SAFE_INTEGER,
    });
    expect(toSafeInteger(Long.fromNumber(Number.MIN_SAFE_INTEGER), 'x')).toEqual({
      ok: true,
      value: Number.MIN_SAFE_INTEGER,
    });
    expect(toSafeInteger(2 ** 53, 'x').ok).toBe(false);
  });

  it('reads values sent without a datatype, as data messages should be sent', () => {
    const bytes = RawPayload.encode(
      RawPayload.create({
        seq: 3,
        metrics: [
          { alias: 5, longValue: Long.fromNumber(-7) },
          { alias: 6, intValue: -2 >>> 0 },
          { alias: 7, doubleValue: 55.75 },
          { alias: 8, stringValue: 'down' },
          { alias: 9, booleanValue: false },
          { alias: 10, isNull: true },
        ],
      }),
    ).finish();
    expect(decoded(bytes).metrics).toEqual([
      { alias: 5, value: -7 },
      { alias: 6, value: 4_294_967_294 },
      { alias: 7, value: 55.75 },
      { alias: 8, value: 'down' },
      { alias: 9, value: false },
      { alias: 10, value: null },
    ]);
  });

  it('refuses metrics it cannot use', () => {
    const nameless = tahu.encodePayload({ metrics: [{ type: 'Boolean', value: true }] });
    expect(refusal(nameless)).toContain('a metric needs a name or an alias');
    const outOfRange = tahu.encodePayload({ metrics: [{ name: 'x', type: 'Int8', value: 300 }] });
    expect(refusal(outOfRange)).toContain('300 is outside the range of Int8');
    const dataset = tahu.encodePayload({
      metrics: [
        {
          name: 'table',
          type: 'DataSet',
          value: { numOfColumns: 1, columns: ['a'], types: ['String'], rows: [['x']] },
        },
      ],
    });
    expect(refusal(dataset)).toBe('metric "table": datatype DataSet is not supported by Lotline');
    const seq = tahu.encodePayload({ seq: 256, metrics: [] });
    expect(refusal(seq)).toContain('seq');
    const unknownType = RawPayload.encode(
      RawPayload.create({ metrics: [{ name: 'x', datatype: 99, intValue: 1 }] }),
    ).finish();
    expect(refusal(unknownType)).toBe('metric "x": unknown datatype 99');
  });

  it('never throws on malformed bytes', () => {
    expect(refusal(new TextEncoder().encode('hello world'))).toMatch(/^not a Sparkplug B payload/);
    const good = encodePayload({
      timestamp: ts,
      seq: 1,
      metrics: [{ name: 'Counts/Good', alias: 1, datatype: 'UInt64', value: 42, timestamp: ts }],
    });
    for (let cut = 1; cut < good.length; cut++) {
      expect(() => decodePayload(good.subarray(0, cut))).not.toThrow();
    }
    const random = randomSource('fuzz')('bytes');
    let refused = 0;
    for (let n = 0; n < 2_000; n++) {
      const bytes = new Uint8Array(1 + Math.floor(random.next() * 64));
      for (let i = 0; i < bytes.length; i++) bytes[i] = Math.floor(random.next() * 256);
      const result = decodePayload(bytes);
      if (!result.ok) {
        refused += 1;
        expect(result.reason.length).toBeGreaterThan(0);
      }
    }
    expect(refused).toBeGreaterThan(1_000);
  });

  it('will not encode a value that does not fit its datatype', () => {
    const encode = (value: number) =>
      encodePayload({ metrics: [{ name: 'n', datatype: 'UInt64', value }] });
    expect(() => encode(-1)).toThrow(/outside the range of UInt64/);
    expect(() => encode(2 ** 53)).toThrow(/outside the range/);
    expect(() => encodePayload({ metrics: [{ name: 'n', value: 1 }] })).toThrow(/datatype/);
  });
});

describe('messages', () => {
  it('reads a message off the broker: topic and payload', () => {
    const bytes = encodePayload({
      seq: 4,
      metrics: [{ alias: 1, datatype: 'UInt64', value: 9 }],
    });
    expect(readMessage('spBv1.0/G/DDATA/L1/CF', bytes)).toEqual({
      ok: true,
      value: {
        topic: { type: 'DDATA', group: 'G', node: 'L1', device: 'CF' },
        payload: { seq: 4, metrics: [{ alias: 1, datatype: 'UInt64', value: 9 }] },
      },
    });
    expect(readMessage('spBv1.0/G/BOGUS/L1', bytes)).toMatchObject({ ok: false });
    expect(readMessage('spBv1.0/G/NDATA/L1', new Uint8Array([0xff]))).toMatchObject({
      ok: false,
    });
  });

  it('reads a host STATE certificate as JSON', () => {
    const state = new TextEncoder().encode(JSON.stringify({ online: true, timestamp: 1 }));
    expect(readMessage('spBv1.0/STATE/lotline', state)).toEqual({
      ok: true,
      value: { topic: { type: 'STATE', host: 'lotline' }, state: { online: true, timestamp: 1 } },
    });
    expect(readMessage('spBv1.0/STATE/lotline', new Uint8Array([1, 2]))).toMatchObject({
      ok: false,
    });
  });
});
