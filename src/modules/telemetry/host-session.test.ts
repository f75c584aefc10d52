// The host's view of its edge nodes (Sparkplug 3.0 host behaviour): births
// define aliases, data resolve through them, seq wraps at 255, and anything
// the host cannot trust — a gap, data before a birth, an unknown alias — is
// refused with a rebirth request; a death of an older session changes nothing.
import Long from 'long';
import protoRoot from 'sparkplug-payload/lib/sparkplugPayloadProto.js';
import { beforeEach, describe, expect, it } from 'vitest';
import { HostSession, type HostStep } from './host-session.js';
import {
  decodePayload,
  type EdgeTopic,
  encodePayload,
  REBIRTH_METRIC,
  type SparkplugMetric,
  type SparkplugPayload,
} from './sparkplug.js';

const G = 'PLT-01';
const N = 'L1';
const T0 = 1_805_083_200_000;

const nodeTopic = (type: 'NBIRTH' | 'NDATA' | 'NDEATH' | 'NCMD'): EdgeTopic => ({
  type,
  group: G,
  node: N,
});
const deviceTopic = (type: 'DBIRTH' | 'DDATA' | 'DDEATH' | 'DCMD', device: string): EdgeTopic => ({
  type,
  group: G,
  node: N,
  device,
});

const nbirth = (bdSeq: number, seq = 0): SparkplugPayload => ({
  timestamp: T0,
  seq,
  metrics: [
    { name: 'bdSeq', alias: 1, datatype: 'Int64', value: bdSeq, timestamp: T0 },
    { name: REBIRTH_METRIC, alias: 2, datatype: 'Boolean', value: false, timestamp: T0 },
    { name: 'Line/WorkOrder', alias: 3, datatype: 'String', value: 'WO-1', timestamp: T0 },
  ],
});

const dbirth = (seq: number, good = 100): SparkplugPayload => ({
  timestamp: T0,
  seq,
  metrics: [
    { name: 'Counts/Good', alias: 10, datatype: 'UInt64', value: good, timestamp: T0 },
    { name: 'State', alias: 11, datatype: 'String', value: 'running', timestamp: T0 },
    { name: 'Gauge/Offset', alias: 12, datatype: 'Int8', value: 0, timestamp: T0 },
  ],
});

const data = (seq: number, metrics: SparkplugMetric[], timestamp = T0 + 1_000) => ({
  timestamp,
  seq,
  metrics,
});

const ndeath = (bdSeq: number): SparkplugPayload => ({
  timestamp: T0 - 60_000,
  metrics: [{ name: 'bdSeq', datatype: 'Int64', value: bdSeq }],
});

