#!/usr/bin/env node
// /metrics under load: 20 concurrent clients scraping a real `g6 run` (one cycle every 5 s, so the
// text is re-rendered as metrics change) for about 15 s. Target p99 <= 100 ms on a quiet machine.
// Also 300 slow connections (slowloris): how many the server holds. Runs against dist/ via bin/g6.
'use strict';
const { spawn } = require('node:child_process');
const { mkdtempSync, rmSync } = require('node:fs');
const { Agent, get } = require('node:http');
const { connect } = require('node:net');
const { tmpdir } = require('node:os');
const { join } = require('node:path');
const { G6, ROOT } = require('./lib');

const CLIENTS = 20;
const DURATION_MS = 15_000;

function startRun(dataDir) {
  const child = spawn(process.execPath, [G6, 'run', '--interval', '5', '--listen', '127.0.0.1:0', '--data-dir', dataDir], { cwd: ROOT, stdio: ['ignore', 'ignore', 'pipe'] });
  return new Promise((resolve, reject) => {
    let err = '';
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (d) => {
      err += d;
      const addr = /listening on http:\/\/(\S+)/.exec(err);
      if (addr && / cycle 1\//.test(err)) resolve({ child, address: addr[1] });
    });
    child.on('close', (code) => reject(new Error(`g6 run exited (${code}):\n${err}`)));
  });
}

function scrape(url, agent) {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    get(url, { agent }, (res) => {
      res.on('data', () => {});
      res.on('end', () => resolve(performance.now() - t0));
    }).on('error', reject);
  });
}

function percentile(sorted, q) {
  return sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)];
}

async function load(address) {
  const url = `http://${address}/metrics`;
  const agent = new Agent({ keepAlive: true, maxSockets: CLIENTS });
  const latencies = [];
  const end = Date.now() + DURATION_MS;
  await Promise.all(
    Array.from({ length: CLIENTS }, async () => {
      while (Date.now() < end) latencies.push(await scrape(url, agent));
    }),
  );
  agent.destroy();
  return latencies.sort((a, b) => a - b);
}

async function slowloris(address) {
  const [host, port] = [address.slice(0, address.lastIndexOf(':')), Number(address.slice(address.lastIndexOf(':') + 1))];
  const sockets = [];
  let closed = 0;
  for (let i = 0; i < 300; i++) {
    const s = connect(port, host, () => s.write('GET /metrics HTTP/1.1\r\nHost: x\r\nX-Slow: '));
    s.on('error', () => {});
    s.on('close', () => closed++);
    sockets.push(s);
  }
  await new Promise((r) => setTimeout(r, 2000));
  const held = 300 - closed;
  for (const s of sockets) s.destroy();
  return held;
}

(async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'g6-bench-http-'));
  const { child, address } = await startRun(dataDir);
  try {
    const l = await load(address);
    console.log(
      `/metrics, ${CLIENTS} concurrent clients, ${(DURATION_MS / 1000).toFixed(0)} s       ${l.length} requests, p50 ${percentile(l, 0.5).toFixed(1)} ms, p99 ${percentile(l, 0.99).toFixed(1)} ms, max ${l[l.length - 1].toFixed(1)} ms (target p99 <= 100 ms)`,
    );
    console.log(`300 slow connections (slowloris)                       ${await slowloris(address)} held after 2 s (cap 100)`);
  } finally {
    child.kill('SIGTERM');
    await new Promise((r) => child.on('close', r));
    rmSync(dataDir, { recursive: true, force: true });
  }
})().catch((err) => {
  console.error(err);
  process.exitCode = 1;
});
