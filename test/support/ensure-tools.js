#!/usr/bin/env node
// Makes sure the real servers and tools the tests run against are installed: promtool and
// prometheus, prometheus-node-exporter, clickhouse-server, nats-server. Installs the missing Debian packages when we are
// root; otherwise fails with the command to run. Tests never skip for a missing tool.
'use strict';
const { execFileSync, spawnSync } = require('node:child_process');

/** Debian package → the commands it provides; the package's own service is stopped after install. */
const PACKAGES = [
  { name: 'prometheus', commands: ['promtool', 'prometheus'] },
  { name: 'prometheus-node-exporter', commands: ['prometheus-node-exporter'] },
  { name: 'clickhouse-server', commands: ['clickhouse-server'] },
  { name: 'nats-server', commands: ['nats-server'] },
];

const has = (cmd) => spawnSync('sh', ['-c', `command -v ${cmd}`], { stdio: 'ignore' }).status === 0;
const missing = PACKAGES.filter((p) => !p.commands.every(has));
if (missing.length === 0) process.exit(0);
const names = missing.map((p) => p.name).join(' ');
const INSTALL = `apt-get update && apt-get install -y ${names}`;
const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
if (!isRoot || !has('apt-get')) {
  process.stderr.write(`${missing.flatMap((p) => p.commands).join(', ')} not found; install them first: ${INSTALL}\n`);
  process.exit(1);
}
process.stderr.write(`installing ${names}: ${INSTALL}\n`);
try {
  execFileSync('sh', ['-c', `apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq ${names}`], { stdio: 'inherit' });
  // the packages start system services on some hosts; tests start their own servers
  for (const p of missing) spawnSync('sh', ['-c', `service ${p.name} stop || systemctl stop ${p.name}`], { stdio: 'ignore' });
} catch {
  process.stderr.write(`failed to install ${names}; run: ${INSTALL}\n`);
  process.exit(1);
}
const still = missing.filter((p) => !p.commands.every(has));
if (still.length > 0) {
  process.stderr.write(`${still.map((p) => p.name).join(' ')} still missing after install; run: ${INSTALL}\n`);
  process.exit(1);
}
