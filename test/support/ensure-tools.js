#!/usr/bin/env node
// Makes sure the real processes the tests run against (promtool, prometheus, node exporter) are
// installed. Installs Debian's `prometheus` and `prometheus-node-exporter` packages when missing and we are root; otherwise fails with
// the command to run. Tests never skip for a missing tool.
'use strict';
const { execFileSync, spawnSync } = require('node:child_process');

const has = (cmd) => spawnSync('sh', ['-c', `command -v ${cmd}`], { stdio: 'ignore' }).status === 0;
const PACKAGES = 'prometheus prometheus-node-exporter';
const INSTALL = `apt-get update && apt-get install -y ${PACKAGES}`;
const present = () => has('promtool') && has('prometheus') && has('prometheus-node-exporter');

if (present()) process.exit(0);
const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
if (!isRoot || !has('apt-get')) {
  process.stderr.write(`promtool/prometheus/prometheus-node-exporter not found; install them first: ${INSTALL}\n`);
  process.exit(1);
}
process.stderr.write(`installing ${PACKAGES}: ${INSTALL}\n`);
try {
  execFileSync('sh', ['-c', `apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq ${PACKAGES}`], { stdio: 'inherit' });
  // the package starts a system service on some hosts; tests start their own servers
  spawnSync('sh', ['-c', '(service prometheus stop || systemctl stop prometheus); (service prometheus-node-exporter stop || systemctl stop prometheus-node-exporter)'], { stdio: 'ignore' });
} catch {
  process.stderr.write(`failed to install ${PACKAGES}; run: ${INSTALL}\n`);
  process.exit(1);
}
if (!present()) {
  process.stderr.write(`${PACKAGES} still missing after install; run: ${INSTALL}\n`);
  process.exit(1);
}
