#!/usr/bin/env node
// Cold figures of every check on the shipped spec beside `node -e 0`, in one run: wall-time
// median over N runs and its ratio to `node -e 0`. Nothing is cached across processes (the V8
// code cache of the bundle aside, which holds compiled code, never results). Run after
// `npm run build`; `node bench/checks.js [runs]`.
'use strict';
const { CHECKS, node0, g6, row } = require('./lib');

const runs = Number(process.argv[2] ?? 9);
const base = node0();
console.log(row('node -e 0', base));
for (const args of CHECKS) {
  const target = args[0] === 'verify' ? 3 : 2.2;
  console.log(`${row(`g6 ${args.join(' ')}, cold`, g6(args, { runs }), base)}  (target <= ${target}x)`);
}
