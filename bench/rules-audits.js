#!/usr/bin/env node
// Benchmark of the rule and audit commands against dist/ (run `npm run build` first).
// Target: audit-quantiles over 100 dashboards x 30 panels under 1 s wall time.
// Prints medians of real CLI runs beside `node -e 0` (process start-up floor).
'use strict';
const { mkdtempSync, mkdirSync, writeFileSync, rmSync } = require('node:fs');
const { tmpdir } = require('node:os');
const { join } = require('node:path');
const { ROOT, G6, timeCommand } = require('./lib');

const RUNS = Number(process.env.BENCH_RUNS || 7);

/** Median wall time of whole runs; each does the full work (nothing is cached across processes). */
function time(args, cwd) {
  const r = timeCommand([process.execPath, ...args], { runs: RUNS, cwd });
  return { ms: r.medianMs, code: r.status, stderr: r.stderr };
}

// 100 dashboards x 30 panels: a mix of inline quantiles (every form), rule references and rates
const dir = mkdtempSync(join(tmpdir(), 'g6-bench-'));
const dash = join(dir, 'dashboards');
mkdirSync(dash);
const forms = [
  (m) => `histogram_quantile(0.95, sum by (le) (rate(${m}_bucket[5m])))`,
  (m) => `histogram_quantile(0.99, sum(rate(${m}_bucket[$__rate_interval])) by (le))`,
  (m) => `histogram_quantile(0.95, sum by (le, table) (rate(${m}_bucket{job="g6"}[5m])))`,
  (m) => `${m}:p95_5m`,
  (m) => `sum by (table) (rate(${m}_count[$__rate_interval])) / sum by (table) (rate(${m}_sum[5m]))`,
];
const rules = ['groups:', '  - name: bench.rules', '    rules:'];
for (let h = 0; h < 20; h++) {
  const m = `g6_bench_h${h}_seconds`;
  rules.push(`      - record: ${m}:p95_5m`, `        expr: histogram_quantile(0.95, sum by (le) (rate(${m}_bucket[5m])))`);
  rules.push(`      - record: ${m}:p99_5m`, `        expr: histogram_quantile(0.99, sum by (le) (rate(${m}_bucket[5m])))`);
}
writeFileSync(join(dir, 'rules.yml'), `${rules.join('\n')}\n`);
for (let d = 0; d < 100; d++) {
  const panels = [];
  for (let p = 0; p < 30; p++) {
    const m = `g6_bench_h${(d + p) % 20}_seconds`;
    const panel = { type: 'timeseries', title: `panel ${p}`, targets: [{ refId: 'A', expr: forms[p % forms.length](m) }, { refId: 'B', expr: `sum(rate(g6_bench_c${p}_total[5m]))` }] };
    panels.push(p % 10 === 9 ? { type: 'row', title: `row ${p}`, collapsed: true, panels: [panel] } : panel);
  }
  writeFileSync(join(dash, `d${String(d).padStart(3, '0')}.json`), JSON.stringify({ title: `bench ${d}`, uid: `bench-${d}`, panels }));
}

const floor = time(['-e', '0'], dir);
const audit = time([G6, 'audit-quantiles', '--dashboards', 'dashboards', '--rules', 'rules.yml', '--allow-inline', '0'], dir);
const rows = [
  ['node -e 0', floor.ms, ''],
  ['g6 audit-quantiles (100 dashboards x 30 panels)', audit.ms, audit.stderr.trim().split('\n').pop()],
];
for (const cmd of ['gen-recording-rules', 'gen-alerts', 'gen-alert-suggestions']) {
  const r = time([G6, cmd, '--check'], ROOT);
  rows.push([`g6 ${cmd} --check (spec/metrics.yml)`, r.ms, `exit ${r.code}`]);
}
rmSync(dir, { recursive: true, force: true });
for (const [name, ms, note] of rows) console.log(`${name.padEnd(52)} ${ms.toFixed(0).padStart(6)} ms  ${(ms / floor.ms).toFixed(1)}x  ${note}`);
if (audit.ms >= 1000) {
  console.error(`audit-quantiles took ${audit.ms.toFixed(0)} ms; target is under 1000 ms`);
  process.exitCode = 1;
}
