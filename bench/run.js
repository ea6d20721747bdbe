#!/usr/bin/env node
// Runs every benchmark, one after the other (run `npm run build` first; `npm run bench` does).
'use strict';
const { spawnSync } = require('node:child_process');
const { join } = require('node:path');

for (const script of ['checks.js', 'foundation.js', 'instructions.js', 'dashboards.js', 'scale.js', 'rules-audits.js', 'parity-gate.js', 'live.js', 'runtime.js', 'http.js', 'stores.js']) {
  console.log(`\n=== bench/${script}`);
  const res = spawnSync(process.execPath, [join(__dirname, script)], { stdio: 'inherit' });
  if (res.status !== 0) process.exitCode = 1;
}