describe('host session', () => {
  let host: HostSession;
  let at: number;
  const receive = (topic: EdgeTopic, payload: SparkplugPayload): HostStep => {
    at += 10;
    return host.receive({ topic, payload }, at);
  };
  const born = () => {
    receive(nodeTopic('NBIRTH'), nbirth(3));
    receive(deviceTopic('DBIRTH', 'CF'), dbirth(1));
  };

  beforeEach(() => {
    host = new HostSession({ rebirthRetryMs: 5_000 });
    at = T0;
  });

  it('takes an NBIRTH as the start of a session, with its current values', () => {
    const step = receive(nodeTopic('NBIRTH'), nbirth(3));
    expect(step.outcome).toBe('applied');
    expect(step.changes).toEqual([
      { kind: 'node_online', group: G, node: N, device: null, timestamp: T0 },
    ]);
    expect(step.updates.map((u) => [u.name, u.value, u.birth])).toEqual([
      ['bdSeq', 3, true],
      [REBIRTH_METRIC, false, true],
      ['Line/WorkOrder', 'WO-1', true],
    ]);
    expect(host.status(G, N)).toEqual({
      group: G,
      node: N,
      online: true,
      synced: true,
      bdSeq: 3,
      lastSeq: 0,
      devices: [],
    });
  });

  it('resolves aliases of NDATA and DDATA to the names and datatypes of the births', () => {
    born();
    const device = receive(
      deviceTopic('DDATA', 'CF'),
      data(2, [
        { alias: 10, value: 101, timestamp: T0 + 500 },
        { alias: 11, datatype: 'String', value: 'down' },
      ]),
    );
    expect(device.outcome).toBe('applied');
    expect(device.updates).toEqual([
      {
        group: G,
        node: N,
        device: 'CF',
        name: 'Counts/Good',
        datatype: 'UInt64',
        value: 101,
        timestamp: T0 + 500,
        birth: false,
      },
      {
        group: G,
        node: N,
        device: 'CF',
        name: 'State',
        datatype: 'String',
        value: 'down',
        timestamp: T0 + 1_000,
        birth: false,
      },
    ]);
    const node = receive(nodeTopic('NDATA'), data(3, [{ alias: 3, value: 'WO-2' }]));
    expect(node.updates).toMatchObject([{ device: null, name: 'Line/WorkOrder', value: 'WO-2' }]);
    // A name instead of an alias is as good.
    const byName = receive(deviceTopic('DDATA', 'CF'), data(4, [{ name: 'State', value: 'idle' }]));
    expect(byName.updates).toMatchObject([{ name: 'State', value: 'idle' }]);
  });

  it('re-reads a value sent without a datatype by the datatype of the birth', () => {
    born();
    const RawPayload = protoRoot.org.eclipse.tahu.protobuf.Payload;
    const bytes = RawPayload.encode(
      RawPayload.create({
        seq: 2,
        metrics: [
          { alias: 12, intValue: -3 >>> 0 },
          { alias: 10, longValue: Long.fromNumber(1234, true) },
        ],
      }),
    ).finish();
    const payload = decodePayload(bytes);
    if (!payload.ok) throw new Error(payload.reason);
    const step = receive(deviceTopic('DDATA', 'CF'), payload.value);
    expect(step.updates.map((u) => [u.name, u.datatype, u.value])).toEqual([
      ['Gauge/Offset', 'Int8', -3],
      ['Counts/Good', 'UInt64', 1234],
    ]);
  });

  it('follows seq from 255 back to 0', () => {
    receive(nodeTopic('NBIRTH'), nbirth(0, 250));
    for (let seq = 251; seq <= 255; seq++) {
      expect(
        receive(nodeTopic('NDATA'), data(seq, [{ alias: 3, value: `WO-${seq}` }])).outcome,
      ).toBe('applied');
    }
    const wrapped = receive(nodeTopic('NDATA'), data(0, [{ alias: 3, value: 'WO-0' }]));
    expect(wrapped.outcome).toBe('applied');
    expect(receive(nodeTopic('NDATA'), data(1, [])).outcome).toBe('applied');
    expect(host.status(G, N)?.lastSeq).toBe(1);
  });

  it('refuses data after a gap and asks for a rebirth, once', () => {
    born();
    const gap = receive(deviceTopic('DDATA', 'CF'), data(4, [{ alias: 10, value: 150 }]));
    expect(gap.outcome).toBe('refused');
    expect(gap.reason).toBe('DDATA with seq 4 where 2 was next');
    expect(gap.updates).toEqual([]);
    expect(gap.actions).toEqual([
      {
        kind: 'rebirth',
        group: G,
        node: N,
        reason: 'DDATA with seq 4 where 2 was next',
        command: {
          topic: { type: 'NCMD', group: G, node: N },
          payload: {
            timestamp: at,
            metrics: [{ name: REBIRTH_METRIC, datatype: 'Boolean', value: true, timestamp: at }],
          },
        },
      },
    ]);
    expect(host.status(G, N)).toMatchObject({ online: true, synced: false });
    // Until the rebirth, nothing is trusted, not even the next seq in line,
    // and the request is not repeated within the retry time …
    const next = receive(deviceTopic('DDATA', 'CF'), data(5, [{ alias: 10, value: 151 }]));
    expect(next).toMatchObject({ outcome: 'refused', actions: [] });
    // … but is after it.
    at += 5_000;
    expect(receive(nodeTopic('NDATA'), data(6, [])).actions).toHaveLength(1);
    // The rebirth brings the node back in sequence.
    receive(nodeTopic('NBIRTH'), nbirth(3));
    expect(receive(deviceTopic('DBIRTH', 'CF'), dbirth(1, 152)).outcome).toBe('applied');
    expect(
      receive(deviceTopic('DDATA', 'CF'), data(2, [{ alias: 10, value: 153 }])).updates,
    ).toMatchObject([{ name: 'Counts/Good', value: 153 }]);
  });

  it('repeats an unanswered rebirth request on its own clock, until the birth or a death', () => {
    born();
    receive(deviceTopic('DDATA', 'CF'), data(4, [{ alias: 10, value: 150 }]));
    const asked = at;
    // Nothing due within the retry time …
    expect(host.overdueRebirths(asked + 4_999)).toEqual([]);
    // … then one request, though the node sent nothing more; and not again at once.
    const again = host.overdueRebirths(asked + 5_000);
    expect(again).toMatchObject([
      { kind: 'rebirth', group: G, node: N, command: { topic: { type: 'NCMD', node: N } } },
    ]);
    expect(host.overdueRebirths(asked + 5_001)).toEqual([]);
    // A birth answers it: nothing more to ask.
    at = asked + 6_000;
    receive(nodeTopic('NBIRTH'), nbirth(3));
    expect(host.overdueRebirths(at + 60_000)).toEqual([]);
    // A node asked and then dead is not asked again: it is born anew when it reconnects.
    receive(deviceTopic('DDATA', 'CF'), data(9, [{ alias: 10, value: 160 }]));
    receive(nodeTopic('NDEATH'), ndeath(3));
    expect(host.overdueRebirths(at + 60_000)).toEqual([]);
  });

  it('refuses data before a birth and asks for one', () => {
    const step = receive(nodeTopic('NDATA'), data(7, [{ alias: 3, value: 'WO-9' }]));
    expect(step).toMatchObject({ outcome: 'refused', reason: 'NDATA before an NBIRTH' });
    expect(step.actions).toMatchObject([{ kind: 'rebirth', group: G, node: N }]);
    receive(nodeTopic('NBIRTH'), nbirth(1));
    const device = receive(deviceTopic('DDATA', 'PR'), data(1, [{ alias: 10, value: 5 }]));
    expect(device).toMatchObject({
      outcome: 'refused',
      reason: 'DDATA of PR before its DBIRTH',
      actions: [{ kind: 'rebirth' }],
    });
    // The sequence itself held: the node's other data are still trusted.
    expect(host.status(G, N)?.synced).toBe(true);
    expect(receive(nodeTopic('NDATA'), data(2, [{ alias: 3, value: 'WO-2' }])).outcome).toBe(
      'applied',
    );
  });

  it('refuses a message with an alias no birth gave, whole', () => {
    born();
    const step = receive(
      deviceTopic('DDATA', 'CF'),
      data(2, [
        { alias: 10, value: 120 },
        { alias: 99, value: 1 },
      ]),
    );
    expect(step).toMatchObject({
      outcome: 'refused',
      reason: 'DDATA: metric alias 99 is not in the birth certificate',
      updates: [],
      actions: [{ kind: 'rebirth' }],
    });
    const mistyped = new HostSession();
    mistyped.receive({ topic: nodeTopic('NBIRTH'), payload: nbirth(0) }, T0);
    const wrongType = mistyped.receive(
      { topic: nodeTopic('NDATA'), payload: data(1, [{ alias: 3, datatype: 'Int32', value: 4 }]) },
      T0,
    );
    expect(wrongType.reason).toBe('NDATA: metric "Line/WorkOrder" came as Int32, born as String');
  });

  it('ignores an NDEATH whose bdSeq is not the current session’s', () => {
    born();
    const stale = receive(nodeTopic('NDEATH'), ndeath(2));
    expect(stale).toMatchObject({ outcome: 'ignored', changes: [] });
    expect(stale.reason).toContain('does not end the session of bdSeq 3');
    expect(host.status(G, N)).toMatchObject({ online: true, synced: true });
    expect(receive(deviceTopic('DDATA', 'CF'), data(2, [{ alias: 10, value: 110 }])).outcome).toBe(
      'applied',
    );
  });

  it('takes the node and its devices offline on the NDEATH of the session', () => {
    born();
    const death = receive(nodeTopic('NDEATH'), ndeath(3));
    expect(death.outcome).toBe('applied');
    // The will's own timestamp is from the connect; the death is when it came.
    expect(death.changes).toEqual([
      { kind: 'device_offline', group: G, node: N, device: 'CF', timestamp: at },
      { kind: 'node_offline', group: G, node: N, device: null, timestamp: at },
    ]);
    expect(host.status(G, N)).toMatchObject({
      online: false,
      synced: false,
      devices: [{ device: 'CF', online: false }],
    });
    expect(receive(deviceTopic('DDATA', 'CF'), data(2, [{ alias: 10, value: 1 }])).outcome).toBe(
      'refused',
    );
    expect(receive(nodeTopic('NDEATH'), ndeath(3)).outcome).toBe('ignored');
  });

  it('takes a device offline on its DDEATH, and a new NBIRTH voids all devices', () => {
    born();
    receive(deviceTopic('DBIRTH', 'PR'), dbirth(2));
    const death = receive(deviceTopic('DDEATH', 'PR'), { timestamp: T0, seq: 3, metrics: [] });
    expect(death.changes).toMatchObject([{ kind: 'device_offline', device: 'PR' }]);
    expect(receive(deviceTopic('DDATA', 'PR'), data(4, [{ alias: 10, value: 3 }])).outcome).toBe(
      'refused',
    );
    const rebirth = receive(nodeTopic('NBIRTH'), nbirth(4));
    expect(rebirth.changes.map((c) => [c.kind, c.device])).toEqual([
      ['device_offline', 'CF'],
      ['node_online', null],
    ]);
  });

  it('refuses births it cannot use', () => {
    const noBdSeq = receive(nodeTopic('NBIRTH'), { timestamp: T0, seq: 0, metrics: [] });
    expect(noBdSeq).toMatchObject({
      outcome: 'refused',
      reason: 'an NBIRTH without an integer bdSeq metric',
      actions: [],
    });
    receive(nodeTopic('NBIRTH'), nbirth(1));
    const clash = receive(deviceTopic('DBIRTH', 'CF'), {
      timestamp: T0,
      seq: 1,
      metrics: [
        { name: 'a', alias: 5, datatype: 'UInt64', value: 1 },
        { name: 'b', alias: 5, datatype: 'UInt64', value: 2 },
      ],
    });
    expect(clash.reason).toBe('DBIRTH of CF: alias 5 names both "a" and "b"');
    expect(clash.actions).toHaveLength(1);
  });

  it('ignores commands and host certificates', () => {
    born();
    for (const topic of [nodeTopic('NCMD'), deviceTopic('DCMD', 'CF')]) {
      expect(receive(topic, data(0, [{ name: REBIRTH_METRIC, value: true }])).outcome).toBe(
        'ignored',
      );
    }
    expect(
      host.receive(
        { topic: { type: 'STATE', host: 'x' }, state: { online: true, timestamp: 1 } },
        T0,
      ).outcome,
    ).toBe('ignored');
    expect(host.status(G, N)?.lastSeq).toBe(1);
  });

  it('works on payloads as they come off the wire', () => {
    const wire = (payload: SparkplugPayload) => {
      const result = decodePayload(encodePayload(payload));
      if (!result.ok) throw new Error(result.reason);
      return result.value;
    };
    receive(nodeTopic('NBIRTH'), wire(nbirth(9)));
    receive(deviceTopic('DBIRTH', 'CF'), wire(dbirth(1)));
    const step = receive(
      deviceTopic('DDATA', 'CF'),
      wire(data(2, [{ alias: 10, datatype: 'UInt64', value: 2 ** 40 }])),
    );
    expect(step.updates).toMatchObject([{ name: 'Counts/Good', value: 2 ** 40 }]);
    expect(host.statuses()).toHaveLength(1);
  });
});

