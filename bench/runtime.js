#!/usr/bin/env node
// g6 run against the targets of issue #15 (3), beside `node -e 0` from the same run: a 1,640-row
// cycle with the CSV file store <= 15 ms CPU; /metrics p99 <= 50 ms while the real `bin/g6 run
// --interval 0` runs cycles back to back; RSS within +-10 % from cycle 100 to 1,000, in process
// and of the CLI. Also the floors a figure cannot go below on this machine (the pipeline without
// storage, scraping an idle server), what making a string of every number of a cycle would cost
// (the CSV writer writes digits instead), and the per-cycle cost of the whole collector,
// snapshots and shadow parity. Runs against dist/ (npm run build first).
'use strict';
const { spawn, spawnSync } = require('node:child_process');
const { mkdtempSync, readFileSync, rmSync } = require('node:fs');
const { Agent, createServer, get } = require('node:http');
const { tmpdir } = require('node:os');
const { join } = require('node:path');
const { G6, ROOT, median, node0, row } = require('./lib');

const R = (p) => require(join(__dirname, '..', 'dist', 'src', 'runtime', p));
const { defaultRuntimeConfig } = R('config');
const { nextTurn, runCycle } = R('pipeline/cycle');
const { OPTION_ROW_COLUMNS } = R('pipeline/types');
const { simulatedMarketFor } = R('providers/sim');
const { createFileSink } = R('storage/file-sink');
const { createNullSink } = R('storage/sink');
const { createRuntimeMetrics } = R('metrics/runtime-metrics');
const { createRng } = R('market/rng');
const { runCollector } = R('runtime');
const { createCycleParity } = R('parity/cycle-parity');

const T0 = Date.parse('2025-11-03T04:00:00Z'); // a Monday: four distinct expiries per index
const SIM_START = '2025-11-03T04:00:00Z';
const RSS_CYCLES = Number(process.env.G6_BENCH_RSS_CYCLES || 1000);
/** Cycles whose RSS is the figure "at cycle 100" and "at the end": windows, since one sample is noise. */
const windowOf = (cycles) => ({ early: [91, 110], late: [cycles - 19, cycles] });

const cpuMs = (c) => (c.user + c.system) / 1000;
const pct = (q, xs) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.ceil(q * xs.length) - 1)];
const signed = (x) => `${x >= 0 ? '+' : ''}${x.toFixed(1)}`;
const verdict = (ok) => (ok ? 'meets target' : 'MISSES target');
const tempDir = (tag) => mkdtempSync(join(tmpdir(), `g6-bench-${tag}-`));

/**
 * Runtime metrics and pipeline deps for `config` as `g6 run` has them: its simulated market (30 s
 * per cycle), `sink` (CSV in `config.dataDir` by default), a turn of the event loop between units
 * of work; `cleanup()` closes the metrics and removes the data folder.
 */
function setup(config, sink = createFileSink({ root: config.dataDir, format: 'csv' })) {
  const rm = createRuntimeMetrics(config, { version: 'bench', commit: 'bench', configHash: 'x', warn: () => {} });
  const deps = { config, provider: simulatedMarketFor(config, { stepSeconds: 30 }), sink, metrics: rm.metrics, rng: createRng(1), sleep: async () => {}, yieldTurn: nextTurn };
  const cleanup = () => {
    rm.close();
    rmSync(config.dataDir, { recursive: true, force: true });
  };
  return { rm, deps, cleanup };
}

/**
 * Median CPU of a pipeline cycle (persist and commit included) with the CSV file store and, in
 * the same loop (cycles alternate, so both run equally warm code), with a sink that stores
 * nothing; `cycles` each after 30 warm-up ones. Also the last file-store cycle's rows.
 */
async function pipelineCpu(cycles = 200) {
  const runs = [
    setup({ ...defaultRuntimeConfig(), dataDir: tempDir('cycle') }),
    (() => {
      const config = { ...defaultRuntimeConfig(), dataDir: tempDir('bare') };
      return setup(config, createNullSink());
    })(),
  ];
  const cpu = [[], []];
  let last;
  for (let n = 1; n <= cycles + 30; n++) {
    for (const [i, { deps }] of runs.entries()) {
      const c0 = process.cpuUsage();
      const out = await runCycle(deps, n, T0 + n * 30_000);
      await deps.sink.commit?.(n);
      if (n > 30) cpu[i].push(cpuMs(process.cpuUsage(c0)));
      if (i === 0) last = out;
    }
  }
  runs[1].cleanup();
  return { fileMs: median(cpu[0]), bareMs: median(cpu[1]), rows: last.result.totals.options, rowsByIndex: last.rows, rm: runs[0].rm, cleanup: runs[0].cleanup };
}

