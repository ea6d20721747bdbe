#!/usr/bin/env node
/**
 * Benchmark of g6 gen-dashboards against dist/ (run `npm run build` first):
 *  1. `gen-dashboards --verify` on the shipped spec beside `node -e 0`, medians of interleaved runs;
 *  2. synthetic specs of 1,250 / 2,500 / 5,000 metrics with a 50-dashboard plan (written to a
 *     temp dir): generate and verify, wall time and peak RSS (targets: < 2 s, < 300 MB, linear).
 * Usage: node bench/dashboards.js [--runs N]
 */
'use strict';
const { spawnSync } = require('node:child_process');
const { mkdtempSync, rmSync, writeFileSync, existsSync } = require('node:fs');
const { tmpdir } = require('node:os');
const { join } = require('node:path');
const { ROOT, G6: BIN, median } = require('./lib');
const runsArg = process.argv.indexOf('--runs');
const RUNS = runsArg > 0 ? Number(process.argv[runsArg + 1]) : 9;

if (!existsSync(join(ROOT, 'dist'))) {
  console.error('bench/dashboards.js: dist/ is missing; run npm run build first');
  process.exit(2);
}

/** Wall ms and peak RSS (KB, from /usr/bin/time when present) of one child run. */
function timed(args, cwd, extraEnv = {}) {
  const haveTime = existsSync('/usr/bin/time');
  const cmd = haveTime ? '/usr/bin/time' : process.execPath;
  const argv = haveTime ? ['-f', '__RSS_KB=%M', process.execPath, ...args] : args;
  const t0 = process.hrtime.bigint();
  const res = spawnSync(cmd, argv, { cwd, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1', ...extraEnv } });
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  const m = /__RSS_KB=(\d+)/.exec(res.stderr || '');
  return { ms, rssKb: m ? Number(m[1]) : NaN, code: res.status, stderr: res.stderr };
}

function shippedSpec() {
  const base = [];
  const verify = [];
  for (let i = 0; i < RUNS; i++) {
    base.push(timed(['-e', '0'], ROOT).ms);
    const r = timed([BIN, 'gen-dashboards', '--verify'], ROOT);
    if (r.code !== 0) throw new Error(`gen-dashboards --verify exited ${r.code}: ${r.stderr}`);
    verify.push(r.ms);
  }
  const b = median(base);
  const v = median(verify);
  console.log(`shipped spec: node -e 0 median ${b.toFixed(1)} ms; gen-dashboards --verify median ${v.toFixed(1)} ms, ratio ${(v / b).toFixed(2)}x (target <= 2.2x)`);
}

/** A synthetic spec: `n` metrics in families of 100 (counter/gauge/histogram mix, 0-3 labels, one hint on half). */
function syntheticSpec(n) {
  const lines = ['version: 1', 'families:'];
  const perFamily = 100;
  const families = Math.ceil(n / perFamily);
  for (let f = 0; f < families; f++) {
    lines.push(`  fam_${f}:`, `    owner: bench/fam_${f}`, '    metrics:');
    for (let j = 0; j < perFamily && f * perFamily + j < n; j++) {
      const i = f * perFamily + j;
      const kind = ['counter', 'gauge', 'histogram'][i % 3];
      const labels = ['index', 'table', 'reason'].slice(0, i % 4);
      const name = `g6_bench_m${i}${kind === 'counter' ? '_total' : kind === 'histogram' ? '_seconds' : ''}`;
      lines.push(`      - name: ${name}`, `        type: ${kind}`, `        help: Synthetic metric ${i}.`, `        labels: [${labels.join(', ')}]`, '        cardinality_budget: 100');
      if (kind === 'histogram') lines.push('        buckets: [0.01, 0.1, 1, 10]');
      if (i % 2 === 0) {
        const by = labels[0] ? `sum by (${labels[0]}) ` : 'sum ';
        const expr = kind === 'counter' ? `${by}(rate(${name}[5m]))` : kind === 'histogram' ? `${name}:p95_5m` : `${by}(${name})`;
        lines.push('        panels:', `          - kind: main`, `            title: Metric ${i}`, `            promql: ${expr}`);
      }
    }
  }
  return `${lines.join('\n')}\n`;
}

function syntheticPlan(n) {
  const families = Math.ceil(n / 100);
  const lines = ['dashboards:'];
  for (let d = 0; d < 50; d++) {
    const fams = [];
    for (let f = d; f < families; f += 50) fams.push(`fam_${f}`);
    if (fams.length === 0) fams.push(`fam_${d % families}`);
    lines.push(`  - slug: bench_${d}`, `    title: Bench ${d}`, `    families: [${fams.join(', ')}]`, `    rule_usage_summary: ${d === 0}`);
  }
  return `${lines.join('\n')}\n`;
}

function synthetic() {
  const rows = [];
  for (const n of [1250, 2500, 5000]) {
    const dir = mkdtempSync(join(tmpdir(), 'g6-bench-dash-'));
    try {
      writeFileSync(join(dir, 'metrics.yml'), syntheticSpec(n));
      writeFileSync(join(dir, 'dashboards.yml'), syntheticPlan(n));
      const args = [BIN, 'gen-dashboards', '--spec', 'metrics.yml', '--plan', 'dashboards.yml', '--output', 'out'];
      const gen = [];
      const ver = [];
      for (let i = 0; i < Math.max(3, Math.floor(RUNS / 3)); i++) {
        const g = timed(args, dir);
        if (g.code !== 0) throw new Error(`generate (${n}) exited ${g.code}: ${g.stderr}`);
        gen.push(g);
        const v = timed([...args, '--verify'], dir);
        if (v.code !== 0) throw new Error(`verify (${n}) exited ${v.code}: ${v.stderr}`);
        ver.push(v);
      }
      rows.push({
        n,
        genMs: median(gen.map((r) => r.ms)),
        genRss: Math.max(...gen.map((r) => r.rssKb)) / 1024,
        verMs: median(ver.map((r) => r.ms)),
        verRss: Math.max(...ver.map((r) => r.rssKb)) / 1024,
      });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
  for (const r of rows) {
    console.log(`synthetic ${String(r.n).padStart(5)} metrics / 50 dashboards: generate ${r.genMs.toFixed(0)} ms, ${r.genRss.toFixed(0)} MB; verify ${r.verMs.toFixed(0)} ms, ${r.verRss.toFixed(0)} MB (targets < 2000 ms, < 300 MB)`);
  }
  const [a, , c] = rows;
  console.log(`growth 1,250 -> 5,000 metrics (4x): generate ${(c.genMs / a.genMs).toFixed(2)}x, verify ${(c.verMs / a.verMs).toFixed(2)}x (linear or better: <= 4x)`);
}

shippedSpec();
synthetic();
