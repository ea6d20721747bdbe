#!/usr/bin/env node
// Cold cost of every check on the shipped spec in instructions, counted by valgrind's callgrind
// under `node --single-threaded` (V8's compiler and collector threads spin and wait differently
// from run to run, which moves a multi-threaded count by +-50-100M; on one thread the same build
// counts within a few M), so ratios to `node --single-threaded -e 0` can be compared across runs
// and builds. Slow (about 50x); run after `npm run build`: `node bench/instructions.js [g6-root]`
// (another checkout's root compares an older build). Beside them the floor of a check that reads
// the whole spec (bench/lib.js FLOOR_SCRIPT: node, the bundle loaded through its V8 code cache,
// js-yaml on the spec and the PromQL grammar on its expressions). Every figure is with the code
// cache, which holds compiled code, never results; each is warmed under the same flag.
'use strict';
const { spawnSync } = require('node:child_process');
const { join } = require('node:path');
const { CHECKS, FLOOR_SCRIPT, ROOT, floorBundle } = require('./lib');

const root = process.argv[2] ?? ROOT;
const FLAGS = ['--single-threaded'];
/** A run that (re)writes the code cache its command reads under FLAGS. */
const warm = (args) => spawnSync(process.execPath, [...FLAGS, join(root, 'bin', 'g6'), ...args], { cwd: root, stdio: 'ignore' });
function instructions(argv) {
  const res = spawnSync('valgrind', ['--tool=callgrind', '--callgrind-out-file=/dev/null', '--smc-check=all-non-file', process.execPath, ...FLAGS, ...argv], { cwd: root, encoding: 'utf8' });
  const m = /Collected : (\d+)/.exec(res.stderr);
  if (!m) throw new Error(`callgrind printed no total for ${argv.join(' ')}: ${res.stderr.slice(-500)}`);
  return { count: Number(m[1]), status: res.status };
}

floorBundle(FLAGS);
warm(['verify']); // the floor loads the bundle through verify's cache, dist/g6.js.cache
const base = instructions(['-e', '0']).count;
const floor = instructions(['-e', FLOOR_SCRIPT]).count;
console.log(`${'node --single-threaded -e 0'.padEnd(40)} ${(base / 1e6).toFixed(0).padStart(6)}M instructions`);
console.log(`${'floor: bundle load + js-yaml + grammar'.padEnd(40)} ${(floor / 1e6).toFixed(0).padStart(6)}M ratio ${(floor / base).toFixed(2)}x (what a check of every expression cannot go below)`);
for (const args of CHECKS) {
  // a command's first run after a build compiles from source and writes its code cache: count a later run
  warm(args);
  const r = instructions([join(root, 'bin', 'g6'), ...args]);
  const target = args[0] === 'verify' ? 3 : 2.2;
  console.log(`${`g6 ${args.join(' ')}`.padEnd(40)} ${(r.count / 1e6).toFixed(0).padStart(6)}M ratio ${(r.count / base).toFixed(2)}x (target <= ${target}x)${r.status ? ` exit ${r.status}` : ''}`);
}
