// Shared helpers for the benchmarks: wall-time medians of whole commands beside `node -e 0`.
'use strict';
const { spawnSync } = require('node:child_process');
const { rmSync } = require('node:fs');
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

/**
 * Median CPU ms of `g6 args…` against `promtool check metrics` on `file` (in `cwd`), beside
 * `node -e 0` and the scan floor (`bench/scan-floor.js file …floorArgs`), runs interleaved so a
 * noisy machine slows all alike. promtool may exit 3 (lint findings); 1 is a parse error.
 */
function cpuVersusPromtool(args, file, floorArgs, { cwd, runs }) {
  const all = { g6: [], promtool: [], node: [], floor: [] };
  const run = (key, argv, opts) => {
    const r = cpuTime(argv, opts);
    if (r.status !== 0 && !(key === 'promtool' && r.status === 3)) throw new Error(`${argv.slice(0, 3).join(' ')} exited ${r.status}`);
    all[key].push(r.cpuMs);
  };
  for (let i = 0; i < runs; i++) {
    run('g6', [process.execPath, G6, ...args], { cwd });
    run('promtool', ['promtool', 'check', 'metrics'], { cwd, stdinFile: file });
    run('node', [process.execPath, '-e', '0']);
    run('floor', [process.execPath, SCAN_FLOOR, file, ...floorArgs], { cwd });
  }
  return { g6: median(all.g6), promtool: median(all.promtool), node: median(all.node), floor: median(all.floor) };
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

/**
 * The cold floor of a check that must read the whole spec: a node script that loads the bundle
 * as bin/g6 does (through its V8 code cache, without running a command), then the two parsers a
 * spec check cannot do without, bundled and code-cached the same way (bench/floor-entry.js, built
 * by {@link floorBundle}): js-yaml with g6's schema on spec/metrics.yml and the official PromQL
 * grammar on every panel, alert and recording-rule expression. It prints the in-process
 * milliseconds of the two parses as JSON. Nothing else g6 does is counted. Run with cwd = ROOT.
 */
const FLOOR_SCRIPT = `
const fs = require('fs'), vm = require('vm'), Module = require('module'), path = require('path');
const load = (file) => {
  const cache = file + '.cache';
  const cachedData = fs.existsSync(cache) ? fs.readFileSync(cache) : undefined;
  const script = new vm.Script(Module.wrap(fs.readFileSync(file, 'utf8')), { filename: path.resolve(file), cachedData });
  const m = new Module(file, module);
  m.paths = Module._nodeModulePaths(path.resolve('dist'));
  script.runInThisContext().call(m.exports, m.exports, (id) => m.require(id), m, file, 'dist');
  return { exports: m.exports, script, cache, cached: cachedData !== undefined };
};
load('dist/g6.js');
const floor = load('dist/bench-floor.js');
const { yaml, parser } = floor.exports;
const text = fs.readFileSync('spec/metrics.yml', 'utf8');
const schema = yaml.CORE_SCHEMA.extend({ implicit: [yaml.types.merge] });
let t = process.hrtime.bigint();
const doc = yaml.load(text, { schema });
const yamlMs = Number(process.hrtime.bigint() - t) / 1e6;
const exprs = (doc.recording_rules || []).map((r) => r.expr);
for (const family of Object.values(doc.families)) for (const m of family.metrics) {
  for (const p of m.panels || []) exprs.push(p.promql.replace(/\\$\\{?\\w+\\}?/g, (v, i, s) => (s.lastIndexOf('[', i) > s.lastIndexOf(']', i) ? '5m' : 'x')));
  for (const a of m.alerts || []) exprs.push(a.expr);
}
t = process.hrtime.bigint();
for (const e of exprs) parser.parse(e);
if (!floor.cached) fs.writeFileSync(floor.cache, floor.script.createCachedData());
console.log(JSON.stringify({ yamlMs, promqlMs: Number(process.hrtime.bigint() - t) / 1e6, expressions: exprs.length }));
`;

/**
 * Build dist/bench-floor.js (the parsers, bundled as npm run build bundles g6) and write its code
 * cache with one run under `nodeFlags` (V8 rejects a cache written under other flags).
 */
function floorBundle(nodeFlags = []) {
  const esbuild = join(ROOT, 'node_modules', '.bin', 'esbuild');
  const built = spawnSync(esbuild, [join(__dirname, 'floor-entry.js'), '--bundle', '--platform=node', '--target=node20', '--format=cjs', '--minify-whitespace', '--minify-syntax', `--outfile=${join(ROOT, 'dist', 'bench-floor.js')}`, '--log-level=warning'], { encoding: 'utf8' });
  if (built.status !== 0) throw new Error(`bench: esbuild of the floor bundle failed: ${built.stderr}`);
  rmSync(join(ROOT, 'dist', 'bench-floor.js.cache'), { force: true });
  spawnSync(process.execPath, [...nodeFlags, '-e', FLOOR_SCRIPT], { cwd: ROOT });
}

module.exports = { CHECKS, FLOOR_SCRIPT, floorBundle, ROOT, G6, SCAN_FLOOR, timeCommand, cpuTime, cpuVersusPromtool, median, node0, g6, row };
