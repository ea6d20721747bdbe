#!/usr/bin/env node
/**
 * Scale of `g6 generate` and `g6 verify` (run `npm run build` first): synthetic specs of 1,000,
 * 5,000 and 20,000 metrics with the shipped spec's mix — labelled counters, gauges, histograms with
 * quantile_labels, panel hints, alerts with derivable tests and with test blocks, declared
 * recording_rules, alert_suggestions (success ratios, backlogs) and a dashboard plan — each in a
 * fresh folder: `generate` into it, then `verify` of it. Wall and CPU time (user + system of the
 * child, from /usr/bin/time) and peak RSS, medians over runs, beside `node -e 0` in the same run,
 * and the growth exponent from 5,000 to 20,000 metrics (log(t20k / t5k) / log 4).
 * Targets: 20,000 metrics under 10 s each, exponent <= 1.15, peak RSS < 1 GB.
 * Usage: node bench/scale.js [--runs N] [--sizes 1000,5000,20000]
 */
'use strict';
const { spawnSync } = require('node:child_process');
const { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } = require('node:fs');
const { cpus, loadavg, tmpdir } = require('node:os');
const { join } = require('node:path');
const { ROOT, G6, median } = require('./lib');

const arg = (name, fallback) => {
  const i = process.argv.indexOf(name);
  return i > 0 ? process.argv[i + 1] : fallback;
};
const RUNS = Number(arg('--runs', 3));
const SIZES = arg('--sizes', '1000,5000,20000').split(',').map(Number);

const PER_FAMILY = 20;
const FAMILIES_PER_DASHBOARD = 5;

