/** Conventions: the names every tool must agree on, derived from a metric the same way everywhere. */
import {
  accessorName,
  conventionalRuleNames,
  dashboardUid,
  exposedSeriesNames,
  pascalCase,
  ruleNames,
  ruleNamesForMetric,
  selectableSeriesNames,
  suggestionAlertNames,
} from '../../src/model/conventions';
import type { MetricSpec, Model } from '../../src/model/types';
import { buildModel } from '../../src/spec/build-model';

const metric = (type: MetricSpec['type'], name: string, labels: string[] = [], quantileLabels: string[] = []): MetricSpec => ({
  name,
  type,
  help: 'h',
  labels,
  cardinalityBudget: 10,
  buckets: type === 'histogram' ? [1, 2] : [],
  labelValues: {},
  quantileLabels,
  panels: [],
  alerts: [],
  noPanel: true,
  renamedFrom: [],
  family: 'f',
  pointer: '/families/f/metrics/0',
});

describe('ruleNamesForMetric', () => {
  it.each([
    ['an unlabelled counter has only its total rate', metric('counter', 'g6_x_total'), ['g6_x_total:total_rate_5m']],
    ['a labelled counter has its per-series rate, then its total rate', metric('counter', 'g6_x_total', ['t']), ['g6_x_total:rate_5m', 'g6_x_total:total_rate_5m']],
    ['an unlabelled gauge has no rule', metric('gauge', 'g6_g'), []],
    ['a labelled gauge has its top 5', metric('gauge', 'g6_g', ['t']), ['g6_g:top5']],
    [
      'a histogram has p95 5m, p99 5m, p95 30m and the p95 ratio',
      metric('histogram', 'g6_h_seconds'),
      ['g6_h_seconds:p95_5m', 'g6_h_seconds:p99_5m', 'g6_h_seconds:p95_30m', 'g6_h_seconds:p95_ratio_5m_30m'],
    ],
    [
      'a histogram repeats the four per quantile label, after the unsplit ones',
      metric('histogram', 'g6_h_seconds', ['t'], ['t']),
      [
        'g6_h_seconds:p95_5m',
        'g6_h_seconds:p99_5m',
        'g6_h_seconds:p95_30m',
        'g6_h_seconds:p95_ratio_5m_30m',
        'g6_h_seconds:p95_5m_by_t',
        'g6_h_seconds:p99_5m_by_t',
        'g6_h_seconds:p95_30m_by_t',
        'g6_h_seconds:p95_ratio_5m_30m_by_t',
      ],
    ],
  ])('%s', (_name, m, expected) => {
    expect(ruleNamesForMetric(m)).toEqual(expected);
  });
});

describe('exposedSeriesNames', () => {
  it.each([
    ['a counter exposes its own name', metric('counter', 'g6_x_total'), ['g6_x_total']],
    ['a gauge exposes its own name', metric('gauge', 'g6_g'), ['g6_g']],
    ['a histogram exposes only _bucket, _sum and _count', metric('histogram', 'g6_h_seconds'), ['g6_h_seconds_bucket', 'g6_h_seconds_sum', 'g6_h_seconds_count']],
  ])('%s', (_name, m, expected) => {
    expect(exposedSeriesNames(m)).toEqual(expected);
  });
});

describe('names over a whole model', () => {
  const spec = {
    version: 1,
    families: {
      f: {
        owner: 'o',
        metrics: [
          { name: 'g6_x_total', type: 'counter', help: 'h', labels: [], cardinality_budget: 1, no_panel: true },
          { name: 'g6_h_seconds', type: 'histogram', help: 'h', labels: [], cardinality_budget: 1, buckets: [1], no_panel: true },
        ],
      },
    },
    recording_rules: [{ record: 'g6:x_ratio', expr: 'vector(1)' }],
  };
  const model: Model = buildModel(spec, 'spec.yml');

  it('conventionalRuleNames lists every convention rule, then the declared derived rules', () => {
    expect([...conventionalRuleNames(model)]).toEqual([
      'g6_x_total:total_rate_5m',
      'g6_h_seconds:p95_5m',
      'g6_h_seconds:p99_5m',
      'g6_h_seconds:p95_30m',
      'g6_h_seconds:p95_ratio_5m_30m',
      'g6:x_ratio',
    ]);
  });

  it.each([
    ['a counter', 'g6_x_total', true],
    ['a histogram series', 'g6_h_seconds_bucket', true],
    ['a convention rule', 'g6_h_seconds:p99_5m', true],
    ['a derived rule', 'g6:x_ratio', true],
    ['a Prometheus built-in', 'ALERTS', true],
    ['the bare histogram name, never exposed', 'g6_h_seconds', false],
    ['a name the spec does not declare', 'g6_other_total', false],
  ])('selectableSeriesNames: %s (%s) selectable = %s', (_name, series, selectable) => {
    expect(selectableSeriesNames(model).has(series)).toBe(selectable);
  });
});

describe('name builders', () => {
  it.each([
    ['dashboardUid prefixes the slug with g6-', dashboardUid('bus_health'), 'g6-bus_health'],
    ['quantile without a split label', ruleNames.quantile('m', 'p95', '5m'), 'm:p95_5m'],
    ['quantile with a split label', ruleNames.quantile('m', 'p99', '30m', 'table'), 'm:p99_30m_by_table'],
    ['p95 ratio with a split label', ruleNames.p95Ratio('m', 'table'), 'm:p95_ratio_5m_30m_by_table'],
    ['backlog ETA', ruleNames.backlogEtaMinutes('g6_queue'), 'g6_queue:eta_minutes'],
    ['backlog burn rate', ruleNames.backlogBurnPerSecond('g6_queue'), 'g6_queue:burn_rows_per_s'],
    ['pascalCase splits on underscores and colons', pascalCase('g6_bus_latency:p95_5m'), 'G6BusLatencyP955m'],
    ['pascalCase ignores repeated separators', pascalCase('a__b::c'), 'ABC'],
    ['p95 regression alert name', suggestionAlertNames.p95Regression('g6_bus_latency_seconds', 'Warning'), 'G6BusLatencySecondsP95RegressionWarning'],
    ['success-ratio alert name', suggestionAlertNames.successRatioLow('G6StoreSuccess', 'Critical'), 'G6StoreSuccessLowCritical'],
    ['backlog ETA alert name', suggestionAlertNames.backlogEtaHigh('G6Queue', 'Warning'), 'G6QueueEtaHighWarning'],
    ['backlog stall alert name', suggestionAlertNames.backlogStall('G6Queue', 'Critical'), 'G6QueueStallCritical'],
    ['accessorName drops g6_ and camel-cases', accessorName('g6_pipeline_cycles_total'), 'pipelineCyclesTotal'],
    ['accessorName keeps a name without g6_', accessorName('process_cpu_seconds'), 'processCpuSeconds'],
    ['accessorName lower-cases a leading capital', accessorName('Up_time'), 'upTime'],
  ])('%s', (_name, got, expected) => {
    expect(got).toBe(expected);
  });
});
