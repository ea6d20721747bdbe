/** Shared fixtures for runtime tests: a small config, a pipeline over a fresh metrics registry. */
import { defaultRuntimeConfig, type RuntimeConfig } from '../../src/runtime/config';
import { createRng, hashSeed } from '../../src/runtime/market/rng';
import { createG6Metrics } from '../../src/runtime/metrics/accessors';
import { GuardedMetricFactory } from '../../src/runtime/metrics/registry';
import type { CycleDeps } from '../../src/runtime/pipeline/cycle';
import { simulatedMarketFor } from '../../src/runtime/providers/sim';
import { createNullSink, type StorageSink } from '../../src/runtime/storage/sink';

/** 2025-11-03 09:30 IST, a Monday: four distinct expiries per index. */
export const T0 = Date.parse('2025-11-03T04:00:00Z');

export function testConfig(patch: (c: RuntimeConfig) => void = () => undefined): RuntimeConfig {
  const c = defaultRuntimeConfig();
  c.retry = { maxAttempts: 3, baseMs: 1, jitterMs: 1, capMs: 5 };
  c.phaseTimeoutMs = 200;
  c.faults.timeoutDelayMs = 400;
  for (const i of c.indices) {
    i.strikesItm = 5;
    i.strikesOtm = 5;
  }
  patch(c);
  return c;
}

export function pipelineDeps(config: RuntimeConfig, sink: StorageSink = createNullSink()): { deps: CycleDeps; factory: GuardedMetricFactory } {
  const factory = new GuardedMetricFactory({ warn: () => undefined });
  const metrics = createG6Metrics(factory);
  const provider = simulatedMarketFor(config, { stepSeconds: 30 });
  return { deps: { config, provider, sink, metrics, rng: createRng(hashSeed(config.seed, 'jitter')), sleep: (ms) => new Promise((r) => setTimeout(r, ms)) }, factory };
}

/** Sum of all samples of a metric (counter or gauge) in a registry, optionally filtered by a label. */
export async function metricSum(factory: GuardedMetricFactory, name: string, where: Record<string, string> = {}): Promise<number> {
  const json = await factory.registry.getMetricsAsJSON();
  const base = name.replace(/_(count|sum|bucket)$/, '');
  const metric = json.find((m) => m.name === name) ?? json.find((m) => m.name === base && String(m.type) === 'histogram');
  if (!metric) throw new Error(`metric ${name} not registered`);
  return (metric.values as { value: number; labels: Record<string, string | number>; metricName?: string }[])
    .filter((v) => v.metricName === undefined || v.metricName === name)
    .filter((v) => Object.entries(where).every(([k, val]) => String(v.labels[k]) === val))
    .reduce((a, v) => a + v.value, 0);
}
