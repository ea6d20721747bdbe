/** Rolling window state, the synthetic pair generator and the weight study. */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { COMPONENT_NAMES } from '../../src/parity/components';
import { averageLast, loadRollingState, pushRollingScore, saveRollingState } from '../../src/parity/rolling';
import { validateSnapshotSummary } from '../../src/parity/snapshot';
import { percentile, STUDY_METHODS, studyWeights } from '../../src/parity/study';
import { createPrng, generateSyntheticPairs } from '../../src/parity/synthetic';
import { parseWeights } from '../../src/parity/weights';
import { parsePairArgument } from '../../src/parity/pairs';
import { Command } from 'commander';
import { registerParityWeights } from '../../src/cli/commands/parity-weights';
import type { SnapshotSummary } from '../../src/parity/snapshot';
import { makeIndex, makeSnapshot } from './fixtures';

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

  it('averages the newest N scores of a list, rounded to 6 decimals; NaN when empty', () => {
    expect(averageLast([1, 0.5, 0.8, 0.2], 3)).toBe(0.5);
    expect(averageLast([0.5, 0.8, 0.2], 3)).toBe(0.5);
    expect(averageLast([1, 0.5, 0.8], 3)).toBe(0.766667);
    expect(averageLast([0.9], 5)).toBe(0.9);
    expect(averageLast([], 5)).toBeNaN();
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

  it('inverse-var weighs the steadiest component at least as much as the noisiest', () => {
    const inv = studyWeights(pairs, 'inverse-var', 'synthetic');
    const steady = [...COMPONENT_NAMES].filter((c) => inv.components[c].count > 0).sort((a, b) => inv.components[a].std! - inv.components[b].std!);
    const w = inv.weight_plan.raw;
    expect(inv.components[steady[0]!].std!).toBeLessThan(inv.components[steady[steady.length - 1]!].std!);
    expect(w[steady[0]!]!).toBeGreaterThanOrEqual(w[steady[steady.length - 1]!]!);
  });

  describe('on pairs where alerts always diverge by the same amount and strike coverage is noisy', () => {
    // alerts: 2 vs 1 expiry_empty in every pair, so always 0.5; strike_coverage: 1 and 0.5 in turn;
    // every other component is always 1
    const base = makeSnapshot(undefined, { expiry_empty: 2 });
    const shaped: Array<readonly [SnapshotSummary, SnapshotSummary]> = Array.from({ length: 10 }, (_, k) => {
      const coverage = k % 2 === 0 ? 1 : 0.5;
      const cand = makeSnapshot(base.indices.map((i) => makeIndex(i.index, { coverage })), { expiry_empty: 1 });
      return [base, cand] as const;
    });
    const signal = studyWeights(shaped, 'signal', 'shaped');
    const inverse = studyWeights(shaped, 'inverse-var', 'shaped');

    it('the components are what the scenario says', () => {
      expect(signal.components.alerts).toMatchObject({ count: 10, mean: 0.5, std: 0 });
      expect(signal.components.strike_coverage).toMatchObject({ count: 10, mean: 0.75, std: 0.25 });
      expect(signal.components.index_count).toMatchObject({ count: 10, mean: 1, std: 0 });
      expect(inverse.components).toEqual(signal.components);
    });

    it('signal favours the component that consistently diverges over an identical and a noisy one', () => {
      const w = signal.weight_plan.normalized;
      for (const c of COMPONENT_NAMES.filter((n) => n !== 'alerts')) expect(w.alerts!).toBeGreaterThan(w[c]!);
      expect(w.alerts!).toBeGreaterThan(0.5);
    });

    it('inverse-var does not tell consistent divergence from identity, and discounts the noisy one', () => {
      const w = inverse.weight_plan.normalized;
      expect(w.alerts).toBe(w.index_count);
      expect(w.strike_coverage!).toBeLessThan(w.index_count! / 100);
    });
  });

  it('parity-weights --method offers exactly the study methods, signal by default', () => {
    const cmd = registerParityWeights(new Command(), { io: {} as never, exitCode: 0 });
    const method = cmd.options.find((o) => o.long === '--method')!;
    expect(method.argChoices).toEqual([...STUDY_METHODS]);
    expect(method.defaultValue).toBe('signal');
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
