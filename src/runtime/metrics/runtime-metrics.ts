/**
 * Builds the runtime's metrics: the guarded prom-client factory, the generated accessors bound
 * to it, governance wiring, provenance gauges and the emission batcher for high-rate counters.
 */
import type { RuntimeConfig } from '../config';
import { createG6Metrics, METRIC_DEFINITIONS, SPEC_HASH, type EmitterLabel, type G6Metrics } from './accessors';
import { EmissionBatcher } from './batcher';
import { GuardedMetricFactory } from './registry';

/** Emitting component of each spec family (the `emitter` label of g6_emission_failures_total). */
const FAMILY_EMITTER: Readonly<Record<string, EmitterLabel>> = {
  provider: 'provider',
  provider_mode: 'provider',
  system: 'pipeline',
  pipeline: 'pipeline',
  staleness: 'pipeline',
  parity: 'parity',
  bench: 'bench',
  option_chain: 'option_chain',
  governance: 'governance',
  emission: 'governance',
  bus: 'bus',
  stream: 'bus',
  sse: 'sse',
  column_store: 'column_store',
  panels: 'panels',
};

/** Counters incremented many times per cycle; they go through the batcher when it is enabled. */
const BATCHED = [
  'providerRequestsTotal',
  'pipelinePhaseAttemptsTotal',
  'pipelinePhaseRetriesTotal',
  'pipelinePhaseErrorRecordsTotal',
  'busEventsPublishedTotal',
  'streamAppendsTotal',
  'panelDiffWritesTotal',
  'panelDiffBytesTotal',
  'panelFullBytesTotal',
] as const satisfies readonly (keyof G6Metrics)[];

export interface RuntimeMetrics {
  /** Accessors; high-rate counters are routed through the batcher. */
  metrics: G6Metrics;
  batcher: EmissionBatcher | null;
  /**
   * Exposition text (drains the batcher first, so a scrape sees every increment). Rendered at most
   * once per registry change: scrapes in between, concurrent ones included, share that text.
   */
  scrape(): Promise<string>;
  contentType: string;
  close(): void;
}

export interface RuntimeMetricsOptions {
  version: string;
  commit: string;
  configHash: string;
  warn(message: string): void;
}

/**
 * Feed `factory`'s governance events into the governance metrics `g` (created by that factory): an
 * emission failure is counted under the emitter of the failing metric's family ('governance' for a
 * family without one).
 */
export function bindGovernanceMetrics(factory: GuardedMetricFactory, g: G6Metrics): void {
  factory.bindGovernance({
    seriesGauge: (metric, n) => g.cardinalitySeries.set({ metric }, n),
    dropped: (metric) => g.cardinalityGuardDroppedTotal.inc({ metric }),
    offenders: (n) => g.cardinalityGuardOffenders.set({}, n),
    duplicate: (name) => g.metricDuplicatesTotal.inc({ name }),
    emissionFailure: (_metric, family) => g.emissionFailuresTotal.inc({ emitter: FAMILY_EMITTER[family] ?? 'governance' }),
  });
}

/** Create and wire the runtime metrics for `config`. */
export function createRuntimeMetrics(config: RuntimeConfig, opts: RuntimeMetricsOptions): RuntimeMetrics {
  const factory = new GuardedMetricFactory({ warn: opts.warn });
  const raw = createG6Metrics(factory);
  bindGovernanceMetrics(factory, raw);
  // the governance counters are keyed by metric name: start every spec metric at 0 so their
  // rate panels show "nothing dropped" instead of "no data" until the first event
  for (const name of Object.keys(METRIC_DEFINITIONS)) {
    raw.cardinalityGuardDroppedTotal.inc({ metric: name }, 0);
    raw.metricDuplicatesTotal.inc({ name }, 0);
  }
  // optionChain.aggregates off (G6_OPTION_CHAIN_AGG_DISABLED=1 earlier): the family is not exported at all
  if (!config.optionChain.aggregates) for (const d of Object.values(METRIC_DEFINITIONS)) if (d.family === 'option_chain') factory.registry.removeSingleMetric(d.name);
  raw.metricsSpecHashInfo.set({ hash: SPEC_HASH }, 1);
  raw.buildConfigHashInfo.set({ hash: opts.configHash }, 1);
  raw.buildInfo.set({ version: opts.version, commit: opts.commit }, 1);
  // the batcher never drops (a full queue applies directly), so the ratio is 0 by construction
  raw.metricsBatchDroppedRatio.set({}, 0);

  let batcher: EmissionBatcher | null = null;
  let metrics: G6Metrics = raw;
  if (config.batch.enabled) {
    const b = new EmissionBatcher(config.batch, {
      onFlush: (s) => {
        raw.metricsBatchFlushDurationSeconds.observe({}, s.durationMs / 1000);
        raw.metricsBatchAdaptiveTarget.set({}, s.target);
        raw.metricsBatchAdaptiveUtilization.set({}, s.utilization);
        raw.metricsBatchQueueDepth.set({}, s.remaining);
      },
    });
    raw.metricsBatchAdaptiveTarget.set({}, b.currentTarget);
    const view: Record<string, unknown> = { ...raw };
    for (const name of BATCHED) view[name] = b.wrap(raw[name] as never);
    metrics = view as unknown as G6Metrics;
    b.start();
    batcher = b;
  }
  /** The newest render, keyed by the registry's change count when it started. */
  let rendered: { changes: number; text: Promise<string> } | null = null;
  return {
    metrics,
    batcher,
    contentType: factory.registry.contentType,
    async scrape() {
      // a drain that applies anything also sets the queue depth (its last flush reports 0 remaining)
      batcher?.drain('manual');
      const changes = factory.changes;
      if (rendered?.changes !== changes) {
        const text = factory.registry.metrics();
        const mine = { changes, text };
        rendered = mine;
        // a failed render is not served to later scrapes (a change during a render moves the count, so its text is not either)
        text.catch(() => {
          if (rendered === mine) rendered = null;
        });
      }
      return rendered.text;
    },
    close() {
      batcher?.close();
    },
  };
}
