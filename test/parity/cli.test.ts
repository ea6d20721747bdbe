/** `g6 parity-snapshot` and `g6 parity-weights` through the real bin/g6. */
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runG6, tempWorkspace } from '../support/cli';
import { makeIndex, makeSnapshot } from './fixtures';

let ws: { dir: string; cleanup(): void };
const EPOCH = { SOURCE_DATE_EPOCH: '1761557400' };

beforeAll(() => {
  ws = tempWorkspace();
  writeFileSync(join(ws.dir, 'base.json'), JSON.stringify(makeSnapshot()));
  const cand = makeSnapshot(['NIFTY', 'BANKNIFTY', 'FINNIFTY', 'MIDCPNIFTY'].map((n) => makeIndex(n)), { expiry_empty: 2 });
  writeFileSync(join(ws.dir, 'cand.json'), JSON.stringify(cand));
  writeFileSync(join(ws.dir, 'broken.json'), '{"schema_version": 1,');
  const bad = makeSnapshot() as unknown as { indices: Array<Record<string, unknown>> };
  bad.indices[2]!.status = 'FINE';
  writeFileSync(join(ws.dir, 'bad.json'), JSON.stringify(bad));
});
afterAll(() => ws.cleanup());

const g6 = (args: string[]) => runG6(args, { cwd: ws.dir, env: EPOCH });

describe('g6 parity-snapshot', () => {
  it('prints {generated_at, parity, rolling, alerts} with the injected clock', () => {
    const r = g6(['parity-snapshot', '--baseline', 'base.json', '--candidate', 'cand.json']);
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout);
    expect(Object.keys(doc)).toEqual(['generated_at', 'parity', 'rolling', 'alerts']);
    expect(doc.generated_at).toBe('2025-10-27T09:30:00.000Z');
    expect(doc.parity.components.index_count).toBe(0.8);
    expect(doc.parity.score).toBeGreaterThan(0);
    expect(doc.parity.score).toBeLessThan(1);
    expect(doc.alerts.categories.low_field_coverage).toEqual({ baseline: 2, candidate: 0, delta: -2 });
    expect(doc.rolling).toEqual({ window: 1, avg: doc.parity.score, count: 1 });
    expect(r.stdout.split('\n')).toHaveLength(2); // compact: one line and the trailing newline
  });

  it('is byte-identical across runs and indents with --pretty', () => {
    const a = g6(['parity-snapshot', '--baseline', 'base.json', '--candidate', 'cand.json', '--pretty']);
    const b = g6(['parity-snapshot', '--baseline', 'base.json', '--candidate', 'cand.json', '--pretty']);
    expect(a.stdout).toBe(b.stdout);
    expect(a.stdout).toContain('\n  "parity": {');
  });

  it('--version-only prints {generated_at, schema_version, score}', () => {
    const r = g6(['parity-snapshot', '--baseline', 'base.json', '--candidate', 'base.json', '--version-only']);
    expect(JSON.parse(r.stdout)).toEqual({ generated_at: '2025-10-27T09:30:00.000Z', schema_version: 1, score: 1 });
  });

  it('keeps a rolling window across invocations in the state file', () => {
    const args = ['parity-snapshot', '--baseline', 'base.json', '--rolling-window', '2', '--state', 'roll/state.json'];
    const s1 = JSON.parse(g6([...args, '--candidate', 'base.json']).stdout).rolling;
    const s2 = JSON.parse(g6([...args, '--candidate', 'cand.json']).stdout);
    const s3 = JSON.parse(g6([...args, '--candidate', 'cand.json']).stdout);
    expect(s1).toEqual({ window: 2, avg: 1, count: 1 });
    expect(s2.rolling.count).toBe(2);
    expect(s2.rolling.avg).toBeCloseTo((1 + s2.parity.score) / 2, 5);
    expect(s3.rolling.avg).toBeCloseTo(s3.parity.score, 6);
    expect(readdirSync(join(ws.dir, 'roll'))).toEqual(['state.json']); // no temp files left behind
  });

  it('--output writes the file and nothing on stdout', () => {
    const r = g6(['parity-snapshot', '--baseline', 'base.json', '--candidate', 'cand.json', '--output', 'out/p.json']);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('');
    expect(JSON.parse(readFileSync(join(ws.dir, 'out/p.json'), 'utf8')).generated_at).toBe('2025-10-27T09:30:00.000Z');
  });

  it('weights change the score and are renormalised', () => {
    const plain = JSON.parse(g6(['parity-snapshot', '--baseline', 'base.json', '--candidate', 'cand.json']).stdout).parity;
    const w = JSON.parse(g6(['parity-snapshot', '--baseline', 'base.json', '--candidate', 'cand.json', '--weights', 'alerts:5']).stdout).parity;
    expect(w.score).not.toBe(plain.score);
    expect(w.weights.alerts).toBeCloseTo(0.5, 6);
  });

  it.each([
    [['--candidate', 'missing.json'], /missing\.json: cannot read snapshot: file not found/],
    [['--candidate', 'broken.json'], /broken\.json:1:22: invalid JSON: unexpected end of file; expected a property name in double quotes/],
    [['--candidate', 'bad.json'], /bad\.json: \/indices\/2\/status: must be equal to one of the allowed values/],
  ])('exits 3 on bad input %j', (extra, message) => {
    const r = g6(['parity-snapshot', '--baseline', 'base.json', ...extra]);
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(message);
    expect(r.stdout).toBe('');
    expect(r.stderr).not.toMatch(/at .*\.js:\d+/);
  });

  it.each([
    [['--weights', 'alerts=1']],
    [['--weights', 'nonsense:1']],
    [['--weights', '']],
    [['--alert-weights', ' ']],
    [['--rolling-window', '3']],
    [['--rolling-window', '0', '--state', 's.json']],
    [[]],
  ])('exits 2 on bad usage %j', (extra) => {
    const base = extra.length === 0 ? ['parity-snapshot', '--baseline', 'base.json'] : ['parity-snapshot', '--baseline', 'base.json', '--candidate', 'cand.json'];
    const r = g6([...base, ...extra]);
    expect(r.code).toBe(2);
    expect(existsSync(join(ws.dir, 's.json'))).toBe(false);
  });
});

