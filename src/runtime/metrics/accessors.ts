/** The runtime's only door to the metric spec: the generated accessors (generated/metrics.ts), re-exported. */
export {
  METRIC_DEFINITIONS,
  SPEC_HASH,
  createG6Metrics,
  type CounterMetric,
  type G6Metrics,
  type GaugeMetric,
  type HistogramMetric,
  type MetricDefinition,
  type MetricFactory,
  type MetricType,
  type NoLabels,
} from '../../../generated/metrics';
import type { G6Metrics } from '../../../generated/metrics';

/** Index label value type of the per-index metrics (the spec declares the five default indices). */
export type IndexLabel = Parameters<G6Metrics['pipelineIndexFatalTotal']['inc']>[0]['index'];
/** Panel label value type. */
export type PanelLabel = Parameters<G6Metrics['panelFullBytesTotal']['inc']>[0]['panel'];
/** Emitter label value type of g6_emission_failures_total. */
export type EmitterLabel = Parameters<G6Metrics['emissionFailuresTotal']['inc']>[0]['emitter'];
