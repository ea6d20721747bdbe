#!/usr/bin/env node
// The fuzz suite at volume: test/fuzz with every case count multiplied (default 20: about 70,000
// in-process cases and 660 bin/g6 runs) and a seed of your choice, so each run explores new inputs.
// Usage: node bench/fuzz.js [scale] [seed]   (run `npm run build` first; the bin/g6 cases use dist/)
// A failure prints fast-check's counterexample and the seed and path that replay it.
'use strict';
const { spawnSync } = require('node:child_process');
const { join } = require('node:path');

const scale = process.argv[2] ?? '20';
const seed = process.argv[3] ?? String(Date.now() % 2 ** 31);
console.log(`fuzz: scale ${scale}, seed ${seed} (replay: node bench/fuzz.js ${scale} ${seed})`);
const root = join(__dirname, '..');
const res = spawnSync(process.execPath, [join(root, 'node_modules', 'jest', 'bin', 'jest.js'), 'test/fuzz', '--testTimeout', '3600000'], {
  cwd: root,
  stdio: 'inherit',
  env: { ...process.env, G6_FUZZ_SCALE: scale, G6_FUZZ_SEED: seed },
});
process.exitCode = res.status ?? 1;