/** CPU of turning every numeric cell of a cycle's rows into a string once (what a writer making a string per number spends at least), median of 50 runs. */
function numberFormattingFloor(rowsByIndex) {
  const runs = [];
  let sink = 0;
  for (let k = 0; k < 50; k++) {
    const c0 = process.cpuUsage();
    for (const rows of rowsByIndex.values()) {
      const above = OPTION_ROW_COLUMNS.map(() => undefined);
      for (const r of rows)
        for (let i = 0; i < OPTION_ROW_COLUMNS.length; i++) {
          const v = r[OPTION_ROW_COLUMNS[i]];
          if (typeof v === 'number' && above[i] !== v) {
            above[i] = v;
            sink += String(v).length;
          }
        }
    }
    runs.push(cpuMs(process.cpuUsage(c0)));
  }
  return sink > 0 ? median(runs) : 0;
}

/** Median render time of the full spec's /metrics after real cycles (a change before each, else the cached text is served). */
async function renderMs(rm) {
  const times = [];
  let bytes = 0;
  for (let i = 0; i < 60; i++) {
    rm.metrics.pipelineCyclesTotal.inc({});
    const t = performance.now();
    const text = await rm.scrape();
    if (i >= 10) times.push(performance.now() - t);
    bytes = text.length;
  }
  return { ms: median(times), bytes };
}

/** Median CPU per cycle: pipeline only; + snapshot; + snapshot and shadow parity against `sim`. */
async function shadowParityCpu() {
  const modes = { pipeline: null, snapshot: '', 'snapshot + sim baseline': 'sim' };
  const out = {};
  for (const [name, baseline] of Object.entries(modes)) {
    const config = defaultRuntimeConfig();
    config.dataDir = tempDir('parity');
    config.parity.baseline = baseline ?? '';
    const { rm, deps, cleanup } = setup(config);
    const parity = baseline === null ? null : await createCycleParity({ config, cwd: config.dataDir, metrics: rm.metrics, log: () => {}, warn: () => {} });
    const cpu = [];
    const extra = [];
    for (let n = 1; n <= 50; n++) {
      const c0 = process.cpuUsage();
      const { result } = await runCycle(deps, n, T0 + n * 30_000);
      await deps.sink.commit?.(n);
      const c1 = process.cpuUsage();
      if (parity) await parity.observe(result, T0 + n * 30_000);
      if (n > 10) {
        cpu.push(cpuMs(process.cpuUsage(c0)));
        extra.push(cpuMs(process.cpuUsage(c1)));
      }
    }
    await parity?.close();
    cleanup();
    out[name] = { cpuMs: median(cpu), extraMs: median(extra) };
  }
  return out;
}

/**
 * In this process (started with --expose-gc by {@link inProcessCollector}): the whole collector as
 * `g6 run --interval 0` runs it (CSV store, panels, snapshots, no HTTP) for `cycles` cycles. Prints
 * one JSON line: mean CPU per cycle after cycle 50 and the RSS after a full GC at each cycle of the
 * two {@link windowOf} windows.
 */
