// The ingest's work per machine message before its rows are written: the
// topic and payload read, checked and keyed for de-duplication (`readMessage`
// and `messageKey`), beside the payload library's own decoding of the same
// bytes. CPU only, no broker or database: the end-to-end ingest (ingest.ts)
// is bound by this machine's two cores, shared with the broker, the database
// and the publisher, and this is the part of a message's cost Lotline owns.
import sparkplugPayload from 'sparkplug-payload';
import { messageKey } from '../src/modules/telemetry/ingest.js';
import { readMessage, SPARKPLUG_NAMESPACE } from '../src/modules/telemetry/sparkplug.js';
import { result, timePair } from './lib/measure.js';
import { plantWorkload } from './lib/sparkplug-workload.js';
import { checkedPlant, referencePlantText, type Suite } from './lib/suite.js';

const START = Date.parse('2027-03-01T06:00:00-04:00');
/** Messages read per timed operation: the 1-s workload's first ones, births and data. */
const MESSAGES = 10_000;

export const suite: Suite = {
  name: 'ingest.read',
  async run(emit) {
    const codec = sparkplugPayload.get(SPARKPLUG_NAMESPACE);
    if (!codec) throw new Error(`sparkplug-payload has no codec for ${SPARKPLUG_NAMESPACE}`);
    const plant = checkedPlant(referencePlantText());
    const workload = plantWorkload(plant, 'BENCHREAD', START, 100_000, 1_000);
    const messages = workload.messages.slice(0, MESSAGES);
    let refused = 0;
    for (const m of messages) if (!readMessage(m.topic, m.payload).ok) refused += 1;
    if (refused > 0) throw new Error(`${refused} of the workload's messages were refused`);

    const timing = await timePair(
      () => {
        for (const m of messages) {
          readMessage(m.topic, m.payload);
          messageKey(m.topic, m.payload);
        }
      },
      () => {
        for (const m of messages) codec.decodePayload(m.payload);
      },
    );
    const perMessage = (ms: number) => (ms * 1000) / messages.length;
    emit(
      result({
        bench: 'ingest.read',
        unit: 'µs/message',
        value: perMessage(timing.subject.msPerOp),
        baseline: "sparkplug-payload's decodePayload of the same bytes",
        baselineValue: perMessage(timing.baseline.msPerOp),
        // Measured 4.2: reading is the decoding and the checks (2.3 times the
        // decoding) and the key, a SHA-256 of the bytes (1.2 times). The
        // guard keeps the checks from growing unseen.
        target: { max: 5 },
        detail: {
          subject: 'readMessage (topic, decoding, checks) + messageKey (SHA-256) per message',
          messages: messages.length,
          metricsPerMessage: Number(
            (messages.reduce((n, m) => n + m.metrics, 0) / messages.length).toFixed(2),
          ),
        },
      }),
    );
  },
};
