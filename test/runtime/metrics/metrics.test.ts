/** Metrics plumbing: cardinality guard, pre-initialisation, emission failures, batcher conservation. */
import { Registry, Counter } from 'prom-client';
import { createG6Metrics, type MetricDefinition } from '../../../src/runtime/metrics/accessors';
import { EmissionBatcher, type BatcherOptions } from '../../../src/runtime/metrics/batcher';
import { GuardedMetricFactory } from '../../../src/runtime/metrics/registry';
import { bindGovernanceMetrics } from '../../../src/runtime/metrics/runtime-metrics';
import { createRng } from '../../../src/runtime/market/rng';
import { metricSum } from '../helpers';

function def(name: string, patch: Partial<MetricDefinition> = {}): MetricDefinition {
  return { name, type: 'counter', help: name, family: 'pipeline', labels: ['k'], cardinalityBudget: 2, buckets: [], labelValues: {}, ...patch };
}

function wired(): { factory: GuardedMetricFactory; warnings: string[] } {
  const warnings: string[] = [];
  const factory = new GuardedMetricFactory({ warn: (w) => warnings.push(w) });
  bindGovernanceMetrics(factory, createG6Metrics(factory));
  return { factory, warnings };
}

describe('cardinality guard', () => {
  it('drops label sets beyond the budget, counts them and warns once per metric', async () => {
    const { factory, warnings } = wired();
    const c = factory.counter<{ k: string }>(def('test_guard_total'));
    for (const k of ['a', 'b', 'c', 'd', 'a']) c.inc({ k });
    expect(await metricSum(factory, 'test_guard_total')).toBe(3);
    expect(await metricSum(factory, 'test_guard_total', { k: 'c' })).toBe(0);
    expect(await metricSum(factory, 'g6_cardinality_guard_dropped_total', { metric: 'test_guard_total' })).toBe(2);
    expect(await metricSum(factory, 'g6_cardinality_series', { metric: 'test_guard_total' })).toBe(2);
    expect(await metricSum(factory, 'g6_cardinality_guard_offenders')).toBe(1);
    expect(warnings.filter((w) => w.includes('test_guard_total'))).toHaveLength(1);
  });

  it('pre-initialises every declared label combination at zero', async () => {
    const { factory } = wired();
    factory.counter(def('test_pre_total', { labels: ['a', 'b'], cardinalityBudget: 10, labelValues: { a: ['x', 'y'], b: ['1', '2', '3'] } }));
    const json = await factory.registry.getMetricsAsJSON();
    expect(json.find((m) => m.name === 'test_pre_total')?.values).toHaveLength(6);
  });

  it('counts a duplicate registration and reuses the first metric', async () => {
    const { factory } = wired();
    const a = factory.counter<{ k: string }>(def('test_dup_total'));
    const b = factory.counter<{ k: string }>(def('test_dup_total'));
    a.inc({ k: 'x' });
    b.inc({ k: 'x' });
    expect(await metricSum(factory, 'test_dup_total')).toBe(2);
    expect(await metricSum(factory, 'g6_metric_duplicates_total', { name: 'test_dup_total' })).toBe(1);
  });

  it('counts emission failures instead of throwing into the caller', async () => {
    const { factory } = wired();
    const c = factory.counter<{ k: string }>(def('test_fail_total'));
    expect(() => c.inc({ k: 'x' }, -1)).not.toThrow();
    expect(() => c.inc({ wrong: 'x' } as unknown as { k: string })).not.toThrow();
    expect(await metricSum(factory, 'g6_emission_failures_total', { emitter: 'pipeline' })).toBe(2);
  });

  it("counts an emission failure under its family's emitter, and under governance for a family without one", async () => {
    const { factory } = wired();
    factory.counter<{ k: string }>(def('test_sse_fail_total', { family: 'sse' })).inc({ k: 'x' }, -1);
    factory.counter<{ k: string }>(def('test_other_fail_total', { family: 'no_such_family' })).inc({ k: 'x' }, -1);
    expect(await metricSum(factory, 'g6_emission_failures_total', { emitter: 'sse' })).toBe(1);
    expect(await metricSum(factory, 'g6_emission_failures_total', { emitter: 'governance' })).toBe(1);
    expect(await metricSum(factory, 'g6_emission_failures_total')).toBe(2);
  });
});

