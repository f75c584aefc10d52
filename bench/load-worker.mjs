// The load generator of the load benchmark, in a process of its own so that it
// does not run on the server's event loop (not a worker thread: autocannon
// takes a worker thread for one of its own workers): autocannon cycles through the
// request sequence it is given, each connection on its own. Commands get a
// fresh Idempotency-Key each time (a receipt a fresh supplier lot, a move a
// container and a destination drawn from a pool), as a terminal makes one per action.
//
// A paced phase (a rate in requests a second) is not one autocannon run:
// autocannon paces by giving each connection a quota per second that it sends
// at once when the second starts, so every connection's requests would land
// together and queue behind each other. Instead each connection is a run of
// its own with its share of the rate, started 1/connections of a second after
// the one before; its latencies are every answered request's own time, kept
// here (autocannon's correction for coordinated omission assumes a request
// every millisecond, whatever the rate). A paced phase that falls behind shows
// as fewer requests answered than offered.
import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import autocannon from 'autocannon';

function summary(result) {
  return {
    requests: result.requests.total,
    seconds: result.duration,
    rps: result.requests.total / result.duration,
    p50: result.latency.p50,
    p90: result.latency.p90,
    p99: result.latency.p99,
    max: result.latency.max,
    errors: result.errors,
    timeouts: result.timeouts,
    non2xx: result.non2xx,
    statusCodes: result.statusCodeStats,
  };
}

/** The value below which a share `q` of the sorted values lies, in ms to a tenth. */
function percentile(sorted, q) {
  if (sorted.length === 0) return 0;
  const value = sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)];
  return Math.round(value * 10) / 10;
}

/** The servers a job drives: one, or several behind one address as a load balancer would spread them. */
function urlsOf(job) {
  return job.urls ?? [job.url];
}

/** Runs that overlap: their requests and rates add up, their latencies are every answered request's own. */
function merged(results, latencies) {
  latencies.sort((a, b) => a - b);
  const statusCodes = {};
  for (const r of results) {
    for (const [code, stats] of Object.entries(r.statusCodeStats)) {
      statusCodes[code] = { count: (statusCodes[code]?.count ?? 0) + stats.count };
    }
  }
  const sum = (f) => results.reduce((n, r) => n + f(r), 0);
  return {
    requests: sum((r) => r.requests.total),
    seconds: Math.max(...results.map((r) => r.duration)),
    // The runs overlap all but their first fraction of a second: their rates add up.
    rps: sum((r) => r.requests.total / r.duration),
    p50: percentile(latencies, 0.5),
    p90: percentile(latencies, 0.9),
    p99: percentile(latencies, 0.99),
    max: percentile(latencies, 1),
    errors: sum((r) => r.errors),
    timeouts: sum((r) => r.timeouts),
    non2xx: sum((r) => r.non2xx),
    statusCodes,
  };
}

function keepLatencies(run, latencies) {
  run.on('response', (_client, statusCode, _bytes, ms) => {
    if (statusCode >= 200 && statusCode < 300) latencies.push(ms);
  });
}

async function paced(job, requests) {
  const urls = urlsOf(job);
  const runs = Math.max(1, Math.min(job.connections, job.overallRate));
  const latencies = [];
  const started = [];
  for (let i = 0; i < runs; i++) {
    const share = Math.floor(job.overallRate / runs) + (i < job.overallRate % runs ? 1 : 0);
    // Each run starts at its own place in the sequence, so the mix stays mixed.
    const offset = Math.floor((i * requests.length) / runs);
    const rotated = [...requests.slice(offset), ...requests.slice(0, offset)];
    const run = autocannon({
      url: urls[i % urls.length],
      connections: 1,
      duration: job.seconds,
      overallRate: share,
      ignoreCoordinatedOmission: true,
      requests: rotated,
      timeout: 10,
    });
    keepLatencies(run, latencies);
    started.push(run);
    if (i < runs - 1) await sleep(1000 / runs);
  }
  return merged(await Promise.all(started), latencies);
}

/** Open throttle over several servers: the connections split evenly, each server its own run. */
async function spread(job, requests) {
  const urls = urlsOf(job);
  const latencies = [];
  const started = urls.map((url, i) => {
    const offset = Math.floor((i * requests.length) / urls.length);
    const run = autocannon({
      url,
      connections:
        Math.floor(job.connections / urls.length) + (i < job.connections % urls.length ? 1 : 0),
      duration: job.seconds,
      requests: [...requests.slice(offset), ...requests.slice(0, offset)],
      timeout: 10,
    });
    keepLatencies(run, latencies);
    return run;
  });
  return merged(await Promise.all(started), latencies);
}

process.once('message', async (job) => {
  try {
    const requests = job.requests.map((r) => {
      const request = { method: r.method, path: r.path, headers: { ...r.headers } };
      if (r.body !== undefined) {
        request.headers['content-type'] = 'application/json';
        request.body = JSON.stringify(r.body);
      }
      if (r.fresh) {
        request.setupRequest = (req) => {
          const key = randomUUID();
          const headers = { ...req.headers, 'idempotency-key': key };
          if (r.fresh === 'move') {
            const pick = (list) => list[Math.floor(Math.random() * list.length)];
            return {
              ...req,
              headers,
              body: JSON.stringify({ serials: [pick(r.pool.serials)], to: pick(r.pool.to) }),
            };
          }
          if (r.fresh === 'receipt') {
            return {
              ...req,
              headers,
              body: JSON.stringify({ ...r.body, supplierLot: `LOAD-${key.slice(0, 18)}` }),
            };
          }
          return { ...req, headers };
        };
      }
      return request;
    });
    const result = job.overallRate
      ? await paced(job, requests)
      : urlsOf(job).length > 1
        ? await spread(job, requests)
        : summary(
            await autocannon({
              url: job.url,
              connections: job.connections,
              duration: job.seconds,
              requests,
              timeout: 10,
            }),
          );
    process.send({ ok: true, result });
  } catch (error) {
    process.send({ ok: false, error: String(error?.stack ?? error) });
  }
});
