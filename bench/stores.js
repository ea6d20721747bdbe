#!/usr/bin/env node
// Real stores and buses: CPU per ~1,640-row cycle of the whole collector with the ClickHouse store
// over the file store (target: at most +10 ms) and with the NATS JetStream bus over none (target:
// at most +5 ms), and rows per second sustained into ClickHouse at --interval 0. Starts Debian's
// clickhouse-server and nats-server on loopback with temp folders. Runs against dist/.
'use strict';
const { spawn } = require('node:child_process');
const { mkdtempSync, rmSync } = require('node:fs');
const { createServer } = require('node:net');
const { tmpdir } = require('node:os');
const { join } = require('node:path');
const { median } = require('./lib');

const R = (p) => require(join(__dirname, '..', 'dist', 'src', 'runtime', p));
const { defaultRuntimeConfig } = R('config');
const { runCollector } = R('runtime');
const { clickHouseConfig } = require('../test/support/server-configs');

const CYCLES = 40;
const REPEATS = 5;

const freePort = () =>
  new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });

/** Spawn `cmd` and resolve once `ready()` holds; returns a stop function. */
async function serve(cmd, args, ready) {
  const child = spawn(cmd, args, { stdio: 'ignore' });
  for (let i = 0; i < 300; i++) {
    if (await ready().catch(() => false)) return () => new Promise((r) => (child.kill('SIGTERM'), child.on('close', r)));
    await new Promise((r) => setTimeout(r, 100));
  }
  child.kill('SIGKILL');
  throw new Error(`${cmd} did not start`);
}

/**
 * Steady-state CPU ms per cycle (from cycle 10 to the last, so start-up and connecting are out)
 * and wall seconds of `CYCLES` cycles of the whole collector (interval 0, simulated clock, no
 * HTTP); `overrides` of storage and bus.
 */
async function collectorRun(overrides) {
  const dataDir = mkdtempSync(join(tmpdir(), 'g6-bench-stores-'));
  const base = defaultRuntimeConfig();
  const config = { ...base, cycles: CYCLES, intervalSeconds: 0, listen: '', simulatedStart: '2025-11-03T04:00:00Z', dataDir };
  config.storage = { ...base.storage, ...overrides.storage };
  config.bus = { ...base.bus, ...overrides.bus };
  let rows = 0;
  let cycles = 0;
  let c10;
  const w0 = performance.now();
  const log = (l) => {
    const n = / rows=(\d+)/.exec(l);
    if (!n) return;
    rows += Number(n[1]);
    if (++cycles === 10) c10 = process.cpuUsage();
  };
  await runCollector({ config, cwd: process.cwd(), env: {}, version: 'bench', commit: 'bench', signal: new AbortController().signal, log });
  const c = process.cpuUsage(c10);
  const wallS = (performance.now() - w0) / 1000;
  rmSync(dataDir, { recursive: true, force: true });
  return { cpuMsPerCycle: (c.user + c.system) / 1000 / (CYCLES - 10), wallS, rows };
}

/** Runs of each configuration in `configs`, interleaved (a noisy machine slows all alike), then their medians. */
async function interleavedMedians(configs) {
  const runs = Object.fromEntries(Object.keys(configs).map((k) => [k, []]));
  for (let i = 0; i < REPEATS; i++) for (const [k, overrides] of Object.entries(configs)) runs[k].push(await collectorRun(overrides));
  return Object.fromEntries(
    Object.entries(runs).map(([k, rs]) => [k, { cpuMsPerCycle: median(rs.map((r) => r.cpuMsPerCycle)), rowsPerS: median(rs.map((r) => r.rows / r.wallS)), rows: rs[0].rows / CYCLES }]),
  );
}

/** Median CPU ms to encode one cycle's rows for the bus: as JSON documents (the earlier format) and as g6.columns/1. */
async function encodeCost() {
  const { runCycle } = R('pipeline/cycle');
  const { simulatedMarketFor } = R('providers/sim');
  const { createNullSink } = R('storage/sink');
  const { createRuntimeMetrics } = R('metrics/runtime-metrics');
  const { createRng } = R('market/rng');
  const { packRowColumns } = R('events/row-columns');
  const config = defaultRuntimeConfig();
  const rm = createRuntimeMetrics(config, { version: 'bench', commit: 'bench', configHash: 'x', warn: () => {} });
  const deps = { config, provider: simulatedMarketFor(config, { stepSeconds: 30 }), sink: createNullSink(), metrics: rm.metrics, rng: createRng(1), sleep: async () => {} };
  const json = [];
  const columns = [];
  for (let n = 1; n <= 40; n++) {
    const { rows, result } = await runCycle(deps, n, Date.parse('2025-11-03T04:00:00Z') + n * 30_000);
    const time = (encode) => {
      const c0 = process.cpuUsage();
      for (const [index, indexRows] of rows) encode({ cycle: n, timestamp: result.startedAt, index }, indexRows);
      const c = process.cpuUsage(c0);
      return (c.user + c.system) / 1000;
    };
    const j = time((head, indexRows) => Buffer.from(JSON.stringify({ ...head, rows: indexRows })));
    const m = time(packRowColumns);
    if (n > 5) (json.push(j), columns.push(m));
  }
  rm.close();
  return { json: median(json), columns: median(columns) };
}

async function main() {
  const chDir = mkdtempSync(join(tmpdir(), 'g6-bench-ch-'));
  const [http, tcp, nats, monitor] = [await freePort(), await freePort(), await freePort(), await freePort()];
  const stopCh = await serve('clickhouse-server', [`--config-file=${clickHouseConfig(chDir, http, tcp)}`], async () => (await fetch(`http://127.0.0.1:${http}/ping`)).ok);
  const stopNats = await serve('nats-server', ['-js', '-a', '127.0.0.1', '-p', String(nats), '-m', String(monitor), '-sd', join(chDir, 'js')], async () => (await fetch(`http://127.0.0.1:${monitor}/healthz`)).ok);
  try {
    await collectorRun({ bus: { url: `nats://127.0.0.1:${nats}` } }); // warm-up: JIT and module loading out of the figures
    const { file, clickhouse, bus } = await interleavedMedians({ file: {}, clickhouse: { storage: { url: `clickhouse://127.0.0.1:${http}/bench` } }, bus: { bus: { url: `nats://127.0.0.1:${nats}` } } });
    const enc = await encodeCost();
    const line = (label, r, base, target) =>
      console.log(`${label.padEnd(44)} ${r.cpuMsPerCycle.toFixed(1).padStart(6)} ms CPU/cycle${base ? `  (${(r.cpuMsPerCycle - base.cpuMsPerCycle >= 0 ? '+' : '') + (r.cpuMsPerCycle - base.cpuMsPerCycle).toFixed(1)} ms over the file store; target <= +${target} ms)` : ''}`);
    console.log(`rows per cycle: ${file.rows}`);
    line('file store (default)', file);
    line('ClickHouse store', clickhouse, file, 10);
    line('file store + NATS JetStream bus', bus, file, 5);
    console.log(`${'bus encoding of one cycle: JSON / g6.columns/1'.padEnd(44)} ${enc.json.toFixed(2)} ms / ${enc.columns.toFixed(2)} ms CPU`);
    console.log(`${'rows/s into ClickHouse at --interval 0'.padEnd(44)} ${Math.round(clickhouse.rowsPerS)} (whole collector, one process)`);
  } finally {
    await stopNats();
    await stopCh();
    rmSync(chDir, { recursive: true, force: true });
  }
}

main().catch((err) => {
  console.error(err);
  process.exitCode = 1;
});
