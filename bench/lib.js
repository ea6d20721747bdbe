// Shared helpers for the benchmarks: wall-time medians of whole commands beside `node -e 0`.
'use strict';
const { spawnSync } = require('node:child_process');
const { join } = require('node:path');

const ROOT = join(__dirname, '..');
const G6 = join(ROOT, 'bin', 'g6');
/** node reading an exposition file and scanning it as g6 does, without the CLI: the floor under check-live and ci-gate. */
const SCAN_FLOOR = join(__dirname, 'scan-floor.js');

/** Median and minimum wall time (ms) of running `argv` `runs` times, and the last run's exit status and stderr. */
function timeCommand(argv, { runs = 9, cwd = ROOT, env = process.env } = {}) {
  const times = [];
  let last;
  for (let i = 0; i < runs; i++) {
    const t0 = process.hrtime.bigint();
    last = spawnSync(argv[0], argv.slice(1), { cwd, env, encoding: 'utf8', maxBuffer: 1 << 28 });
    times.push(Number(process.hrtime.bigint() - t0) / 1e6);
  }
  // status is reported by row() when non-zero
  return { medianMs: median(times), minMs: Math.min(...times), status: last.status, stderr: last.stderr };
}

/**
 * CPU time (user + system, ms) and wall time of one run of `argv` with `stdinFile` (relative to
 * `cwd`) as its input, as bash's `time` reports them, and its exit status.
 */
function cpuTime(argv, { cwd = ROOT, stdinFile = '/dev/null' } = {}) {
  const script = 'TIMEFORMAT="%3R %3U %3S"; time "$@" <"$BENCH_STDIN_FILE" >/dev/null 2>&1';
  const r = spawnSync('bash', ['-c', script, 'bash', ...argv], { cwd, env: { ...process.env, BENCH_STDIN_FILE: stdinFile }, encoding: 'utf8' });
  const [real, user, sys] = r.stderr.trim().split('\n').pop().split(' ').map(Number);
  return { cpuMs: (user + sys) * 1000, wallMs: real * 1000, status: r.status };
}

/** Median of numbers (the mean of the two middle values for an even count). */
function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}

const node0 = () => timeCommand([process.execPath, '-e', '0']);
const g6 = (args, opts) => timeCommand([process.execPath, G6, ...args], opts);

function row(label, r, baseline) {
  const ratio = baseline ? ` ratio ${(r.medianMs / baseline.medianMs).toFixed(2)}x` : '';
  return `${label.padEnd(58)} median ${r.medianMs.toFixed(1).padStart(7)} ms${ratio}${r.status ? ` (exit ${r.status})` : ''}`;
}

/** Every check of the shipped spec, as `g6` arguments: what bench/checks.js and bench/instructions.js measure. */
const CHECKS = [
  ['validate-spec'],
  ['gen-metrics', '--check'],
  ['gen-dashboards', '--verify'],
  ['gen-recording-rules', '--check'],
  ['gen-alerts', '--check'],
  ['gen-alert-suggestions', '--check'],
  ['gen-rules-catalog', '--check'],
  ['audit-quantiles'],
  ['validate-coverage'],
  ['verify'],
];

module.exports = { CHECKS, ROOT, G6, SCAN_FLOOR, timeCommand, cpuTime, median, node0, g6, row };