// Several ingest processes on one shared subscription: each sees only part of
// a node's messages, so births come from the others (stored, then adopted),
// seq is not checked here, and data no held birth explains waits for one.
describe('host session on a shared stream', () => {
  let a: HostSession;
  let b: HostSession;
  let at: number;
  let n: number;
  const receive = (host: HostSession, topic: EdgeTopic, payload: SparkplugPayload): HostStep => {
    at += 10;
    n += 1;
    return host.receive({ topic, payload }, at, `key-${n}`);
  };
  const goodOf = (step: HostStep) => step.updates.find((u) => u.name === 'Counts/Good')?.value;

  beforeEach(() => {
    a = new HostSession({ sharedStream: true });
    b = new HostSession({ sharedStream: true });
    at = T0;
    n = 0;
  });

  it('returns a birth to store, and another process resolves aliases through it', () => {
    const node = receive(a, nodeTopic('NBIRTH'), nbirth(3));
    expect(node.birth).toMatchObject({ device: null, bdSeq: 3, bornAt: T0, birthKey: 'key-1' });
    const device = receive(a, deviceTopic('DBIRTH', 'CF'), dbirth(1));
    expect(device.birth).toMatchObject({ device: 'CF', nodeBirthKey: 'key-1', bdSeq: 3 });

    // b holds data it cannot place, and asks for no rebirth: the birth may be a's.
    const early = receive(b, deviceTopic('DDATA', 'CF'), data(2, [{ alias: 10, value: 105 }]));
    expect(early).toMatchObject({ outcome: 'refused', awaitingBirth: true, actions: [] });
    expect(b.adoptBirth(node.birth as never)).toBe(true);
    expect(b.adoptBirth(device.birth as never)).toBe(true);
    expect(b.adoptBirth(device.birth as never)).toBe(false);
    const step = receive(b, deviceTopic('DDATA', 'CF'), data(2, [{ alias: 10, value: 105 }]));
    expect(step.outcome).toBe('applied');
    expect(goodOf(step)).toBe(105);
  });

  it('does not check seq: the gaps are the other processes’ share', () => {
    receive(a, nodeTopic('NBIRTH'), nbirth(3));
    receive(a, deviceTopic('DBIRTH', 'CF'), dbirth(1));
    const step = receive(a, deviceTopic('DDATA', 'CF'), data(9, [{ alias: 10, value: 120 }]));
    expect(step).toMatchObject({ outcome: 'applied', actions: [] });
    const next = receive(a, deviceTopic('DDATA', 'CF'), data(4, [{ alias: 10, value: 110 }]));
    expect(next.outcome).toBe('applied');
  });

  it('lets a newer stored birth supersede the one held, and not an older one', () => {
    const old = receive(a, nodeTopic('NBIRTH'), nbirth(3)).birth;
    receive(a, deviceTopic('DBIRTH', 'CF'), dbirth(1));
    // b reads the next session's births; a still holds the old ones.
    const later = { ...nbirth(4), timestamp: T0 + 60_000 };
    const newer = receive(b, nodeTopic('NBIRTH'), later).birth;
    const newerDevice = receive(b, deviceTopic('DBIRTH', 'CF'), {
      ...dbirth(1),
      timestamp: T0 + 60_000,
      metrics: [{ name: 'Counts/Good', alias: 20, datatype: 'UInt64', value: 7 }],
    }).birth;
    expect(a.adoptBirth(newer as never)).toBe(true);
    expect(a.status(G, N)?.bdSeq).toBe(4);
    // The old session's device is void until the new session's DBIRTH.
    expect(
      receive(a, deviceTopic('DDATA', 'CF'), data(2, [{ alias: 20, value: 8 }])).awaitingBirth,
    ).toBe(true);
    expect(a.adoptBirth(newerDevice as never)).toBe(true);
    expect(goodOf(receive(a, deviceTopic('DDATA', 'CF'), data(3, [{ alias: 20, value: 8 }])))).toBe(
      8,
    );
    // The old birth, adopted late, changes nothing.
    expect(a.adoptBirth(old as never)).toBe(false);
    expect(a.status(G, N)?.bdSeq).toBe(4);
  });

  it('keeps a DBIRTH of the new session that came before its NBIRTH', () => {
    receive(a, nodeTopic('NBIRTH'), nbirth(3));
    const later = { ...nbirth(4), timestamp: T0 + 60_000 };
    // a reads the new session's DBIRTH (b has its NBIRTH, not stored yet) …
    receive(a, deviceTopic('DBIRTH', 'CF'), { ...dbirth(1), timestamp: T0 + 60_000 });
    // … and then the NBIRTH itself arrives here too late to void it.
    const newer = receive(b, nodeTopic('NBIRTH'), later).birth;
    expect(a.adoptBirth(newer as never)).toBe(true);
    expect(
      receive(a, deviceTopic('DDATA', 'CF'), data(2, [{ alias: 10, value: 101 }])).outcome,
    ).toBe('applied');
  });

  it('ends a session only with the death of its own bdSeq', () => {
    const first = receive(a, nodeTopic('NBIRTH'), nbirth(3)).birth;
    expect(b.adoptBirth(first as never)).toBe(true);
    const next = receive(a, nodeTopic('NBIRTH'), { ...nbirth(4), timestamp: T0 + 60_000 }).birth;
    expect(b.adoptBirth(next as never)).toBe(true);
    expect(receive(b, nodeTopic('NDEATH'), ndeath(3)).outcome).toBe('ignored');
    const death = receive(b, nodeTopic('NDEATH'), ndeath(4));
    expect(death.changes.map((c) => c.kind)).toContain('node_offline');
  });
});
