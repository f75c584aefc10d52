import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { messageKey } from './ingest.js';

// The key de-duplicates a message the broker delivers again, also one it
// delivers to the next version of Lotline after an upgrade: it must not change.
describe('messageKey', () => {
  const reference = (topic: string, payload: Uint8Array) =>
    createHash('sha256').update(topic).update('\u0000').update(payload).digest('hex');

  it('is the SHA-256 of the topic, a NUL and the payload', () => {
    const payload = Uint8Array.from([8, 1, 18, 4, 0, 255, 7, 9]);
    const topic = 'spBv1.0/PLANT/DDATA/L1/CF';
    expect(messageKey(topic, payload)).toBe(reference(topic, payload));
  });

  it('counts a topic in bytes, not characters, and keeps an empty payload apart', () => {
    const topic = 'spBv1.0/PLANTA/DDATA/Línea-ñ/Estación';
    expect(messageKey(topic, new Uint8Array())).toBe(reference(topic, new Uint8Array()));
    expect(messageKey(topic, new Uint8Array())).not.toBe(
      messageKey(`${topic}\u0000`, new Uint8Array()),
    );
  });

  it('reads a payload that is a view into a larger buffer', () => {
    const whole = Buffer.from('xxxxhello world');
    const view = whole.subarray(4);
    expect(messageKey('t', view)).toBe(reference('t', Buffer.from('hello world')));
  });
});