/** The metrics of family `f`: five fixed roles (the ones rules, suggestions and plans name), then a rotating mix. */
function familyMetrics(f, count) {
  const p = `g6_s${f}`;
  const fixed = [
    {
      name: `${p}_requests_total`, type: 'counter', labels: ['index', 'operation'],
      values: { index: ['NIFTY', 'BANKNIFTY', 'SENSEX'], operation: ['quotes', 'atm'] }, budget: 6,
      panels: [
        ['rate_by_operation', `sum by (operation) (rate(${p}_requests_total[$__rate_interval]))`, 'reqps'],
        ['rate_by_index', `sum(rate(${p}_requests_total[$__rate_interval])) by (index)`, 'reqps'],
      ],
      alerts: [{ alert: `G6S${f}NoRequests`, expr: `sum(rate(${p}_requests_total[5m])) < 1`, for: '10m', severity: 'critical' }],
    },
    {
      name: `${p}_errors_total`, type: 'counter', labels: ['index', 'operation', 'error_type'],
      values: { index: ['NIFTY', 'BANKNIFTY', 'SENSEX'], operation: ['quotes', 'atm'], error_type: ['timeout', 'internal'] }, budget: 12,
      panels: [
        ['error_ratio', `g6:s${f}_error_ratio_5m`, 'percentunit'],
        ['errors_by_type', `sum by (error_type) (rate(${p}_errors_total[$__rate_interval]))`, 'reqps'],
      ],
      alerts: [{
        alert: `G6S${f}ErrorRatioHigh`, expr: `g6:s${f}_error_ratio_5m > 0.05`, for: '5m', severity: 'warning',
        test: {
          firing: [[`${p}_requests_total{index="NIFTY",operation="quotes"}`, '0+100x60'], [`${p}_errors_total{index="NIFTY",operation="quotes",error_type="timeout"}`, '0+10x60']],
          silent: [[`${p}_requests_total{index="NIFTY",operation="quotes"}`, '0+100x60'], [`${p}_errors_total{index="NIFTY",operation="quotes",error_type="timeout"}`, '0+1x60']],
        },
      }],
    },
    {
      name: `${p}_latency_seconds`, type: 'histogram', labels: ['operation'], values: { operation: ['quotes', 'atm'] }, budget: 2,
      quantileLabels: ['operation'], buckets: [0.001, 0.01, 0.1, 1, 10],
      panels: [['p95_by_operation', `${p}_latency_seconds:p95_5m_by_operation`, 's'], ['p99', `${p}_latency_seconds:p99_5m`, 's']],
      alerts: [],
    },
    {
      name: `${p}_backlog_rows`, type: 'gauge', labels: [], budget: 1,
      panels: [['backlog', `sum(${p}_backlog_rows)`, 'short'], ['eta', `${p}_backlog_rows:eta_minutes`, 'm']],
      alerts: [{ alert: `G6S${f}BacklogHigh`, expr: `max(${p}_backlog_rows) > 100000`, for: '15m', severity: 'warning' }],
    },
    {
      name: `${p}_written_total`, type: 'counter', labels: ['table'], values: { table: ['quotes', 'chain'] }, budget: 2,
      panels: [['rows_by_table', `sum by (table) (rate(${p}_written_total[$__rate_interval]))`, 'rowsps']],
      alerts: [],
    },
    {
      name: `${p}_failed_total`, type: 'counter', labels: ['table'], values: { table: ['quotes', 'chain'] }, budget: 2,
      panels: [['failed_by_table', `sum by (table) (increase(${p}_failed_total[1h]))`, 'short']],
      alerts: [],
    },
  ];
  const metrics = fixed.slice(0, count);
  for (let j = metrics.length; j < count; j++) {
    const labels = ['index', 'table', 'reason'].slice(0, j % 3);
    const values = Object.fromEntries(labels.map((l) => [l, [`${l}_a`, `${l}_b`]]));
    const by = labels[0] ? `sum by (${labels[0]}) ` : 'sum ';
    const m = `${p}_m${j}`;
    switch (j % 4) {
      case 0:
        metrics.push({ name: `${m}_total`, type: 'counter', labels, values, budget: 8, panels: [['rate', `${by}(rate(${m}_total[$__rate_interval]))`, 'ops']],
          alerts: j % 8 === 0 ? [{ alert: `G6S${f}M${j}Rate`, expr: `${by}(rate(${m}_total[5m])) > 50`, for: '5m', severity: 'warning' }] : [] });
        break;
      case 1:
        metrics.push({ name: m, type: 'gauge', labels, values, budget: 8, panels: [['value', `${by}(${m})`, 'short']],
          alerts: j % 8 === 1 ? [{ alert: `G6S${f}M${j}High`, expr: `${m} > 10`, for: '2m', severity: 'info' }] : [] });
        break;
      case 2:
        metrics.push({ name: `${m}_seconds`, type: 'histogram', labels, values, budget: 8, buckets: [0.01, 0.1, 1, 10],
          quantileLabels: labels.slice(0, 1), panels: [['p95', `${m}_seconds:p95_5m`, 's']], alerts: [] });
        break;
      default:
        metrics.push({ name: `${m}_bytes`, type: 'gauge', labels, values, budget: 8, panels: j % 2 ? [] : [['max', `max(${m}_bytes)`, 'bytes']], noPanel: j % 2 === 1, alerts: [] });
    }
  }
  return metrics;
}

const list = (xs) => `[${xs.join(', ')}]`;

function metricLines(m) {
  const out = [`      - name: ${m.name}`, `        type: ${m.type}`, `        help: Synthetic ${m.type} ${m.name}.`, `        labels: ${list(m.labels)}`];
  if (m.values && Object.keys(m.values).length) {
    out.push('        label_values:', ...Object.entries(m.values).map(([l, vs]) => `          ${l}: ${list(vs)}`));
  }
  if (m.quantileLabels?.length) out.push(`        quantile_labels: ${list(m.quantileLabels)}`);
  out.push(`        cardinality_budget: ${m.budget}`);
  if (m.buckets) out.push(`        buckets: ${list(m.buckets)}`);
  if (m.noPanel) out.push('        no_panel: true');
  if (m.panels.length) {
    out.push('        panels:');
    for (const [kind, promql, unit] of m.panels) out.push(`          - kind: ${kind}`, `            title: ${m.name} ${kind}`, `            promql: ${JSON.stringify(promql)}`, `            unit: ${unit}`);
  }
  if (m.alerts.length) {
    out.push('        alerts:');
    for (const a of m.alerts) {
      out.push(`          - alert: ${a.alert}`, `            expr: ${JSON.stringify(a.expr)}`, `            for: ${a.for}`, `            severity: ${a.severity}`,
        `            summary: ${a.alert} fired.`, `            description: Synthetic alert on ${m.name}.`);
      if (a.test) {
        out.push('            test:', '              eval_time: 30m');
        for (const side of ['firing', 'silent']) {
          out.push(`              ${side}:`, ...a.test[side].flatMap(([series, values]) => [`                - series: ${JSON.stringify(series)}`, `                  values: "${values}"`]));
        }
      }
    }
  }
  return out;
}

