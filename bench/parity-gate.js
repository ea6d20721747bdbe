#!/usr/bin/env node
// Benchmark: g6 parity-snapshot on two 5-index snapshots vs `node -e 0`, and g6 ci-gate on a
// 10,000-series exposition file, in wall time vs `node -e 0` and in CPU time vs `promtool check
// metrics` on the same file (interleaved runs; target at most 1.2x), beside `node -e 0` and the
// floor (node reading the file and scanning it as ci-gate does, bench/scan-floor.js) in the same
// runs. Runs the built CLI (npm run build first).
// Usage: node bench/parity-gate.js [runs]
'use strict';
const { mkdtempSync, writeFileSync, rmSync } = require('node:fs');
const { tmpdir } = require('node:os');
const { join } = require('node:path');
const { G6, cpuVersusPromtool, timeCommand } = require('./lib');

const RUNS = Number(process.argv[2] || 15);
const dir = mkdtempSync(join(tmpdir(), 'g6-bench-'));

function snapshot(shift) {
  const defs = [['NIFTY', 24800, 50], ['BANKNIFTY', 54000, 100], ['FINNIFTY', 25950, 50], ['MIDCPNIFTY', 12000, 50], ['SENSEX', 81000, 100]];
  const indices = defs.map(([index, atm, step]) => {
    const expiries = ['this_week', 'next_week', 'this_month', 'next_month'].map((rule, j) => {
      const strike_counts = {};
      for (let i = -10; i <= 10; i++) strike_counts[String(atm + (i + shift) * step)] = 2;
      return { expiry: `2025-11-${String(4 + j * 7).padStart(2, '0')}`, rule, option_count: 42, strike_coverage: 0.95, field_coverage: 0.9, strike_counts };
    });
    return { index, status: 'OK', option_count: 168, expiries, strike_coverage_avg: 0.95, field_coverage_avg: 0.9 };
  });
  return { schema_version: 1, cycle: 1, indices, options_total: 840, alerts: { total: 2, categories: { expiry_empty: 1 + shift, low_field_coverage: 1 }, severity: { expiry_empty: 'warning', low_field_coverage: 'info' } } };
}

function exposition(series) {
  const lines = ['# HELP g6_pipeline_parity_rolling_avg Rolling parity.', '# TYPE g6_pipeline_parity_rolling_avg gauge', 'g6_pipeline_parity_rolling_avg 0.995'];
  lines.push('# TYPE g6_pipeline_index_fatal_total counter', 'g6_pipeline_index_fatal_total{index="NIFTY"} 1');
  lines.push('# TYPE g6_pipeline_index_recoverable_total counter', 'g6_pipeline_index_recoverable_total{index="NIFTY"} 99');
  lines.push('# HELP g6_option_quote_age_seconds Quote age.', '# TYPE g6_option_quote_age_seconds gauge');
  const samples = lines.filter((l) => !l.startsWith('#')).length;
  for (let i = 0; i < series - samples; i++) {
    lines.push(`g6_option_quote_age_seconds{index="IDX${i % 7}",expiry="2025-11-${String((i % 28) + 1).padStart(2, '0')}",strike="${20000 + i}",type="${i % 2 ? 'CE' : 'PE'}"} ${(i % 97) / 10}`);
  }
  return `${lines.join('\n')}\n`;
}

/** Median wall time of `node args` in the bench folder; a run must exit with `expectCode`. */
function time(args, expectCode = 0) {
  const r = timeCommand([process.execPath, ...args], { runs: RUNS, cwd: dir });
  if (r.status !== expectCode) throw new Error(`${args.join(' ')} exited ${r.status}: ${r.stderr}`);
  return r.medianMs;
}

/** Median CPU times of ci-gate and of `promtool check metrics` on metrics.prom, runs interleaved. */
try {
  writeFileSync(join(dir, 'base.json'), JSON.stringify(snapshot(0)));
  writeFileSync(join(dir, 'cand.json'), JSON.stringify(snapshot(1)));
  const expo = exposition(10000);
  writeFileSync(join(dir, 'metrics.prom'), expo);

  const nodeBase = time(['-e', '0']);
  const parity = time([G6, 'parity-snapshot', '--baseline', 'base.json', '--candidate', 'cand.json']);
  const gate = time([G6, 'ci-gate', '--metrics-file', 'metrics.prom']);
  const cpu = cpuVersusPromtool(['ci-gate', '--metrics-file', 'metrics.prom'], 'metrics.prom', [], { cwd: dir, runs: RUNS });
  const result = {
    runs: RUNS,
    node_e0_ms: +nodeBase.toFixed(1),
    parity_snapshot_ms: +parity.toFixed(1),
    parity_snapshot_ratio: +(parity / nodeBase).toFixed(2),
    parity_snapshot_target_ratio: 1.5,
    ci_gate_10k_series_ms: +gate.toFixed(1),
    ci_gate_series: expo.split('\n').filter((l) => l && !l.startsWith('#')).length,
    ci_gate_ratio: +(gate / nodeBase).toFixed(2),
    ci_gate_target_ms: 200,
    ci_gate_cpu_ms: +cpu.g6.toFixed(1),
    promtool_check_metrics_cpu_ms: +cpu.promtool.toFixed(1),
    ci_gate_cpu_ratio_to_promtool: +(cpu.g6 / cpu.promtool).toFixed(2),
    ci_gate_cpu_target_ratio: 1.2,
    node_e0_cpu_ms: +cpu.node.toFixed(1),
    scan_floor_cpu_ms: +cpu.floor.toFixed(1),
    scan_floor_cpu_ratio_to_promtool: +(cpu.floor / cpu.promtool).toFixed(2),
  };
  process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
