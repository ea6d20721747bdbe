#!/usr/bin/env node
// Foundation targets: validate-spec and gen-metrics --check on the shipped spec within 1.5x of
// `node -e 0`; both under 1 s on a synthetic 5,000-metric spec. Run after `npm run build`.
'use strict';
const { mkdtempSync, writeFileSync, rmSync } = require('node:fs');
const { tmpdir } = require('node:os');
const { join } = require('node:path');
const { spawnSync } = require('node:child_process');
const { FLOOR_SCRIPT, ROOT, floorBundle, median, node0, g6, row, timeCommand } = require('./lib');

function parserFloor(runs) {
  const samples = [];
  for (let i = 0; i < runs; i++) samples.push(JSON.parse(spawnSync(process.execPath, ['-e', FLOOR_SCRIPT], { cwd: ROOT, encoding: 'utf8' }).stdout));
  const of = (key) => median(samples.map((s) => s[key]));
  return { yamlMs: of('yamlMs'), promqlMs: of('promqlMs'), expressions: samples[0].expressions };
}

function syntheticSpec(n) {
  const lines = ['version: 1', 'families:'];
  const perFamily = 100;
  for (let f = 0; f < Math.ceil(n / perFamily); f++) {
    lines.push(`  fam_${f}:`, `    owner: bench/${f}`, '    metrics:');
    for (let i = f * perFamily; i < Math.min(n, (f + 1) * perFamily); i++) {
      const kind = i % 3;
      if (kind === 0) {
        lines.push(`      - name: g6_bench_events_${i}_total`, '        type: counter', `        help: Events ${i}.`, '        labels: [kind]', '        cardinality_budget: 10',
          '        panels:', `          - {kind: rate, title: Events ${i}, promql: "sum by (kind) (rate(g6_bench_events_${i}_total[$__rate_interval]))"}`);
      } else if (kind === 1) {
        lines.push(`      - name: g6_bench_depth_${i}`, '        type: gauge', `        help: Depth ${i}.`, '        labels: []', '        cardinality_budget: 1',
          '        panels:', `          - {kind: depth, title: Depth ${i}, promql: "g6_bench_depth_${i}"}`);
      } else {
        lines.push(`      - name: g6_bench_latency_${i}_seconds`, '        type: histogram', `        help: Latency ${i}.`, '        labels: []', '        cardinality_budget: 1',
          '        buckets: [0.01, 0.1, 1, 10]', '        panels:', `          - {kind: p95, title: Latency ${i}, promql: "g6_bench_latency_${i}_seconds:p95_5m"}`);
      }
    }
  }
  return `${lines.join('\n')}\n`;
}

const dir = mkdtempSync(join(tmpdir(), 'g6-bench-'));
try {
  const big = join(dir, 'big.yml');
  writeFileSync(big, syntheticSpec(5000));
  const out = join(dir, 'gen');
  g6(['gen-metrics', '--spec', big, '--out', out], { runs: 1 });

  floorBundle();
  const base = node0();
  console.log(row('node -e 0', base));
  for (const [label, args, runs] of [
    ['validate-spec (shipped spec)', ['validate-spec'], 9],
    ['gen-metrics --check (shipped spec)', ['gen-metrics', '--check'], 9],
    ['verify (shipped spec; target <= 2x)', ['verify'], 5],
    ['validate-spec (5,000 metrics)', ['validate-spec', '--spec', big], 5],
    ['gen-metrics --check (5,000 metrics)', ['gen-metrics', '--spec', big, '--out', out, '--check'], 5],
  ]) {
    console.log(row(`g6 ${label}, cold`, g6(args, { runs }), base));
  }
  console.log(row('cold floor process (bundle load + js-yaml + grammar)', timeCommand([process.execPath, '-e', FLOOR_SCRIPT]), base));
  const floor = parserFloor(9);
  const headroom = base.medianMs * 0.5;
  console.log(`cold floor, shipped spec: js-yaml ${floor.yamlMs.toFixed(1)} ms + PromQL grammar on ${floor.expressions} expressions ${floor.promqlMs.toFixed(1)} ms = ${(floor.yamlMs + floor.promqlMs).toFixed(1)} ms in process; the 1.5x target leaves ${headroom.toFixed(1)} ms beyond node -e 0`);
  console.log('targets: shipped spec <= 1.5x node -e 0 (verify <= 2x); 5,000 metrics < 1000 ms');
  console.log('cold: every run parses and checks everything; nothing is cached across processes but compiled code');
} finally {
  rmSync(dir, { recursive: true, force: true });
}