async function collectorChild(cycles) {
  const config = { ...defaultRuntimeConfig(), cycles, intervalSeconds: 0, listen: '', simulatedStart: SIM_START, dataDir: tempDir('collector') };
  const { early, late } = windowOf(cycles);
  const rss = { early: [], late: [] };
  let n = 0;
  let c50;
  let gcCpu = 0;
  await runCollector({
    config,
    cwd: process.cwd(),
    version: 'bench',
    commit: 'bench',
    env: {},
    signal: new AbortController().signal,
    log: (line) => {
      if (!/ cycle \d+\//.test(line)) return;
      n++;
      if (n === 50) c50 = process.cpuUsage();
      const at = n >= early[0] && n <= early[1] ? 'early' : n >= late[0] && n <= late[1] ? 'late' : null;
      if (at) {
        const c = process.cpuUsage();
        global.gc();
        rss[at].push(process.memoryUsage().rss / 1024 / 1024);
        gcCpu += cpuMs(process.cpuUsage(c)); // the forced GCs are the bench's, not the collector's
      }
    },
  });
  const cpu = (cpuMs(process.cpuUsage(c50)) - gcCpu) / (n - 50);
  rmSync(config.dataDir, { recursive: true, force: true });
  process.stdout.write(`${JSON.stringify({ cycles: n, cpuMs: cpu, rss })}\n`);
}

function inProcessCollector(cycles) {
  const res = spawnSync(process.execPath, ['--expose-gc', __filename, '--collector-child', String(cycles)], { encoding: 'utf8', maxBuffer: 1 << 20 });
  if (res.status !== 0) throw new Error(`collector child exited ${res.status}: ${res.stderr}`);
  return JSON.parse(res.stdout.trim().split('\n').pop());
}

/** GET `url` on a keep-alive `agent`; resolves with the wall time to the last byte, ms. */
function scrape(url, agent) {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    get(url, { agent }, (res) => {
      res.on('data', () => {});
      res.on('end', () => (res.statusCode === 200 ? resolve(performance.now() - t0) : reject(new Error(`HTTP ${res.statusCode}`))));
    }).on('error', reject);
  });
}

/** Scrape `url` one request at a time, 10–40 ms apart (random phase against the cycles), while `running()`; the latencies. */
async function scrapeWhile(url, running) {
  const agent = new Agent({ keepAlive: true });
  const latencies = [];
  while (running()) {
    try {
      latencies.push(await scrape(url, agent));
    } catch (err) {
      if (running()) throw err;
    }
    await new Promise((r) => setTimeout(r, 10 + Math.random() * 30));
  }
  agent.destroy();
  return latencies;
}

/** Resident set of process `pid` from /proc (Linux), MB; undefined once it has exited. */
function rssOf(pid) {
  try {
    return Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))[1]) / 1024;
  } catch {
    return undefined; // the last cycle's line can arrive after the process is gone
  }
}

/**
 * The real CLI: `bin/g6 run --interval 0 --cycles N` with HTTP on a free port, scraped throughout;
 * the scrape latencies during cycles, and its RSS (from /proc) at each cycle line in the two
 * {@link windowOf} windows.
 */
function cliRun(cycles) {
  const dataDir = tempDir('cli');
  const child = spawn(process.execPath, [G6, 'run', '--interval', '0', '--cycles', String(cycles), '--listen', '127.0.0.1:0', '--data-dir', dataDir], {
    cwd: ROOT,
    stdio: ['ignore', 'ignore', 'pipe'],
    env: { ...process.env, G6_SIMULATED_START: SIM_START },
  });
  const { early, late } = windowOf(cycles);
  const rss = { early: [], late: [] };
  let cycle = 0;
  let exited = false;
  let stderr = '';
  let onAddress;
  const address = new Promise((r) => (onAddress = r));
  child.stderr.setEncoding('utf8');
  child.stderr.on('data', (chunk) => {
    stderr += chunk;
    for (;;) {
      const i = stderr.indexOf('\n');
      if (i < 0) break;
      const line = stderr.slice(0, i);
      stderr = stderr.slice(i + 1);
      const a = /listening on http:\/\/(\S+)/.exec(line);
      if (a) onAddress(a[1]);
      const c = / cycle (\d+)\//.exec(line);
      if (!c) continue;
      cycle = Number(c[1]);
      const at = cycle >= early[0] && cycle <= early[1] ? 'early' : cycle >= late[0] && cycle <= late[1] ? 'late' : null;
      const mb = at ? rssOf(child.pid) : undefined;
      if (at && mb !== undefined) rss[at].push(mb);
    }
  });
  const done = new Promise((resolve, reject) =>
    child.on('close', (code) => {
      exited = true;
      rmSync(dataDir, { recursive: true, force: true });
      if (code === 0) resolve();
      else reject(new Error(`g6 run exited ${code}: ${stderr}`));
    }),
  );
  return (async () => {
    const url = `http://${await address}/metrics`;
    while (cycle < 1 && !exited) await new Promise((r) => setTimeout(r, 10));
    const latencies = await scrapeWhile(url, () => !exited && cycle < cycles - 1);
    await done;
    return { latencies, rss };
  })();
}

