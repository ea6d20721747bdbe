#!/usr/bin/env node
// Foundation targets: validate-spec and gen-metrics --check on the shipped spec within 1.5x of
// `node -e 0`; both under 1 s on a synthetic 5,000-metric spec. Run after `npm run build`.
'use strict';
const { mkdtempSync, writeFileSync, rmSync } = require('node:fs');
const { tmpdir } = require('node:os');
const { join } = require('node:path');
const { node0, g6, row } = require('./lib');

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

  const base = node0();
  console.log(row('node -e 0', base));
  console.log(row('g6 validate-spec (shipped spec)', g6(['validate-spec']), base));
  console.log(row('g6 gen-metrics --check (shipped spec)', g6(['gen-metrics', '--check']), base));
  console.log(row('g6 validate-spec (5,000 metrics)', g6(['validate-spec', '--spec', big], { runs: 5 }), base));
  console.log(row('g6 gen-metrics --check (5,000 metrics)', g6(['gen-metrics', '--spec', big, '--out', out, '--check'], { runs: 5 }), base));
  console.log('targets: shipped spec <= 1.5x node -e 0; 5,000 metrics < 1000 ms');
} finally {
  rmSync(dir, { recursive: true, force: true });
}
