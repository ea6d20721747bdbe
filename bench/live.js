#!/usr/bin/env node
// Benchmark: g6 check-live --metrics-file on a 10,000-series exposition in CPU time vs `promtool
// check metrics` on the same text (runs interleaved; target at most 1.5x), beside `node -e 0` and
// the floor (node reading the file and scanning it as check-live does, bench/scan-floor.js) in the
// same runs, and check-live
// --prometheus-url over the shipped dashboards and rules against a local Prometheus scraping
// `g6 run` (target under 5 s wall). Runs the built CLI (npm run build first).
// Usage: node bench/live.js [runs]
'use strict';
const { spawn } = require('node:child_process');
const { mkdtempSync, writeFileSync, rmSync } = require('node:fs');
const { tmpdir } = require('node:os');
const { join } = require('node:path');
const { G6, ROOT, cpuVersusPromtool, timeCommand } = require('./lib');

const RUNS = Number(process.argv[2] || 9);
const dir = mkdtempSync(join(tmpdir(), 'g6-bench-live-'));
const SERIES = 10000;

function exposition() {
  const lines = ['# HELP app_quote_age_seconds Quote age.', '# TYPE app_quote_age_seconds gauge'];
  for (let i = 0; i < SERIES; i++) lines.push(`app_quote_age_seconds{index="IDX${i % 7}",expiry="2025-11-${String((i % 28) + 1).padStart(2, '0')}",strike="${20000 + i}",type="${i % 2 ? 'CE' : 'PE'}"} ${(i % 97) / 10}`);
  return `${lines.join('\n')}\n`;
}
const SPEC = `version: 1
families:
  app:
    metrics:
      - {name: app_quote_age_seconds, type: gauge, help: Quote age., unit: seconds, labels: [expiry, index, strike, type], cardinality_budget: ${SERIES}, no_panel: true}
`;

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
async function until(url, ms = 30000) {
  for (const end = Date.now() + ms; Date.now() < end; await sleep(200)) {
    try {
      if ((await fetch(url, { signal: AbortSignal.timeout(1000) })).ok) return;
    } catch {
      // not yet
    }
  }
  throw new Error(`${url} not ready`);
}

/** Median wall time of check-live --prometheus-url against a Prometheus scraping g6 run with the shipped rules. */
async function prometheusRun() {
  const children = [];
  try {
    const run = spawn(process.execPath, [G6, 'run', '--listen', '127.0.0.1:19871', '--interval', '1', '--data-dir', join(dir, 'data')], { cwd: ROOT, stdio: 'ignore' });
    children.push(run);
    const rules = ['recording_rules.yml', 'alerts.yml', 'alert_suggestions.yml'].map((f) => join(ROOT, 'rules', f));
    writeFileSync(join(dir, 'prometheus.yml'), JSON.stringify({ global: { scrape_interval: '1s' }, rule_files: rules, scrape_configs: [{ job_name: 'g6', static_configs: [{ targets: ['127.0.0.1:19871'] }] }] }));
    const prom = spawn('prometheus', [`--config.file=${join(dir, 'prometheus.yml')}`, '--web.listen-address=127.0.0.1:19872', `--storage.tsdb.path=${join(dir, 'tsdb')}`, '--log.level=error'], { stdio: 'ignore' });
    children.push(prom);
    await until('http://127.0.0.1:19871/metrics');
    await until('http://127.0.0.1:19872/-/ready');
    await sleep(3000);
    return timeCommand([process.execPath, G6, 'check-live', '--prometheus-url', 'http://127.0.0.1:19872'], { runs: RUNS, cwd: ROOT }).medianMs;
  } finally {
    await Promise.all(children.map((c) => new Promise((r) => (c.exitCode !== null ? r() : (c.once('close', r), c.kill('SIGTERM'))))));
  }
}

(async () => {
  try {
    writeFileSync(join(dir, 'metrics.prom'), exposition());
    writeFileSync(join(dir, 'spec.yml'), SPEC);
    const cpu = cpuVersusPromtool(['check-live', '--spec', 'spec.yml', '--metrics-file', 'metrics.prom'], 'metrics.prom', ['count'], { cwd: dir, runs: RUNS });
    const promMs = await prometheusRun();
    const result = {
      runs: RUNS,
      check_live_series: SERIES,
      check_live_cpu_ms: +cpu.g6.toFixed(1),
      promtool_check_metrics_cpu_ms: +cpu.promtool.toFixed(1),
      check_live_cpu_ratio_to_promtool: +(cpu.g6 / cpu.promtool).toFixed(2),
      check_live_cpu_target_ratio: 1.5,
      node_e0_cpu_ms: +cpu.node.toFixed(1),
      scan_floor_cpu_ms: +cpu.floor.toFixed(1),
      scan_floor_cpu_ratio_to_promtool: +(cpu.floor / cpu.promtool).toFixed(2),
      check_live_prometheus_ms: +promMs.toFixed(1),
      check_live_prometheus_target_ms: 5000,
    };
    process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
})();
