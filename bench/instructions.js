#!/usr/bin/env node
// Cold cost of every check on the shipped spec in instructions, counted by valgrind's callgrind:
// the same total for the same binary and inputs however busy the machine is, so ratios to
// `node -e 0` can be compared across runs and builds. Slow (about 50x); run after `npm run build`:
// `node bench/instructions.js [g6-root]` (another checkout's root compares an older build).
'use strict';
const { spawnSync } = require('node:child_process');
const { join } = require('node:path');
const { CHECKS, ROOT } = require('./lib');

const root = process.argv[2] ?? ROOT;
function instructions(argv) {
  const res = spawnSync('valgrind', ['--tool=callgrind', '--callgrind-out-file=/dev/null', '--smc-check=all-non-file', process.execPath, ...argv], { cwd: root, encoding: 'utf8' });
  const m = /Collected : (\d+)/.exec(res.stderr);
  if (!m) throw new Error(`callgrind printed no total for ${argv.join(' ')}: ${res.stderr.slice(-500)}`);
  return { count: Number(m[1]), status: res.status };
}

const base = instructions(['-e', '0']).count;
console.log(`${'node -e 0'.padEnd(40)} ${(base / 1e6).toFixed(0).padStart(6)}M instructions`);
for (const args of CHECKS) {
  // a command's first run after a build compiles from source and writes its code cache: count a later run
  spawnSync(process.execPath, [join(root, 'bin', 'g6'), ...args], { cwd: root, stdio: 'ignore' });
  const r = instructions([join(root, 'bin', 'g6'), ...args]);
  const target = args[0] === 'verify' ? 3 : 2.2;
  console.log(`${`g6 ${args.join(' ')}`.padEnd(40)} ${(r.count / 1e6).toFixed(0).padStart(6)}M ratio ${(r.count / base).toFixed(2)}x (target <= ${target}x)${r.status ? ` exit ${r.status}` : ''}`);
}
