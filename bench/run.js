#!/usr/bin/env node
// Runs every benchmark, one after the other (run `npm run build` first; `npm run bench` does).
'use strict';
const { spawnSync } = require('node:child_process');
const { join } = require('node:path');

// node reads NODE_EXTRA_CA_CERTS at the start of every process, node -e 0 included: with a system
// bundle that is several times the rest of node's start-up, so every ratio to node -e 0 or to
// promtool depends on it. Said once, so figures are compared only with figures taken the same way.
const extra = process.env.NODE_EXTRA_CA_CERTS;
console.log(extra ? `NODE_EXTRA_CA_CERTS=${extra}: every node process below loads it at start-up` : 'NODE_EXTRA_CA_CERTS is not set');

for (const script of ['checks.js', 'foundation.js', 'instructions.js', 'dashboards.js', 'scale.js', 'rules-audits.js', 'parity-gate.js', 'live.js', 'runtime.js', 'http.js', 'stores.js']) {
  console.log(`\n=== bench/${script}`);
  const res = spawnSync(process.execPath, [join(__dirname, script)], { stdio: 'inherit' });
  if (res.status !== 0) process.exitCode = 1;
}
