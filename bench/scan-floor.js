#!/usr/bin/env node
// The floor under check-live / ci-gate --metrics-file: node's start, reading FILE and scanning it
// with g6's exposition scanner as the command does (`count`: as check-live, else as ci-gate),
// without the CLI. Runs the compiled scanner (npm run build first).
// Usage: node bench/scan-floor.js FILE [count]
'use strict';
const { readFileSync } = require('node:fs');
const { join } = require('node:path');
const { parseExposition } = require(join(__dirname, '..', 'dist', 'src', 'gate', 'exposition.js'));

const count = process.argv[3] === 'count';
const keep = count ? new Set() : new Set(['g6_pipeline_parity_rolling_avg', 'g6_pipeline_index_fatal_total', 'g6_pipeline_index_recoverable_total']);
const expo = parseExposition(readFileSync(process.argv[2], 'utf8'), { keep, count });
process.exitCode = expo.issues.length > 0 ? 1 : 0;
