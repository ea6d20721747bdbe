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
const REPEATS = 3;

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

/** CPU ms per cycle and wall seconds of `CYCLES` cycles of the whole collector (interval 0, simulated clock, no HTTP); `overrides` of storage and bus. */
async function collectorRun(overrides) {
  const dataDir = mkdtempSync(join(tmpdir(), 'g6-bench-stores-'));
  const base = defaultRuntimeConfig();
  const config = { ...base, cycles: CYCLES, intervalSeconds: 0, listen: '', simulatedStart: '2025-11-03T04:00:00Z', dataDir };
  config.storage = { ...base.storage, ...overrides.storage };
  config.bus = { ...base.bus, ...overrides.bus };
  let rows = 0;
  const c0 = process.cpuUsage();
  const w0 = performance.now();
  await runCollector({ config, cwd: process.cwd(), env: {}, version: 'bench', commit: 'bench', signal: new AbortController().signal, log: (l) => (rows += Number(/ rows=(\d+)/.exec(l)?.[1] ?? 0)) });
  const c = process.cpuUsage(c0);
  const wallS = (performance.now() - w0) / 1000;
  rmSync(dataDir, { recursive: true, force: true });
  return { cpuMsPerCycle: (c.user + c.system) / 1000 / CYCLES, wallS, rows };
}

async function medianRun(overrides) {
  const runs = [];
  for (let i = 0; i < REPEATS; i++) runs.push(await collectorRun(overrides));
  return { cpuMsPerCycle: median(runs.map((r) => r.cpuMsPerCycle)), rowsPerS: median(runs.map((r) => r.rows / r.wallS)), rows: runs[0].rows / CYCLES };
}

async function main() {
  const chDir = mkdtempSync(join(tmpdir(), 'g6-bench-ch-'));
  const [http, tcp, nats, monitor] = [await freePort(), await freePort(), await freePort(), await freePort()];
  const stopCh = await serve('clickhouse-server', [`--config-file=${clickHouseConfig(chDir, http, tcp)}`], async () => (await fetch(`http://127.0.0.1:${http}/ping`)).ok);
  const stopNats = await serve('nats-server', ['-js', '-a', '127.0.0.1', '-p', String(nats), '-m', String(monitor), '-sd', join(chDir, 'js')], async () => (await fetch(`http://127.0.0.1:${monitor}/healthz`)).ok);
  try {
    await collectorRun({}); // warm-up: JIT and module loading out of the figures
    const file = await medianRun({});
    const clickhouse = await medianRun({ storage: { url: `clickhouse://127.0.0.1:${http}/bench` } });
    const bus = await medianRun({ bus: { url: `nats://127.0.0.1:${nats}` } });
    const line = (label, r, base, target) =>
      console.log(`${label.padEnd(44)} ${r.cpuMsPerCycle.toFixed(1).padStart(6)} ms CPU/cycle${base ? `  (${(r.cpuMsPerCycle - base.cpuMsPerCycle >= 0 ? '+' : '') + (r.cpuMsPerCycle - base.cpuMsPerCycle).toFixed(1)} ms over the file store; target <= +${target} ms)` : ''}`);
    console.log(`rows per cycle: ${file.rows}`);
    line('file store (default)', file);
    line('ClickHouse store', clickhouse, file, 10);
    line('file store + NATS JetStream bus', bus, file, 5);
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