/** A spec of `n` metrics in families of 20, with declared rules and suggestions per family. */
function syntheticSpec(n) {
  const families = Math.ceil(n / PER_FAMILY);
  const lines = ['version: 1', 'families:'];
  const rules = ['recording_rules:'];
  const ratios = ['  success_ratios:'];
  const backlogs = ['  backlogs:'];
  for (let f = 0; f < families; f++) {
    const count = Math.min(PER_FAMILY, n - f * PER_FAMILY);
    lines.push(`  fam_${f}:`, `    owner: bench/fam_${f}`, `    description: Synthetic family ${f}.`, '    metrics:');
    for (const m of familyMetrics(f, count)) lines.push(...metricLines(m));
    if (count < 6) continue;
    const p = `g6_s${f}`;
    rules.push(
      `  - record: g6:s${f}_error_ratio_5m`, `    expr: "sum(rate(${p}_errors_total[5m])) / (sum(rate(${p}_requests_total[5m])) > 0)"`,
      `  - record: ${p}_backlog_rows:eta_minutes`, `    expr: "sum(${p}_backlog_rows) / clamp_min(sum(rate(${p}_written_total[5m])), 0.01) / 60"`,
      `  - record: ${p}_backlog_rows:burn_rows_per_s`, `    expr: "clamp_min(-sum(deriv(${p}_backlog_rows[5m])), 0)"`,
    );
    ratios.push(`    - name: G6S${f}WriteSuccessRatio`, `      success: ${p}_written_total`, `      failure: ${p}_failed_total`);
    backlogs.push(`    - name: G6S${f}BacklogDrain`, `      backlog: ${p}_backlog_rows`, `      drain: ${p}_written_total`, '      stall_min_backlog: 50000');
  }
  lines.push(...rules, 'alert_suggestions:', '  p95_regression: {warning: 1.25, critical: 1.5, warning_for: 10m, critical_for: 5m}', ...ratios, ...backlogs);
  return `${lines.join('\n')}\n`;
}

/** A plan of one dashboard per five families; every tenth with pinned, efficiency and latency-window panels. */
function syntheticPlan(n) {
  const families = Math.ceil(n / PER_FAMILY);
  const lines = ['defaults:', '  caps: { core: 24, efficiency: 12 }', '  label_split_limit: 2', 'dashboards:'];
  for (let d = 0; d * FAMILIES_PER_DASHBOARD < families; d++) {
    const fams = [];
    for (let f = d * FAMILIES_PER_DASHBOARD; f < Math.min(families, (d + 1) * FAMILIES_PER_DASHBOARD); f++) fams.push(`fam_${f}`);
    const p = `g6_s${d * FAMILIES_PER_DASHBOARD}`;
    lines.push(`  - slug: bench_${d}`, `    title: Bench ${d}`, `    families: ${list(fams)}`, `    description: Synthetic dashboard ${d}.`, `    tags: [bench]`);
    if (d === 0) lines.push('    rule_usage_summary: true');
    if (d % 10 === 0 && n - d * FAMILIES_PER_DASHBOARD * PER_FAMILY >= 6) {
      lines.push(
        '    pinned:', `      - { key: error-ratio, title: Error Ratio, expr: "g6:s${d * FAMILIES_PER_DASHBOARD}_error_ratio_5m", unit: percentunit }`,
        '    efficiency:', `      - { key: fail-share, title: Failed share, ratio: { numerator: ${p}_failed_total, denominator: ${p}_written_total, window: cumulative }, unit: percentunit }`,
        '    latency_windows:', `      - { metric: ${p}_latency_seconds, label: Latency }`, `      - { metric: ${p}_latency_seconds, by: operation, label: Latency }`,
      );
    }
  }
  return `${lines.join('\n')}\n`;
}

const TIME_FORMAT = '__BENCH_TIME__ %e %U %S %M';

// default input limits: at 20,000 metrics the suggestions' promtool tests are about 19 MiB, and
// verify reads g6's own artifacts up to twice their size
const ENV = { ...process.env, NO_COLOR: '1' };

