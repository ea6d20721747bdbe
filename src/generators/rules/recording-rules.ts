/**
 * Recording rules from the spec: per-metric conventions (rates, quantiles, ratios, top5) in
 * family groups, then the spec's declared derived rules. Pure.
 */
import type { Artifact } from '../../core/artifacts';
import { generatedHeader } from '../../output/serialize';
import { DEFAULT_PATHS, RULE_GROUP_INTERVAL, ruleGroupNames, ruleNames } from '../../model/conventions';
import type { MetricSpec, Model } from '../../model/types';
import { ruleFileArtifact, type RecordingRule, type RuleFile, type RuleGroup } from '../../rules/rule-file';

export interface RecordingRulesOptions {
  /** Record names already defined elsewhere (`--existing` files); they are skipped and reported. */
  existing?: ReadonlySet<string>;
}

export interface SkippedRule {
  record: string;
  reason: 'existing' | 'duplicate';
}

export interface RecordingRulesResult {
  file: RuleFile;
  /** Rules not emitted, in generation order. */
  skipped: SkippedRule[];
  /** Number of emitted rules. */
  count: number;
}

/**
 * Floor of the 5m/30m ratio's denominator: 0.001, or the histogram's first bucket bound when that
 * is smaller — a latency histogram in seconds with microsecond buckets would otherwise compare
 * every p95 with 1 ms and never see a regression.
 */
export function ratioDenominatorFloor(metric: MetricSpec): number {
  const first = metric.buckets[0];
  return first !== undefined && first > 0 && first < 0.001 ? first : 0.001;
}

const histogramQuantile = (q: number, metric: string, window: string, by: readonly string[]): string =>
  `histogram_quantile(${q}, sum by (${['le', ...by].join(', ')}) (rate(${metric}_bucket[${window}])))`;

/**
 * The conventional rules of one metric, in the order of `ruleNamesForMetric`: counters
 * `:rate_5m` (labelled) and `:total_rate_5m`; histograms p95/p99 5m, p95 30m and the 5m/30m
 * ratio, then the same per `quantile_labels` entry; labelled gauges `:top5`.
 */
export function conventionalRules(metric: MetricSpec): RecordingRule[] {
  const m = metric.name;
  switch (metric.type) {
    case 'counter': {
      const rules: RecordingRule[] = [];
      if (metric.labels.length > 0) rules.push({ record: ruleNames.rate5m(m), expr: `sum by (${metric.labels.join(', ')}) (rate(${m}[5m]))` });
      rules.push({ record: ruleNames.totalRate5m(m), expr: `sum(rate(${m}[5m]))` });
      return rules;
    }
    case 'histogram': {
      const rules: RecordingRule[] = [];
      for (const by of [undefined, ...metric.quantileLabels]) {
        const keep = by ? [by] : [];
        const p95_5m = ruleNames.quantile(m, 'p95', '5m', by);
        const p95_30m = ruleNames.quantile(m, 'p95', '30m', by);
        rules.push(
          { record: p95_5m, expr: histogramQuantile(0.95, m, '5m', keep) },
          { record: ruleNames.quantile(m, 'p99', '5m', by), expr: histogramQuantile(0.99, m, '5m', keep) },
          { record: p95_30m, expr: histogramQuantile(0.95, m, '30m', keep) },
          { record: ruleNames.p95Ratio(m, by), expr: `${p95_5m} / clamp_min(${p95_30m}, ${ratioDenominatorFloor(metric)})` },
        );
      }
      return rules;
    }
    case 'gauge':
      return metric.labels.length > 0 ? [{ record: ruleNames.top5(m), expr: `topk(5, ${m})` }] : [];
  }
}

/**
 * Build the recording-rule file: one group per family (spec order), then `g6_derived.rules` with
 * the spec's declared rules. A record name is emitted at most once; names in `existing` are
 * skipped. Deterministic for a given model.
 */
export function generateRecordingRules(model: Model, options: RecordingRulesOptions = {}): RecordingRulesResult {
  const existing = options.existing ?? new Set<string>();
  if (existing.size > 0) return buildRecordingRules(model, existing);
  let result = withoutExisting.get(model);
  if (!result) {
    result = buildRecordingRules(model, existing);
    withoutExisting.set(model, result);
  }
  return result;
}

/** Results without `existing` names, per model: the rule steps of one run share them (callers must not mutate a result). */
const withoutExisting = new WeakMap<Model, RecordingRulesResult>();

function buildRecordingRules(model: Model, existing: ReadonlySet<string>): RecordingRulesResult {
  const seen = new Set<string>();
  const skipped: SkippedRule[] = [];
  const groups: RuleGroup[] = [];
  let count = 0;
  const admit = (rule: RecordingRule, into: RecordingRule[]): void => {
    if (existing.has(rule.record)) skipped.push({ record: rule.record, reason: 'existing' });
    else if (seen.has(rule.record)) skipped.push({ record: rule.record, reason: 'duplicate' });
    else {
      seen.add(rule.record);
      into.push(rule);
      count++;
    }
  };
  for (const family of model.families) {
    const rules: RecordingRule[] = [];
    for (const metric of family.metrics) for (const rule of conventionalRules(metric)) admit(rule, rules);
    if (rules.length) groups.push({ name: ruleGroupNames.recording(family.name), interval: RULE_GROUP_INTERVAL, rules });
  }
  const derived: RecordingRule[] = [];
  for (const d of model.recordingRules) {
    admit({ record: d.record, expr: d.expr, ...(Object.keys(d.labels).length ? { labels: d.labels } : {}) }, derived);
  }
  if (derived.length) groups.push({ name: ruleGroupNames.derived, interval: RULE_GROUP_INTERVAL, rules: derived });
  return { file: { groups }, skipped, count };
}

/** The rendered file as an artifact at `path` (default rules/recording_rules.yml). */
export function renderRecordingRules(model: Model, result: RecordingRulesResult, path: string = DEFAULT_PATHS.recordingRules): Artifact {
  return ruleFileArtifact(path, result.file, generatedHeader('gen-recording-rules', model.specHash));
}
