#!/usr/bin/env node
// Makes sure the real consumers the tests run against (promtool, prometheus) are installed.
// Installs Debian's `prometheus` package when missing and we are root; otherwise fails with
// the command to run. Tests never skip for a missing tool.
'use strict';
const { execFileSync, spawnSync } = require('node:child_process');

const has = (cmd) => spawnSync('sh', ['-c', `command -v ${cmd}`], { stdio: 'ignore' }).status === 0;
const INSTALL = 'apt-get update && apt-get install -y prometheus';

if (has('promtool') && has('prometheus')) process.exit(0);
const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
if (!isRoot || !has('apt-get')) {
  process.stderr.write(`promtool/prometheus not found; install them first: ${INSTALL}\n`);
  process.exit(1);
}
process.stderr.write(`installing promtool and prometheus: ${INSTALL}\n`);
try {
  execFileSync('sh', ['-c', 'apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq prometheus'], { stdio: 'inherit' });
  // the package starts a system service on some hosts; tests start their own servers
  spawnSync('sh', ['-c', 'service prometheus stop || systemctl stop prometheus || pkill -x prometheus'], { stdio: 'ignore' });
} catch {
  process.stderr.write(`failed to install prometheus; run: ${INSTALL}\n`);
  process.exit(1);
}
if (!has('promtool') || !has('prometheus')) {
  process.stderr.write(`promtool/prometheus still missing after install; run: ${INSTALL}\n`);
  process.exit(1);
}