/** One child run under /usr/bin/time: wall, CPU (user + system) seconds and peak RSS (MB). */
function timed(argv, cwd) {
  const res = spawnSync('/usr/bin/time', ['-f', TIME_FORMAT, process.execPath, ...argv], { cwd, encoding: 'utf8', maxBuffer: 1 << 28, env: ENV });
  const m = /__BENCH_TIME__ (\S+) (\S+) (\S+) (\d+)/.exec(res.stderr ?? '');
  if (!m) throw new Error(`bench/scale.js: /usr/bin/time printed nothing for ${argv.join(' ')}: ${res.stderr?.slice(-500)}`);
  return { wall: Number(m[1]), cpu: Number(m[2]) + Number(m[3]), rssMb: Number(m[4]) / 1024, status: res.status, stderr: res.stderr };
}

function summarize(samples) {
  return { wall: median(samples.map((s) => s.wall)), cpu: median(samples.map((s) => s.cpu)), rssMb: Math.max(...samples.map((s) => s.rssMb)) };
}

function measure(n) {
  const gen = [];
  const ver = [];
  for (let r = 0; r < RUNS; r++) {
    const dir = mkdtempSync(join(tmpdir(), 'g6-bench-scale-'));
    try {
      mkdirSync(join(dir, 'spec'));
      writeFileSync(join(dir, 'spec', 'metrics.yml'), syntheticSpec(n));
      writeFileSync(join(dir, 'spec', 'dashboards.yml'), syntheticPlan(n));
      const g = timed([G6, 'generate'], dir);
      if (g.status !== 0) throw new Error(`generate (${n} metrics) exited ${g.status}:\n${g.stderr.slice(-3000)}`);
      gen.push(g);
      const v = timed([G6, 'verify'], dir);
      if (v.status !== 0) throw new Error(`verify (${n} metrics) exited ${v.status}:\n${v.stderr.slice(-3000)}`);
      ver.push(v);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
  return { n, generate: summarize(gen), verify: summarize(ver) };
}

function main() {
  if (!existsSync(join(ROOT, 'dist', 'g6.js'))) {
    console.error('bench/scale.js: dist/g6.js is missing; run npm run build first');
    process.exit(2);
  }

  const base = summarize(Array.from({ length: 5 }, () => timed(['-e', '0'], ROOT)));
  console.log(`node -e 0: wall ${(base.wall * 1000).toFixed(0)} ms, cpu ${(base.cpu * 1000).toFixed(0)} ms, peak RSS ${base.rssMb.toFixed(0)} MB`);
  const rows = [];
  for (const n of SIZES) {
    const row = measure(n);
    rows.push(row);
    for (const cmd of ['generate', 'verify']) {
      const s = row[cmd];
      const target = n === 20000 ? ` (target cpu < 10 s, RSS < 1024 MB; ${(s.cpu / base.cpu).toFixed(0)}x node -e 0)` : '';
      console.log(`${String(n).padStart(6)} metrics: g6 ${cmd.padEnd(8)} wall ${s.wall.toFixed(2).padStart(6)} s, cpu ${s.cpu.toFixed(2).padStart(6)} s, peak RSS ${s.rssMb.toFixed(0).padStart(4)} MB${target}`);
    }
  }
  const at = (n) => rows.find((r) => r.n === n);
  if (at(5000) && at(20000)) {
    const exp = (cmd, key) => Math.log(at(20000)[cmd][key] / at(5000)[cmd][key]) / Math.log(4);
    for (const cmd of ['generate', 'verify']) {
      console.log(`growth 5,000 -> 20,000 metrics, g6 ${cmd}: exponent wall ${exp(cmd, 'wall').toFixed(2)}, cpu ${exp(cmd, 'cpu').toFixed(2)} (target <= 1.15)`);
    }
  }
  console.log(`load average ${loadavg().map((x) => x.toFixed(1)).join(' ')} on ${cpus().length} cores: wall time grows with it, CPU time much less`);
  console.log(`targets: 20,000 metrics < 10 s each, peak RSS < 1024 MB; medians of ${RUNS} run(s), each in a fresh folder (generate writes everything, then verify checks it)`);
}

if (require.main === module) main();
module.exports = { syntheticSpec, syntheticPlan };