/** Scrape latencies of a plain node:http server answering `body` with no other work: the least any server here can do. */
async function idleServerFloor(body, durationMs = 15_000) {
  const server = createServer((_, res) => res.end(body));
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  const end = Date.now() + durationMs;
  const latencies = await scrapeWhile(`http://127.0.0.1:${server.address().port}/metrics`, () => Date.now() < end);
  await new Promise((r) => server.close(r));
  return latencies;
}

const growth = (rss) => ((median(rss.late) - median(rss.early)) / median(rss.early)) * 100;
const rssLine = (label, rss) => {
  const g = growth(rss);
  return `${label.padEnd(52)} median ${median(rss.early).toFixed(1)} MB -> ${median(rss.late).toFixed(1)} MB, growth ${signed(g)} % (target within +-10 %: ${verdict(Math.abs(g) <= 10)})`;
};

async function main() {
  console.log(row('node -e 0 (reference, this run)', node0()));
  const cycle = await pipelineCpu();
  const render = await renderMs(cycle.rm);
  const floorNumbers = numberFormattingFloor(cycle.rowsByIndex);
  cycle.cleanup();
  console.log(`one cycle, ${cycle.rows} rows, CSV file store                median CPU ${cycle.fileMs.toFixed(1)} ms (target <= 15 ms: ${verdict(cycle.fileMs <= 15)})`);
  console.log(`  floor: the same cycle storing nothing                 median CPU ${cycle.bareMs.toFixed(1)} ms (market simulation, IV and greeks, validation, metrics)`);
  console.log(`  reference: String() of the cycle's numeric cells  median CPU ${floorNumbers.toFixed(1)} ms (a writer making a string per number; g6's persistence, digits written as bytes, costs ${(cycle.fileMs - cycle.bareMs).toFixed(1)} ms)`);
  console.log(`/metrics render, full spec (${(render.bytes / 1024).toFixed(0)} KiB)               median ${render.ms.toFixed(2)} ms`);
  const sp = await shadowParityCpu();
  for (const [name, v] of Object.entries(sp)) {
    const p = ((v.cpuMs - sp.pipeline.cpuMs) / sp.pipeline.cpuMs) * 100;
    console.log(`cycle CPU, ${name.padEnd(24)}                median ${v.cpuMs.toFixed(1)} ms (parity step ${v.extraMs.toFixed(1)} ms, ${signed(p)} % vs pipeline only)`);
  }
  const inproc = inProcessCollector(RSS_CYCLES);
  console.log(`whole collector in process, CSV + panels + snapshots     mean CPU ${inproc.cpuMs.toFixed(1)} ms per cycle over cycles 50-${inproc.cycles}`);
  console.log(rssLine(`RSS in process after full GC, cycles ${windowOf(RSS_CYCLES).early.join('-')} -> ${windowOf(RSS_CYCLES).late.join('-')}`, inproc.rss));
  const cli = await cliRun(RSS_CYCLES);
  const l = cli.latencies;
  const p99 = pct(0.99, l);
  console.log(`/metrics on bin/g6 run --interval 0, ${l.length} scrapes during cycles  p50 ${pct(0.5, l).toFixed(1)} ms, p99 ${p99.toFixed(1)} ms, max ${Math.max(...l).toFixed(1)} ms (target p99 <= 50 ms: ${verdict(p99 <= 50)})`);
  const idle = await idleServerFloor('x'.repeat(render.bytes));
  console.log(`  floor: an idle node:http server, same body, ${idle.length} scrapes  p50 ${pct(0.5, idle).toFixed(1)} ms, p99 ${pct(0.99, idle).toFixed(1)} ms, max ${Math.max(...idle).toFixed(1)} ms (what this machine's scheduler allows)`);
  console.log(rssLine(`RSS of bin/g6 run (/proc), cycles ${windowOf(RSS_CYCLES).early.join('-')} -> ${windowOf(RSS_CYCLES).late.join('-')}`, cli.rss));
}

(process.argv[2] === '--collector-child' ? collectorChild(Number(process.argv[3])) : main()).catch((err) => {
  console.error(err);
  process.exitCode = 1;
});
