#!/usr/bin/env node
// g6 run targets: one cycle over 5 indices x 4 expiries x 41 strikes x CE/PE (~1,640 rows) under
// 100 ms CPU including persistence; a /metrics scrape of the full spec under 20 ms; RSS flat
// (within 10 %) over 1,000 cycles at zero interval. Also the per-cycle cost of snapshots and of
// shadow parity against a simulated baseline. Runs against dist/ (npm run build first).
'use strict';
const { mkdtempSync, rmSync } = require('node:fs');
const { tmpdir } = require('node:os');
const { join } = require('node:path');
const { median, node0, row } = require('./lib');

const R = (p) => require(join(__dirname, '..', 'dist', 'src', 'runtime', p));
const { defaultRuntimeConfig } = R('config');
const { runCycle } = R('pipeline/cycle');
const { simulatedMarketFor } = R('providers/sim');
const { createFileSink } = R('storage/file-sink');
const { createNullSink } = R('storage/sink');
const { createRuntimeMetrics } = R('metrics/runtime-metrics');
const { createRng } = R('market/rng');
const { runCollector } = R('runtime');
const { createCycleParity } = R('parity/cycle-parity');

const T0 = Date.parse('2025-11-03T04:00:00Z'); // a Monday: four distinct expiries per index

/**
 * Runtime metrics and pipeline deps for `config`: its simulated market (30 s per cycle) and CSV
 * storage in `config.dataDir`; `cleanup()` closes the metrics and removes that directory.
 */
function setup(config) {
  const rm = createRuntimeMetrics(config, { version: 'bench', commit: 'bench', configHash: 'x', warn: () => {} });
  const deps = {
    config,
    provider: simulatedMarketFor(config, { stepSeconds: 30 }),
    sink: createFileSink({ root: config.dataDir, format: 'csv' }),
    metrics: rm.metrics,
    rng: createRng(1),
    sleep: async () => {},
  };
  const cleanup = () => {
    rm.close();
    rmSync(config.dataDir, { recursive: true, force: true });
  };
  return { rm, deps, cleanup };
}

async function cycleCpu() {
  const config = { ...defaultRuntimeConfig(), dataDir: mkdtempSync(join(tmpdir(), 'g6-bench-')) };
  const { rm, deps, cleanup } = setup(config);
  const cpu = [];
  const wall = [];
  let rows = 0;
  for (let n = 1; n <= 60; n++) {
    const c0 = process.cpuUsage();
    const w0 = performance.now();
    const { result } = await runCycle(deps, n, T0 + n * 30_000);
    const c = process.cpuUsage(c0);
    if (n > 10) {
      cpu.push((c.user + c.system) / 1000);
      wall.push(performance.now() - w0);
    }
    rows = result.totals.rows;
  }
  // render of the full spec after real cycles (a change before each, else the scrape serves the cached text)
  const scrape = [];
  let bytes = 0;
  for (let i = 0; i < 60; i++) {
    rm.metrics.pipelineCyclesTotal.inc({});
    const t = performance.now();
    const text = await rm.scrape();
    if (i >= 10) scrape.push(performance.now() - t);
    bytes = text.length;
  }
  cleanup();
  return { rows, cpuMs: median(cpu), wallMs: median(wall), scrapeMs: median(scrape), scrapeBytes: bytes };
}

/** Median CPU per cycle: pipeline only; + snapshot; + snapshot and shadow parity against `sim`. */
async function shadowParityCpu() {
  const modes = { pipeline: null, snapshot: '', 'snapshot + sim baseline': 'sim' };
  const out = {};
  for (const [name, baseline] of Object.entries(modes)) {
    const config = defaultRuntimeConfig();
    config.dataDir = mkdtempSync(join(tmpdir(), 'g6-bench-parity-'));
    config.parity.baseline = baseline ?? '';
    const { rm, deps, cleanup } = setup(config);
    const parity = baseline === null ? null : await createCycleParity({ config, cwd: config.dataDir, metrics: rm.metrics, log: () => {}, warn: () => {} });
    const cpu = [];
    const extra = [];
    for (let n = 1; n <= 50; n++) {
      const c0 = process.cpuUsage();
      const { result } = await runCycle(deps, n, T0 + n * 30_000);
      const c1 = process.cpuUsage();
      if (parity) await parity.observe(result, T0 + n * 30_000);
      const c = process.cpuUsage(c0);
      const p = process.cpuUsage(c1);
      if (n > 10) {
        cpu.push((c.user + c.system) / 1000);
        extra.push((p.user + p.system) / 1000);
      }
    }
    await parity?.close();
    cleanup();
    out[name] = { cpuMs: median(cpu), extraMs: median(extra) };
  }
  return out;
}

async function rssFlat(cycles) {
  const config = { ...defaultRuntimeConfig(), cycles, intervalSeconds: 0, listen: '', simulatedStart: '2025-11-03T04:00:00Z', panels: { enabled: true, legacyCompat: false } };
  config.dataDir = mkdtempSync(join(tmpdir(), 'g6-bench-rss-'));
  const samples = new Map();
  let n = 0;
  await runCollector({
    config,
    cwd: process.cwd(),
    version: 'bench',
    commit: 'bench',
    sink: createNullSink(),
    signal: new AbortController().signal,
    log: (line) => {
      if (!line.includes(' cycle ')) return;
      n++;
      if (n === 100 || n === cycles) {
        if (global.gc) global.gc();
        samples.set(n, process.memoryUsage().rss / 1024 / 1024);
      }
    },
  });
  rmSync(config.dataDir, { recursive: true, force: true });
  return { at100: samples.get(100), atEnd: samples.get(cycles) };
}

(async () => {
  const base = node0();
  console.log(row('node -e 0', base));
  const c = await cycleCpu();
  console.log(`one cycle, ${c.rows} rows incl. CSV persistence      median CPU ${c.cpuMs.toFixed(1)} ms, wall ${c.wallMs.toFixed(1)} ms (target < 100 ms CPU)`);
  console.log(`/metrics render, full spec (${(c.scrapeBytes / 1024).toFixed(0)} KiB)          median ${c.scrapeMs.toFixed(2)} ms (target < 20 ms)`);
  const sp = await shadowParityCpu();
  for (const [name, v] of Object.entries(sp)) {
    const pct = ((v.cpuMs - sp.pipeline.cpuMs) / sp.pipeline.cpuMs) * 100;
    console.log(`cycle CPU, ${name.padEnd(24)} median ${v.cpuMs.toFixed(1)} ms (parity step ${v.extraMs.toFixed(1)} ms, ${pct >= 0 ? '+' : ''}${pct.toFixed(0)} % vs pipeline only)`);
  }
  const cycles = Number(process.env.G6_BENCH_RSS_CYCLES || 1000);
  const r = await rssFlat(cycles);
  const growth = ((r.atEnd - r.at100) / r.at100) * 100;
  console.log(`RSS over ${cycles} cycles at interval 0                 cycle 100 ${r.at100.toFixed(1)} MB, cycle ${cycles} ${r.atEnd.toFixed(1)} MB, growth ${growth.toFixed(1)} % (target within 10 %)`);
})().catch((err) => {
  console.error(err);
  process.exitCode = 1;
});