describe('emission batcher', () => {
  const base: BatcherOptions = {
    flushIntervalMs: 5,
    maxQueue: 40,
    maxDrainPerFlush: 7,
    targetIntervalMs: 20,
    minSize: 3,
    maxSize: 50,
    underUtilThreshold: 0.3,
    underUtilConsec: 2,
    idleDecayAlpha: 0.6,
    maxWaitMs: 10,
  };

  it('conserves every increment under concurrent producers, timer flushes, partial drains and overflow', async () => {
    const registry = new Registry();
    const counter = new Counter({ name: 'test_batched_total', help: 'h', labelNames: ['k'], registers: [registry] });
    const sink = { inc: (labels: { k: string }, v = 1) => counter.inc(labels, v) };
    const batcher = new EmissionBatcher(base);
    batcher.start();
    const wrapped = batcher.wrap(sink);
    const rng = createRng(42);
    const expected = new Map<string, number>();
    const producer = async (id: number): Promise<void> => {
      for (let i = 0; i < 400; i++) {
        const k = `k${rng.int(0, 60)}`;
        const v = rng.int(1, 3);
        wrapped.inc({ k }, v);
        expected.set(k, (expected.get(k) ?? 0) + v);
        if (i % (7 + id) === 0) await new Promise((r) => setTimeout(r, rng.int(0, 3)));
        if (i % 97 === 0) batcher.flush('manual');
      }
    };
    await Promise.all([0, 1, 2, 3, 4, 5].map(producer));
    batcher.close();
    wrapped.inc({ k: 'after_close' }, 5);
    expected.set('after_close', 5);
    const json = await registry.getMetricsAsJSON();
    const got = new Map((json[0]?.values ?? []).map((v) => [String(v.labels.k), v.value]));
    expect(got).toEqual(expected);
    expect(batcher.totals.applied).toBe(batcher.totals.accepted);
    expect(batcher.totals.flushes).toBeGreaterThan(1);
  });

  it('keeps entries beyond one drain queued (no drain loss)', () => {
    let now = 0;
    const applied: number[] = [];
    const b = new EmissionBatcher({ ...base, minSize: 1000, maxSize: 1000, maxWaitMs: 1e9, maxDrainPerFlush: 4, now: () => now });
    const sink = { inc: (_l: unknown, v = 1) => applied.push(v) };
    for (let i = 0; i < 10; i++) b.add(sink, { i }, 1);
    now += 100;
    const s = b.flush();
    expect(s.applied).toBe(4);
    expect(s.remaining).toBe(6);
    b.drain();
    expect(applied.reduce((a, v) => a + v, 0)).toBe(10);
  });

  it('shrinks the target after consecutive under-utilised flushes and decays while idle', () => {
    let now = 0;
    const b = new EmissionBatcher({ ...base, minSize: 10, maxSize: 1000, targetIntervalMs: 1000, maxWaitMs: 1e9, now: () => now });
    const sink = { inc: () => undefined };
    // a busy period: 500 distinct keys per second
    for (let i = 0; i < 500; i++) b.add(sink, { i }, 1);
    now += 1000;
    b.flush();
    const busy = b.currentTarget;
    expect(busy).toBeGreaterThan(10);
    // idle flushes with one key each: utilisation far below 0.3 → target shrinks towards min
    for (let i = 0; i < 6; i++) {
      b.add(sink, { idle: i }, 1);
      now += 1000;
      b.flush();
    }
    expect(b.currentTarget).toBeLessThan(busy);
    expect(b.currentTarget).toBeGreaterThanOrEqual(10);
  });

  it('flushes an entry that waited longer than maxWaitMs on the next increment', () => {
    let now = 0;
    const seen: number[] = [];
    const b = new EmissionBatcher({ ...base, minSize: 1000, maxSize: 1000, maxWaitMs: 50, now: () => now });
    const sink = { inc: (_l: unknown, v = 1) => seen.push(v) };
    b.add(sink, { a: 1 }, 2);
    now = 10;
    b.add(sink, { a: 2 }, 3);
    expect(seen).toEqual([]);
    now = 60;
    b.add(sink, { a: 3 }, 4);
    expect(seen.reduce((a, v) => a + v, 0)).toBe(9);
  });
});
