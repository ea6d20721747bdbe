/** The one table of how PromQL functions and aggregations pass labels from arguments to result. */

/** How a function passes labels on. */
export type FunctionLabels =
  /** The labels of its vector argument (rate, abs, clamp_min, sort_by_label, … and any function not listed). */
  | 'keep'
  /** A scalar: time(), pi(), scalar(). */
  | 'scalar'
  /** One series without labels: vector(s). */
  | 'no-labels'
  /** Its vector argument's labels minus `le`: histogram_quantile over classic buckets. */
  | 'drop-le'
  /** Labels that depend on label or sample values: label_replace, label_join, absent, absent_over_time, info. */
  | 'value-dependent';

/** How an aggregation passes labels on. */
export type AggregationLabels =
  /** `by`/`without` decide (sum, avg, max, quantile, … and any aggregation not listed). */
  | 'group'
  /** It selects series and keeps every label: topk, bottomk, limitk, limit_ratio. */
  | 'select'
  /** The grouping plus the label its first argument names, valued by samples: count_values. */
  | 'count-values';

const FUNCTIONS = new Map<string, FunctionLabels>([
  ['absent', 'value-dependent'],
  ['absent_over_time', 'value-dependent'],
  ['histogram_quantile', 'drop-le'],
  ['info', 'value-dependent'],
  ['label_join', 'value-dependent'],
  ['label_replace', 'value-dependent'],
  ['pi', 'scalar'],
  ['scalar', 'scalar'],
  ['time', 'scalar'],
  ['vector', 'no-labels'],
]);

const AGGREGATIONS = new Map<string, AggregationLabels>([
  ['bottomk', 'select'],
  ['count_values', 'count-values'],
  ['limit_ratio', 'select'],
  ['limitk', 'select'],
  ['topk', 'select'],
]);

/** Label behaviour of a function, by lower-case name. */
export function functionLabels(name: string): FunctionLabels {
  return FUNCTIONS.get(name) ?? 'keep';
}

/** Label behaviour of an aggregation operator, by lower-case name. */
export function aggregationLabels(name: string): AggregationLabels {
  return AGGREGATIONS.get(name) ?? 'group';
}
