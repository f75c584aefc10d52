// A worker thread that plays the plant's edge nodes for the ingest benchmark:
// it publishes pre-encoded Sparkplug B messages at QoS 1 as fast as the broker
// takes them, from its own thread so the publishing does not share the event
// loop with the ingest being measured. It keeps at most `lag` messages ahead
// of what the ingest acknowledged (the main thread reports that): a broker
// drops QoS 1 messages for a subscriber that falls too far behind (Mosquitto:
// past its in-flight window and max_queued_messages), and the benchmark
// measures what ingest sustains, not how much a broker can hold.
import { parentPort, workerData } from 'node:worker_threads';
import mqtt from 'mqtt';

const { url, clientId, window: inFlight, lag } = workerData;
const client = await mqtt.connectAsync(url, { clientId, clean: true, reconnectPeriod: 0 });
parentPort.postMessage({ kind: 'ready' });

let topics = [];
let payloads = [];
let acknowledged = 0;
let wake = () => {};

parentPort.on('message', async (job) => {
  if (job.kind === 'close') {
    await client.endAsync();
    parentPort.close();
    return;
  }
  if (job.kind === 'acknowledged') {
    acknowledged = job.count;
    wake();
    return;
  }
  if (job.kind === 'load') {
    // Loaded before the clock starts: copying the messages in is not publishing.
    topics = job.topics;
    payloads = job.payloads.map((p) => Buffer.from(p));
    parentPort.postMessage({ kind: 'loaded' });
    return;
  }
  // job.kind === 'go'
  acknowledged = 0;
  let next = 0;
  let done = 0;
  const started = performance.now();
  await new Promise((resolve, reject) => {
    const pump = () => {
      while (next < topics.length && next - done < inFlight && next - acknowledged < lag) {
        const i = next++;
        client.publish(topics[i], payloads[i], { qos: 1 }, (error) => {
          if (error) return reject(error);
          done += 1;
          if (done === topics.length) resolve();
          else pump();
        });
      }
    };
    wake = pump;
    pump();
  });
  parentPort.postMessage({ kind: 'published', ms: performance.now() - started });
});
