// wrk (Debian's `wrk`, written in C) as the load benchmark's client. The
// client shares this 2-core machine with the server and PostgreSQL, and
// autocannon, in JavaScript, spent 0.24–0.30 ms of CPU on each request of the
// mix: a quarter of the machine at 2,000 req/s, taken from the server it
// measures. wrk sends the same sequence, with a fresh Idempotency-Key for
// every command, from a Lua script generated here, at a fraction of the CPU.
//
// Each wrk process runs one thread (its event loop keeps every connection
// busy at a small share of a core). A paced phase keeps one schedule that the
// process's connections share:
// each request takes the next free slot, 1/rate apart, and a slot missed
// while every connection waited on the server is not made up later, so a
// server that falls behind shows as fewer requests answered than offered,
// as with the autocannon client. Latency is each request's own, from the
// moment it is written to its answer.
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** One request of the sequence (bench/load.ts's RequestSpec). */
export interface WrkRequest {
  method: 'GET' | 'POST';
  path: string;
  headers: Record<string, string>;
  body?: unknown;
  fresh?: 'command' | 'receipt' | 'move';
  pool?: { serials: string[]; to: string[] };
}

export interface WrkJob {
  urls: string[];
  requests: WrkRequest[];
  connections: number;
  seconds: number;
  /** Requests a second over all the urls; open throttle when undefined. */
  overallRate?: number | undefined;
}

/** What one wrk process measured, as its script's done() prints it. */
export interface WrkRun {
  requests: number;
  /** Microseconds. */
  durationUs: number;
  errors: { connect: number; read: number; write: number; status: number; timeout: number };
  /** The latency (µs) at each thousandth, 0.1 % to 100 %. */
  quantilesUs: number[];
}

export interface WrkResult {
  requests: number;
  seconds: number;
  rps: number;
  p50: number;
  p90: number;
  p99: number;
  max: number;
  errors: number;
  timeouts: number;
  non2xx: number;
  statusCodes: Record<string, { count: number }>;
}

const RESULT_MARK = 'LOTLINE-WRK ';
/** Stands for the fresh supplier lot in a receipt's body until the script fills it in. */
const SUPPLIER_LOT_MARK = 'LOTLINE-FRESH-SUPPLIER-LOT';

/** The version line of the wrk on the PATH, or undefined when there is none. */
export function wrkVersion(): string | undefined {
  const probe = spawnSync('wrk', ['--version'], { encoding: 'utf8' });
  if (probe.error) return undefined;
  const line = `${probe.stdout}${probe.stderr}`.split('\n')[0] ?? '';
  return line.startsWith('wrk ') ? line.replace(/ Copyright.*$/, '').trim() : undefined;
}

/** A Lua string literal of any text: bytes outside printable ASCII as decimal escapes. */
export function luaString(text: string): string {
  let out = '"';
  for (const byte of Buffer.from(text, 'utf8')) {
    if (byte >= 0x20 && byte < 0x7f && byte !== 0x22 && byte !== 0x5c) {
      out += String.fromCharCode(byte);
    } else {
      out += `\\${byte.toString().padStart(3, '0')}`;
    }
  }
  return `${out}"`;
}

function luaTable(entries: string[]): string {
  return `{ ${entries.join(', ')} }`;
}

function luaHeaders(headers: Record<string, string>): string {
  return luaTable(
    Object.entries(headers).map(([name, value]) => `[${luaString(name)}] = ${luaString(value)}`),
  );
}

/** One request as a Lua table the script's request() reads. */
function luaRequest(request: WrkRequest): string {
  const headers = { ...request.headers };
  const fields = [`method = ${luaString(request.method)}`, `path = ${luaString(request.path)}`];
  if (request.body !== undefined || request.fresh === 'move') {
    headers['content-type'] = 'application/json';
  }
  fields.push(`headers = ${luaHeaders(headers)}`);
  if (request.fresh) fields.push(`fresh = ${luaString(request.fresh)}`);
  if (request.fresh === 'receipt') {
    const text = JSON.stringify({ ...(request.body as object), supplierLot: SUPPLIER_LOT_MARK });
    const [before, after] = text.split(JSON.stringify(SUPPLIER_LOT_MARK));
    fields.push(`before = ${luaString(`${before}"`)}`, `after = ${luaString(`"${after}`)}`);
  } else if (request.fresh === 'move') {
    const pool = request.pool ?? { serials: [], to: [] };
    if (pool.serials.length === 0 || pool.to.length === 0) {
      throw new Error(`a move (${request.path}) needs containers and destinations to draw from`);
    }
    const encoded = (values: string[]) => luaTable(values.map((v) => luaString(JSON.stringify(v))));
    fields.push(`serials = ${encoded(pool.serials)}`, `to = ${encoded(pool.to)}`);
  } else if (request.body !== undefined) {
    fields.push(`body = ${luaString(JSON.stringify(request.body))}`);
  }
  return luaTable(fields);
}

/**
 * The Lua script of one wrk process: the sequence, started at this process's
 * share of it (`part` of `parts`), the pacing when `ratePerSecond` is given,
 * and a done() that prints the result as one marked JSON line.
 */
export function wrkScript(
  requests: readonly WrkRequest[],
  options: { part: number; parts: number; ratePerSecond?: number | undefined; runId: string },
): string {
  if (requests.length === 0) throw new Error('wrk needs at least one request');
  const pacing =
    options.ratePerSecond === undefined
      ? ''
      : `
local ffi = require("ffi")
ffi.cdef[[
typedef struct { long tv_sec; long tv_nsec; } lotline_timespec;
int clock_gettime(int clock, lotline_timespec *now);
]]
local clock = ffi.new("lotline_timespec")
local function now_ms()
  ffi.C.clock_gettime(1, clock) -- CLOCK_MONOTONIC
  return tonumber(clock.tv_sec) * 1000 + tonumber(clock.tv_nsec) / 1e6
end
local interval_ms = 1000 / ${options.ratePerSecond}
local next_slot = nil

-- Called before each request on each connection: the wait, in whole ms, for
-- the thread's next free slot. A slot already past is taken now, and the
-- schedule goes on from there rather than catching up.
function delay()
  local now = now_ms()
  local slot = next_slot or now
  if slot < now then slot = now end
  next_slot = slot + interval_ms
  return math.floor(slot - now)
end
`;
  return `-- Generated by bench/lib/wrk.ts for the load benchmark.
local sequence = ${luaTable(requests.map(luaRequest))}
local part, parts, run_id = ${options.part}, ${options.parts}, ${luaString(options.runId)}

local position = 0
local counter = 0
local prepared = {}

function init(args)
  -- Each process starts at its own place in the sequence, so the mix stays mixed.
  position = math.floor(part * #sequence / parts)
  math.randomseed(os.time() + 7919 * part)
  for i, r in ipairs(sequence) do
    if not r.fresh then prepared[i] = wrk.format(r.method, r.path, r.headers, r.body) end
  end
end

local function fresh_key()
  counter = counter + 1
  return string.format("%s-%d-%d-%08x", run_id, part, counter, math.random(0, 2147483646))
end

local function pick(list)
  return list[math.random(1, #list)]
end

function request()
  position = position % #sequence + 1
  local ready = prepared[position]
  if ready then return ready end
  local r = sequence[position]
  local key = fresh_key()
  local headers = {}
  for name, value in pairs(r.headers) do headers[name] = value end
  headers["idempotency-key"] = key
  local body = r.body
  if r.fresh == "receipt" then
    body = r.before .. "LOAD-" .. key .. r.after
  elseif r.fresh == "move" then
    body = '{"serials":[' .. pick(r.serials) .. '],"to":' .. pick(r.to) .. '}'
  end
  return wrk.format(r.method, r.path, headers, body)
end
${pacing}
function done(summary, latency, requests)
  local quantiles = {}
  for i = 1, 1000 do quantiles[i] = string.format("%d", latency:percentile(i / 10)) end
  local e = summary.errors
  io.write(string.format(
    '${RESULT_MARK}{"requests":%d,"durationUs":%d,"errors":{"connect":%d,"read":%d,"write":%d,"status":%d,"timeout":%d},"quantilesUs":[%s]}\\n',
    summary.requests, summary.duration, e.connect, e.read, e.write, e.status, e.timeout,
    table.concat(quantiles, ",")))
end
`;
}

/** The value below which a share `q` of the requests of all the runs lies, in µs. */
function pooledQuantile(runs: readonly WrkRun[], q: number): number {
  const points: { value: number; weight: number }[] = [];
  for (const run of runs) {
    for (const value of run.quantilesUs) points.push({ value, weight: run.requests / 1000 });
  }
  points.sort((a, b) => a.value - b.value);
  const total = points.reduce((sum, p) => sum + p.weight, 0);
  let seen = 0;
  for (const point of points) {
    seen += point.weight;
    if (seen >= q * total - 1e-9) return point.value;
  }
  return points.at(-1)?.value ?? 0;
}

const ms = (us: number) => Math.round(us / 100) / 10;

/** Runs that overlapped (one per server): their rates add up, their latencies pool. */
export function mergeWrkRuns(runs: readonly WrkRun[]): WrkResult {
  const sum = (f: (run: WrkRun) => number) => runs.reduce((n, run) => n + f(run), 0);
  const answered = runs.some((run) => run.requests > 0);
  const non2xx = sum((run) => run.errors.status);
  const requests = sum((run) => run.requests);
  return {
    requests,
    seconds: Math.max(...runs.map((run) => run.durationUs / 1e6)),
    rps: sum((run) => run.requests / (run.durationUs / 1e6)),
    p50: answered ? ms(pooledQuantile(runs, 0.5)) : 0,
    p90: answered ? ms(pooledQuantile(runs, 0.9)) : 0,
    p99: answered ? ms(pooledQuantile(runs, 0.99)) : 0,
    max: answered ? ms(Math.max(...runs.map((run) => run.quantilesUs.at(-1) ?? 0))) : 0,
    errors: sum((run) => run.errors.connect + run.errors.read + run.errors.write),
    timeouts: sum((run) => run.errors.timeout),
    non2xx,
    // wrk counts answers of 400 and above; it does not tell 2xx from 3xx.
    statusCodes: {
      '2xx/3xx': { count: requests - non2xx },
      ...(non2xx > 0 ? { '4xx/5xx': { count: non2xx } } : {}),
    },
  };
}

/** The result line of a wrk process's output. */
export function parseWrkOutput(stdout: string): WrkRun {
  const line = stdout.split('\n').find((l) => l.startsWith(RESULT_MARK));
  if (!line) throw new Error(`wrk printed no result:\n${stdout.slice(-2000)}`);
  return JSON.parse(line.slice(RESULT_MARK.length)) as WrkRun;
}

function runOne(script: string, url: string, connections: number, seconds: number) {
  return new Promise<WrkRun>((resolve, reject) => {
    const child = spawn(
      'wrk',
      ['-t1', `-c${connections}`, `-d${seconds}s`, '--timeout', '10s', '-s', script, url],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk;
    });
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      stderr += chunk;
    });
    child.once('error', reject);
    child.once('close', (code) => {
      if (code !== 0) {
        reject(new Error(`wrk exited with ${code}: ${stderr.trim() || stdout.slice(-2000)}`));
        return;
      }
      try {
        resolve(parseWrkOutput(stdout));
      } catch (error) {
        reject(error);
      }
    });
  });
}

/** Drives the job: one wrk process per url, the connections and the rate split evenly. */
export async function runWrk(job: WrkJob): Promise<WrkResult> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'lotline-wrk-'));
  try {
    const parts = job.urls.length;
    const runId = `wrk${process.pid}x${Date.now().toString(36)}`;
    const runs = job.urls.map((url, part) => {
      const connections =
        Math.floor(job.connections / parts) + (part < job.connections % parts ? 1 : 0);
      const script = path.join(dir, `part-${part}.lua`);
      writeFileSync(
        script,
        wrkScript(job.requests, {
          part,
          parts,
          runId,
          ratePerSecond: job.overallRate === undefined ? undefined : job.overallRate / parts,
        }),
      );
      return runOne(script, url, Math.max(1, connections), job.seconds);
    });
    return mergeWrkRuns(await Promise.all(runs));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
