/** Rolling window state, the synthetic pair generator and the weight study. */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { COMPONENT_NAMES } from '../../src/parity/components';
import { loadRollingState, pushRollingScore, saveRollingState } from '../../src/parity/rolling';
import { validateSnapshotSummary } from '../../src/parity/snapshot';
import { percentile, studyWeights } from '../../src/parity/study';
import { createPrng, generateSyntheticPairs } from '../../src/parity/synthetic';
import { parseWeights } from '../../src/parity/weights';
import { parsePairArgument } from '../../src/parity/pairs';

describe('rolling window', () => {
  it('keeps the newest N scores and averages them', () => {
    let state;
    const avgs: number[] = [];
    for (const s of [1, 0.5, 0.8, 0.2]) {
      const r = pushRollingScore(state, s, 3);
      state = r.state;
      avgs.push(r.summary.avg);
    }
    expect(state!.scores).toEqual([0.5, 0.8, 0.2]);
    expect(avgs).toEqual([1, 0.75, 0.766667, 0.5]);
  });

  it('persists through a file and refuses a corrupt one', () => {
    const dir = mkdtempSync(join(tmpdir(), 'g6-rolling-'));
    try {
      const file = join(dir, 'state.json');
      expect(loadRollingState(file)).toBeUndefined();
      saveRollingState(file, pushRollingScore(undefined, 0.9, 5).state);
      expect(loadRollingState(file)).toEqual({ schema_version: 1, window: 5, scores: [0.9] });
      writeFileSync(file, '{"scores": "nope"}');
      expect(() => loadRollingState(file)).toThrow(/not a g6 rolling state/);
      expect(readFileSync(file, 'utf8')).toBe('{"scores": "nope"}');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('synthetic pairs', () => {
  it('are deterministic per seed and valid snapshots', () => {
    const a = generateSyntheticPairs(5, 42, { noise: 0.1 });
    expect(generateSyntheticPairs(5, 42, { noise: 0.1 })).toEqual(a);
    expect(generateSyntheticPairs(5, 43, { noise: 0.1 })).not.toEqual(a);
    for (const [x, y] of a) {
      expect(validateSnapshotSummary(x)).toEqual([]);
      expect(validateSnapshotSummary(y)).toEqual([]);
    }
  });

  it('prng stays in [0, 1)', () => {
    const r = createPrng(1);
    for (let i = 0; i < 1000; i++) {
      const x = r();
      expect(x).toBeGreaterThanOrEqual(0);
      expect(x).toBeLessThan(1);
    }
  });
});

describe('weight study', () => {
  const pairs = generateSyntheticPairs(60, 7, { noise: 0.1 });

  it.each(['signal', 'inverse-var'] as const)('%s emits normalised weights in the scorer format', (method) => {
    const study = studyWeights(pairs, method, 'synthetic');
    const parsed = parseWeights(study.weight_plan.weights, COMPONENT_NAMES);
    const sum = Object.values(parsed).reduce((s, w) => s + w, 0);
    expect(sum).toBeCloseTo(1, 4);
    expect(parsed).toEqual(study.weight_plan.normalized);
    expect(study.components.alerts.count).toBeGreaterThan(0);
  });

  it('inverse-var favours the steadier component, signal the one that consistently diverges', () => {
    const inv = studyWeights(pairs, 'inverse-var', 'synthetic').components;
    const steady = [...COMPONENT_NAMES].filter((c) => inv[c].count > 0).sort((a, b) => inv[a].std! - inv[b].std!);
    const w = studyWeights(pairs, 'inverse-var', 'synthetic').weight_plan.raw;
    expect(w[steady[0]!]!).toBeGreaterThanOrEqual(w[steady[steady.length - 1]!]!);
  });

  it('percentiles interpolate linearly', () => {
    expect(percentile([0, 10], 0.5)).toBe(5);
    expect(percentile([1, 2, 3, 4, 5], 0.9)).toBeCloseTo(4.6, 10);
  });

  it('pair arguments split at the colon between two paths', () => {
    expect(parsePairArgument('a/base.json:b/cand.json')).toEqual(['a/base.json', 'b/cand.json']);
    expect(parsePairArgument('C:/x/base.json:C:/x/cand.json')).toEqual(['C:/x/base.json', 'C:/x/cand.json']);
    expect(() => parsePairArgument('only.json')).toThrow(/BASELINE/);
  });
});
