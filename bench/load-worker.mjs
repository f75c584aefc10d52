// The load generator of the load benchmark, in a process of its own so that it
// does not run on the server's event loop (not a worker thread: autocannon
// takes a worker thread for one of its own workers): autocannon cycles through the
// request sequence it is given, each connection on its own. Commands get a
// fresh Idempotency-Key each time (a receipt a fresh supplier lot, a move a
// container and a destination drawn from a pool), as a terminal makes one per action.
import { randomUUID } from 'node:crypto';
import autocannon from 'autocannon';

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
    const result = await autocannon({
      url: job.url,
      connections: job.connections,
      duration: job.seconds,
      ...(job.overallRate ? { overallRate: job.overallRate } : {}),
      requests,
      timeout: 10,
    });
    process.send({
      ok: true,
      result: {
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
      },
    });
  } catch (error) {
    process.send({ ok: false, error: String(error?.stack ?? error) });
  }
});