describe('g6 parity-weights', () => {
  it('emits weights that parity-snapshot --weights accepts and that change the weighting', () => {
    const r = g6(['parity-weights', '--synthetic', '40', '--seed', '11', '--method', 'inverse-var']);
    expect(r.code).toBe(0);
    const study = JSON.parse(r.stdout);
    expect(study.components.alerts).toEqual(expect.objectContaining({ count: expect.any(Number), mean: expect.any(Number), std: expect.any(Number), p50: expect.any(Number), p90: expect.any(Number), p95: expect.any(Number) }));
    const weights: string = study.weight_plan.weights;
    expect(weights).toMatch(/^[a-z_]+:[0-9.]+(,[a-z_]+:[0-9.]+)*$/);
    const applied = g6(['parity-snapshot', '--baseline', 'base.json', '--candidate', 'cand.json', '--weights', weights]);
    expect(applied.code).toBe(0);
    const parity = JSON.parse(applied.stdout).parity;
    const equal = JSON.parse(g6(['parity-snapshot', '--baseline', 'base.json', '--candidate', 'cand.json']).stdout).parity;
    expect(parity.weights).not.toEqual(equal.weights);
    for (const [c, w] of Object.entries(study.weight_plan.normalized)) expect(parity.weights[c]).toBeCloseTo(w as number, 5);
  });

  it('is deterministic for a seed', () => {
    const a = g6(['parity-weights', '--synthetic', '20', '--seed', '3']);
    const b = g6(['parity-weights', '--synthetic', '20', '--seed', '3']);
    expect(a.stdout).toBe(b.stdout);
  });

  it('pairs files in a directory and explicit --pairs', () => {
    mkdirSync(join(ws.dir, 'pairs'), { recursive: true });
    writeFileSync(join(ws.dir, 'pairs/c1.baseline.json'), readFileSync(join(ws.dir, 'base.json')));
    writeFileSync(join(ws.dir, 'pairs/c1.candidate.json'), readFileSync(join(ws.dir, 'cand.json')));
    const r = g6(['parity-weights', '--dir', 'pairs', '--pairs', 'base.json:base.json']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).source).toEqual({ mode: 'pairs+dir', pairs: 2 });
  });

  it.each([
    [['parity-weights'], 2],
    [['parity-weights', '--synthetic', '5'], 2],
    [['parity-weights', '--dir', 'nowhere'], 3],
    [['parity-weights', '--pairs', 'base.json:broken.json'], 3],
  ])('%j exits %i', (args, code) => {
    expect(g6(args).code).toBe(code);
  });
});
